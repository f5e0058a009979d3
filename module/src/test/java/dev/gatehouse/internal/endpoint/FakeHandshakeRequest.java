package dev.gatehouse.internal.endpoint;

import jakarta.websocket.server.HandshakeRequest;
import java.net.URI;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link HandshakeRequest} of headers and query parameters; the rest is never read by Gatehouse. */
public final class FakeHandshakeRequest implements HandshakeRequest {
    private final Map<String, List<String>> headers = new HashMap<>();
    private final Map<String, List<String>> parameters = new HashMap<>();

    /** Adds a header, as the container spells it. */
    public FakeHandshakeRequest header(String name, String value) {
        headers.put(name, List.of(value));
        return this;
    }

    @Override
    public Map<String, List<String>> getHeaders() {
        return headers;
    }

    @Override
    public Map<String, List<String>> getParameterMap() {
        return parameters;
    }

    @Override
    public Principal getUserPrincipal() {
        throw new UnsupportedOperationException();
    }

    @Override
    public URI getRequestURI() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isUserInRole(String role) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Object getHttpSession() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getQueryString() {
        throw new UnsupportedOperationException();
    }
}
