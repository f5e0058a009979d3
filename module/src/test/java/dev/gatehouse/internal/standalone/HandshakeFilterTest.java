package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.RuntimeBuilder;
import dev.gatehouse.internal.lifecycle.Handoffs;
import dev.gatehouse.spi.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The handshake filter alone in a Grizzly chain (transport, HTTP codec, the filter, a recorder in
 * Tyrus' place), over a real socket: what it refuses and how, and what it passes on to Tyrus.
 */
class HandshakeFilterTest {
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    private final BlockingQueue<HttpRequestPacket> passed = new LinkedBlockingQueue<>();
    /** What the recorder, in Tyrus' place, took from the handoffs in the request's pass (or NONE). */
    private final BlockingQueue<Object> handedInPass = new LinkedBlockingQueue<>();
    private static final Object NONE = new Object();
    private final List<Socket> sockets = new java.util.ArrayList<>();
    private GatehouseRuntime runtime;
    private TCPNIOTransport transport;
    private int port;

    @SuppressWarnings("deprecation") // Grizzly 4 has only deprecated HttpServerFilter constructors, and no builder yet
    private void start(GatehouseConfig config) throws IOException {
        runtime = new RuntimeBuilder().config(config).tokenVerifier(token -> token.equals("good")
                ? Verification.accepted(new VerifiedToken("alice", Instant.now().plusSeconds(3600), Set.of(), Map.of()))
                : Verification.rejected(ErrorCode.INVALID_TOKEN, "no")).build();
        runtime.start();
        FilterChainBuilder chain = FilterChainBuilder.stateless()
                .add(new TransportFilter())
                .add(new HttpServerFilter())
                .add(new HandshakeFilter(runtime, "/ws", List.of("/other/{x}")))
                .add(new BaseFilter() {
                    @Override
                    public NextAction handleRead(FilterChainContext ctx) {
                        HttpContent content = ctx.getMessage();
                        if (content.getHttpHeader().isRequest()) {
                            HttpRequestPacket request = (HttpRequestPacket) content.getHttpHeader();
                            Object handed = runtime.handoffs().take(request.getHeader("Sec-WebSocket-Key"));
                            handedInPass.add(handed == null ? NONE : handed);
                            passed.add(request);
                        }
                        return ctx.getStopAction();
                    }
                });
        transport = TCPNIOTransportBuilder.newInstance().setProcessor(chain.build()).build();
        port = ((java.net.InetSocketAddress) transport.bind("127.0.0.1", 0).getLocalAddress()).getPort();
        transport.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        transport.shutdownNow();
        runtime.shutdown(Duration.ZERO);
    }

    private GatehouseConfig.Builder config() {
        return GatehouseConfig.builder();
    }

    @Test
    void acceptedUpgradeIsPassedOnWithTheCanonicalPathAndItsVerdictHandedToTyrusInTheSamePass() throws Exception {
        start(config().build());
        write("GET /%77s;x=1 HTTP/1.1\r\nHost: x\r\n" + UPGRADE + "Authorization: Bearer good\r\n\r\n");
        HttpRequestPacket request = passed.poll(5, TimeUnit.SECONDS);
        assertNotNull(request, "passed on to Tyrus");
        assertEquals("/ws", request.getRequestURI());
        Handoffs.Entry entry = assertInstanceOf(Handoffs.Entry.class, handedInPass.poll(5, TimeUnit.SECONDS));
        assertTrue(entry.verification().isAccepted());
    }

    @Test
    void acceptedUpgradeReachesTyrusWithoutTheTokenOrHeadersTyrusDoesNotRead() throws Exception {
        start(config().queryParamToken(true).build());
        write("GET /ws?access_token=good&x=1 HTTP/1.1\r\nHost: x\r\n" + UPGRADE + "Origin: https://app\r\n"
                + "Sec-WebSocket-Protocol: gatehouse.v1, bearer.abc.def.ghi\r\nAuthorization: Bearer good\r\n"
                + "Cookie: session=s3cret\r\nUser-Agent: test\r\n\r\n");
        HttpRequestPacket request = passed.poll(5, TimeUnit.SECONDS);
        assertNotNull(request, "passed on to Tyrus");
        assertNull(request.getHeader("Authorization"));
        assertNull(request.getHeader("Cookie"));
        assertNull(request.getHeader("User-Agent"));
        assertNull(request.getQueryString());
        assertEquals("gatehouse.v1", request.getHeader("Sec-WebSocket-Protocol"));
        assertEquals("https://app", request.getHeader("Origin"));
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", request.getHeader("Sec-WebSocket-Key"));
        assertEquals("websocket", request.getHeader("Upgrade"));
    }

    @Test
    void upgradeOfferingOnlyATokenEntryReachesTyrusWithNoSubprotocols() throws Exception {
        start(config().build());
        // bearer.<base64url of the token "good">
        write("GET /ws HTTP/1.1\r\nHost: x\r\n" + UPGRADE + "Sec-WebSocket-Protocol: bearer.Z29vZA\r\n\r\n");
        HttpRequestPacket request = passed.poll(5, TimeUnit.SECONDS);
        assertNotNull(request, "passed on to Tyrus");
        assertNull(request.getHeader("Sec-WebSocket-Protocol"));
    }

    @Test
    void refusedTokenIsAnsweredByTheFilterAndNothingReachesTyrus() throws Exception {
        start(config().build());
        String answer = send("GET /ws HTTP/1.1\r\nHost: x\r\n" + UPGRADE + "Authorization: Bearer bad\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 401 Unauthorized\r\n"), answer);
        assertTrue(answer.contains("Connection: close\r\n"), answer);
        assertTrue(answer.endsWith("{\"error_code\":\"INVALID_TOKEN\",\"error_message\":\"no\"}"), answer);
        assertNull(passed.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void upgradeForAnotherEndpointIsPassedOnUncheckedAndUnchanged() throws Exception {
        start(config().build());
        write("GET /other/room1?x=1 HTTP/1.1\r\nHost: x\r\n" + UPGRADE + "Authorization: Bearer other\r\n\r\n");
        HttpRequestPacket request = passed.poll(5, TimeUnit.SECONDS);
        assertNotNull(request);
        assertEquals("/other/room1", request.getRequestURI());
        assertEquals("x=1", request.getQueryString());
        assertEquals("Bearer other", request.getHeader("Authorization"));
        assertSame(NONE, handedInPass.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void plainHttpRequestIsPassedOnForTheStaticSite() throws Exception {
        start(config().build());
        write("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("/index.html", passed.poll(5, TimeUnit.SECONDS).getRequestURI());
    }

    @Test
    void socketBeyondTheLimitGets503ForItsRequest() throws Exception {
        start(config().maxConnections(1).build());
        try (Socket first = new Socket("127.0.0.1", port)) {
            first.getOutputStream().write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertNotNull(passed.poll(5, TimeUnit.SECONDS), "the first socket is within the limit");
            String answer = send("GET /ws HTTP/1.1\r\nHost: x\r\n" + UPGRADE + "Authorization: Bearer good\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), answer);
            assertTrue(answer.contains("Retry-After: 5\r\n"), answer);
            assertTrue(answer.contains("\"CONNECTION_LIMIT\""), answer);
        }
    }

    @Test
    void socketWithoutACompleteRequestGets408AtTheDeadline() throws Exception {
        start(config().handshakeTimeout(Duration.ofMillis(300)).build());
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /ws HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
            assertTrue(answer.contains("HANDSHAKE_TIMEOUT"), answer);
        }
    }

    /** Writes a request and reads the answer, until the server closes the socket. */
    private String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Writes a request on a socket kept open until the test ends (the recorder never answers). */
    private void write(String request) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        sockets.add(socket);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }
}
