package dev.gatehouse.internal.war;

import dev.gatehouse.internal.handshake.Refusal;
import dev.gatehouse.internal.GatehouseRuntime;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Refuses a bad upgrade request on a Gatehouse endpoint path with a real HTTP response before the
 * WebSocket container sees it: status, {@code WWW-Authenticate}, JSON body, {@code Connection: close}.
 * That includes an upgrade request sent with frames behind it in the same write, which the
 * container has already read.
 * Neither Tyrus (Payara) nor Undertow (WildFly) can do that from a configurator (PLATFORM-FACTS.md).
 */
final class HandshakeServletFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /**
     * The answer to bytes read with the upgrade request, behind its head (PROTOCOL.md §1.5): frames
     * sent before the 101. Payara would open the WebSocket with data already waiting, and Tyrus'
     * upgrade handler, told of that data while it is still being set up, would wait for itself
     * forever on the container's thread. (Undertow keeps such bytes for the WebSocket, out of the
     * request, so on WildFly they are answered.)
     */
    private static final Refusal FRAMES_BEFORE_THE_ANSWER = Refusal.malformed(400, "BAD_HANDSHAKE",
            "Frames were sent before the answer to the upgrade; send them after 101 Switching Protocols", Map.of());

    private final transient Supplier<GatehouseRuntime> runtime;

    HandshakeServletFilter(Supplier<GatehouseRuntime> runtime) {
        this.runtime = runtime;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        GatehouseRuntime r = runtime.get();
        if (request.getInputStream().available() > 0) {
            refuse(response, r.refused(FRAMES_BEFORE_THE_ANSWER, System.nanoTime()));
            return;
        }
        if (r.config().handshakeMode() == dev.gatehouse.GatehouseConfig.HandshakeMode.DIAGNOSTIC) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Refusal> refusal = r.admit(new ServletRequestView(request));
        if (refusal.isPresent()) {
            refuse(response, refusal.get());
        } else {
            chain.doFilter(request, response);
        }
    }

    private static void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
        byte[] body = refusal.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(refusal.status());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.setHeader("Connection", "close");
        refusal.headers().forEach(response::setHeader);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
