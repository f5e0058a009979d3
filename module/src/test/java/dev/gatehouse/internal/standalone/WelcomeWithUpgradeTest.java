package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.RuntimeBuilder;
import dev.gatehouse.internal.endpoint.EndpointDelegate;
import dev.gatehouse.internal.endpoint.ProgrammaticEndpoint;
import dev.gatehouse.internal.lifecycle.Handoffs;
import dev.gatehouse.testkit.TestTokens;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ConnectionProbe;
import org.glassfish.grizzly.nio.NIOTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The standalone server's 101 and the welcome leave in one write to the socket: counted by a
 * Grizzly probe on the real server's transport, with a real client socket.
 */
class WelcomeWithUpgradeTest {
    private static final String SECRET = "s".repeat(32);

    /** The size of every write to a socket, in order. */
    private final List<Long> writes = new CopyOnWriteArrayList<>();
    private GatehouseRuntime runtime;
    private GrizzlyHost host;

    @BeforeEach
    void start() throws Exception {
        runtime = new RuntimeBuilder().config(GatehouseConfig.builder().hmacSecret(SECRET).build()).build();
        host = new GrizzlyHost(runtime, new GrizzlyHost.Address("127.0.0.1", 0, "/ws", false, null), new Endpoints(),
                null, List.of(), Map.of());
        runtime.start();
        host.start();
        ((NIOTransport) host.transport()).getConnectionMonitoringConfig().addProbes(new ConnectionProbe.Adapter() {
            @Override
            @SuppressWarnings("rawtypes") // Grizzly's probe signature
            public void onWriteEvent(Connection connection, Buffer data, long size) {
                writes.add(size);
            }
        });
    }

    @AfterEach
    void stop() {
        host.stop(Duration.ZERO);
    }

    @Test
    void theSwitchingProtocolsResponseAndTheWelcomeLeaveInOneWrite() throws Exception {
        String token = TestTokens.hs256(SECRET).subject("alice").expiresIn(Duration.ofMinutes(5)).compact();
        try (Socket socket = new Socket("127.0.0.1", host.port())) {
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String received = readUntil(socket.getInputStream(), "connection_established");
            assertTrue(received.startsWith("HTTP/1.1 101"), received);
            long bytes = received.getBytes(StandardCharsets.ISO_8859_1).length;
            for (long deadline = System.nanoTime() + 5_000_000_000L; writes.stream().mapToLong(Long::longValue).sum() < bytes
                    && System.nanoTime() < deadline;) {
                Thread.onSpinWait(); // the probe hears of a write once it returned, which may be after the client read it
            }
            assertEquals(1, writes.size(), "writes to the socket until the welcome: " + writes);
            assertEquals(bytes, writes.get(0), "the one write carried both");
        }
    }

    @Test
    void aRefusedUpgradeIsAnsweredAtOnce() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", host.port())) {
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer forged\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(readUntil(socket.getInputStream(), "\r\n\r\n").startsWith("HTTP/1.1 401"));
        }
    }

    private static String readUntil(InputStream in, String marker) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!got.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            got.write(buffer, 0, n);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** Hands out Gatehouse's endpoint with the handshake filter's verdict, as {@code GatehouseConfigurator} does. */
    private final class Endpoints extends ServerEndpointConfig.Configurator {
        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new ProgrammaticEndpoint(new EndpointDelegate(runtime)));
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            Handoffs.Entry handed = runtime.handoffs().take(request.getHeaders().get("Sec-WebSocket-Key").get(0));
            config.getUserProperties().put(EndpointDelegate.VERIFICATION, handed.verification());
            config.getUserProperties().put(EndpointDelegate.ON_OPEN, handed.onOpen());
        }
    }
}
