package dev.gatehouse.internal.handshake;

import dev.gatehouse.VerifiedToken;
import dev.gatehouse.spi.UpgradeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an {@link dev.gatehouse.spi.UpgradeCheck} sees: a copy of the request taken on the request's
 * thread before the gate answers (the container recycles the request after that, and a check that
 * has not answered by the time limit may still read), with the verified token. Immutable.
 */
final class RequestCopy {
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, List<String>> query;
    private final Optional<String> remoteAddress;

    RequestCopy(RequestView request) {
        request.allHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        headers.replaceAll((name, values) -> List.copyOf(values));
        this.query = Map.copyOf(request.allQueryParameters());
        this.remoteAddress = request.remoteAddress();
    }

    /** The request as the checks see it, with the verified token. */
    UpgradeRequest with(VerifiedToken token) {
        return new UpgradeRequest() {
            @Override
            public VerifiedToken token() {
                return token;
            }

            @Override
            public Optional<String> remoteAddress() {
                return remoteAddress;
            }

            @Override
            public List<String> headers(String name) {
                return headers.getOrDefault(name, List.of());
            }

            @Override
            public Optional<String> queryParameter(String name) {
                List<String> values = query.get(name);
                return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
            }
        };
    }
}
