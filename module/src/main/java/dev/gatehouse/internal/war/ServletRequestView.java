package dev.gatehouse.internal.war;

import dev.gatehouse.internal.handshake.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link RequestView} over a servlet request. */
final class ServletRequestView implements RequestView {
    private final HttpServletRequest request;

    ServletRequestView(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public List<String> headers(String name) {
        return Collections.list(request.getHeaders(name));
    }

    @Override
    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(request.getParameter(name));
    }

    @Override
    public Map<String, List<String>> allHeaders() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            all.put(name, headers(name));
        }
        return all;
    }

    @Override
    public Map<String, List<String>> allQueryParameters() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> all.put(name, List.of(values)));
        return all;
    }

    @Override
    public Optional<String> remoteAddress() {
        return Optional.ofNullable(request.getRemoteAddr());
    }
}
