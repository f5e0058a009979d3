package dev.gatehouse.internal.handshake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A {@link RequestView} built in a test: headers (case-insensitive, repeatable) and query parameters. */
public final class FakeRequest implements RequestView {
    private final Map<String, List<String>> headers = new HashMap<>();
    private final Map<String, String> query = new HashMap<>();

    /** {@return a request without headers or parameters} */
    public static FakeRequest request() {
        return new FakeRequest();
    }

    /** {@return this request with one more header value} */
    public FakeRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    /** {@return this request with a query parameter} */
    public FakeRequest query(String name, String value) {
        query.put(name, value);
        return this;
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }

    @Override
    public Map<String, List<String>> allHeaders() {
        return headers;
    }

    @Override
    public Map<String, List<String>> allQueryParameters() {
        Map<String, List<String>> all = new HashMap<>();
        query.forEach((name, value) -> all.put(name, List.of(value)));
        return all;
    }
}
