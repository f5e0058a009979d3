package dev.gatehouse.internal.war;

import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.handshake.Refusal;
import dev.gatehouse.internal.lifecycle.Handoffs;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.spi.Verification;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Refuses a bad upgrade request on a Gatehouse endpoint path with a real HTTP response before the
 * WebSocket container sees it: status, {@code WWW-Authenticate}, JSON body, {@code Connection: close}.
 * That includes an upgrade request sent with frames behind it in the same write, which the
 * container has already read.
 * Neither Tyrus (Payara) nor Undertow (WildFly) can do that from a configurator (PLATFORM-FACTS.md).
 *
 * <p>An accepted request's verdict is handed to the configurator ({@link Handoffs}), which both
 * servers call on this thread within {@code chain.doFilter}, so that a token is verified once per
 * upgrade: an application's verifier is not called a second time, nor waited for a second time on
 * a request thread. This thread waits for an application's verifier only as
 * {@link dev.gatehouse.internal.handshake.HandshakeGate#check} allows ({@code gatehouse.auth.waiting-threads}).
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

    /** A WAR's connections need nothing when they open: their reads are the server's. */
    private static final Consumer<ManagedConnection> NOTHING_ON_OPEN = c -> { };

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
        long start = System.nanoTime();
        Verification verification = r.gate().check(new ServletRequestView(request));
        Optional<Refusal> refusal = r.admit(verification, start);
        if (refusal.isPresent()) {
            refuse(response, refusal.get());
            return;
        }
        Handoffs handoffs = r.handoffs();
        String key = request.getHeader("Sec-WebSocket-Key");
        if (key != null) { // without one the server refuses the upgrade itself
            handoffs.hand(key, new Handoffs.Entry(verification, NOTHING_ON_OPEN));
        }
        try {
            chain.doFilter(request, response);
        } finally {
            handoffs.clear(); // not taken: the server did not upgrade, or called the configurator elsewhere
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
