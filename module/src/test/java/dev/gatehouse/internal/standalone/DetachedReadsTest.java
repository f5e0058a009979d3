package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.RuntimeBuilder;
import dev.gatehouse.internal.lifecycle.ConnectionFixture;
import dev.gatehouse.internal.lifecycle.Handoffs;
import dev.gatehouse.internal.lifecycle.RecordingTransport;
import dev.gatehouse.spi.Verification;
import dev.gatehouse.testkit.ClientFrames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Gatehouse WebSocket's reads bypass Grizzly's HTTP codec once Tyrus has opened it: the chain
 * of the standalone server (transport, detached reads, HTTP codec, handshake filter) with a
 * recorder in Tyrus' place that opens the WebSocket as Tyrus and the endpoint do, over a real socket.
 */
class DetachedReadsTest {
    private static final Attribute<Object> CODEC_REQUEST =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
    private static final String UPGRADE = " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer good\r\n\r\n";

    /** What reached Tyrus' place after the upgrade request: each read's bytes. */
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<Connection<?>> opened = new LinkedBlockingQueue<>();
    private GatehouseRuntime runtime;
    private TCPNIOTransport transport;
    private Socket socket;
    private int port;

    @BeforeEach
    @SuppressWarnings("deprecation") // Grizzly 4 has only deprecated HttpServerFilter constructors
    void start() throws IOException {
        runtime = new RuntimeBuilder().config(GatehouseConfig.builder().build()).tokenVerifier(token -> token.equals("good")
                ? Verification.accepted(new VerifiedToken("alice", Instant.now().plusSeconds(3600), Set.of(), Map.of()))
                : Verification.rejected(ErrorCode.INVALID_TOKEN, "no")).build();
        runtime.start();
        FilterChainBuilder chain = FilterChainBuilder.stateless()
                .add(new TransportFilter())
                .add(new DetachedReads())
                .add(new HttpServerFilter())
                .add(new HandshakeFilter(runtime, "/ws", List.of("/other")))
                .add(new TyrusInPlace());
        transport = TCPNIOTransportBuilder.newInstance().setProcessor(chain.build()).build();
        port = ((InetSocketAddress) transport.bind("127.0.0.1", 0).getLocalAddress()).getPort();
        transport.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (socket != null) {
            socket.close();
        }
        transport.shutdownNow();
        runtime.shutdown(Duration.ZERO);
    }

    @Test
    void openedGatehouseWebSocketKeepsNoHttpRequestAndItsFramesStillArrive() throws Exception {
        Connection<?> connection = upgrade("/ws");
        awaitDetached(connection);
        assertFalse(CODEC_REQUEST.isSet(connection), "the codec's request is let go");
        byte[] hello = ClientFrames.text("hello");
        send(hello);
        assertArrayEquals(hello, frames.poll(5, TimeUnit.SECONDS), "the frame passes on, not parsed as HTTP");
        byte[] more = ClientFrames.text("more");
        send(more);
        assertArrayEquals(more, frames.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void webSocketOfAnotherEndpointKeepsGoingThroughTheCodec() throws Exception {
        Connection<?> connection = upgrade("/other");
        byte[] hello = ClientFrames.text("hello");
        send(hello);
        assertArrayEquals(hello, frames.poll(5, TimeUnit.SECONDS));
        assertTrue(CODEC_REQUEST.isSet(connection), "another endpoint's connection is left as Grizzly keeps it");
        assertFalse(HandshakeFilter.wire(connection).detached);
    }

    /** Sends an upgrade request and waits until the recorder has opened the WebSocket. */
    private Connection<?> upgrade(String path) throws Exception {
        socket = new Socket("127.0.0.1", port);
        send(("GET " + path + UPGRADE).getBytes(StandardCharsets.US_ASCII));
        Connection<?> connection = opened.poll(5, TimeUnit.SECONDS);
        assertNotNull(connection, "the upgrade reached Tyrus' place");
        return connection;
    }

    private void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** The completion listener runs when the upgrade's pass ends, just after the recorder saw it. */
    private static void awaitDetached(Connection<?> connection) throws InterruptedException {
        Wire wire = HandshakeFilter.wire(connection);
        for (int i = 0; i < 500 && !wire.detached; i++) {
            Thread.sleep(10);
        }
        assertTrue(wire.detached, "detached once Tyrus opened the WebSocket");
    }

    /**
     * On the upgrade request, opens the WebSocket as Tyrus and the endpoint do (a Gatehouse
     * connection is told to the handed-on hook); records every later read.
     */
    private final class TyrusInPlace extends BaseFilter {
        private final Set<Connection<?>> upgraded = ConcurrentHashMap.newKeySet();

        @Override
        public NextAction handleRead(FilterChainContext ctx) {
            HttpContent content = ctx.getMessage();
            Connection<?> connection = ctx.getConnection();
            if (upgraded.add(connection)) {
                String key = ((HttpRequestPacket) content.getHttpHeader()).getHeader("Sec-WebSocket-Key");
                Handoffs.Entry handed = runtime.handoffs().take(key);
                if (handed != null) { // Gatehouse's endpoint: its connection opens
                    handed.onOpen().accept(new ConnectionFixture().connection(new RecordingTransport()));
                }
                opened.add(connection);
                return ctx.getStopAction();
            }
            Buffer bytes = content.getContent();
            byte[] read = new byte[bytes.remaining()];
            bytes.get(read);
            content.recycle();
            frames.add(read);
            return ctx.getStopAction();
        }
    }
}
