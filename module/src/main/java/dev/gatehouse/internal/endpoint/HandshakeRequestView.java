package dev.gatehouse.internal.endpoint;

import dev.gatehouse.internal.handshake.RequestView;
import jakarta.websocket.server.HandshakeRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link RequestView} over the Jakarta {@link HandshakeRequest}, which does not tell the remote address. */
public final class HandshakeRequestView implements RequestView {
    private final HandshakeRequest request;

    /** A view of the request. */
    public HandshakeRequestView(HandshakeRequest request) {
        this.request = request;
    }

    @Override
    public List<String> headers(String name) {
        Map<String, List<String>> headers = request.getHeaders();
        List<String> values = headers.get(name);
        if (values != null) {
            return values;
        }
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return List.of();
    }

    @Override
    public Map<String, List<String>> allHeaders() {
        return request.getHeaders();
    }

    @Override
    public Map<String, List<String>> allQueryParameters() {
        return request.getParameterMap();
    }

    @Override
    public Optional<String> queryParameter(String name) {
        List<String> values = request.getParameterMap().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
