package dev.gatehouse.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The JDK adapter: one message asked for at a time, partial texts joined, one send in flight at a time. */
class SocketTest {
    private final List<String> received = new ArrayList<>();
    private final List<String> reports = new ArrayList<>();
    private final FakeWebSocket ws = new FakeWebSocket();
    private final Socket socket = new Socket(new Socket.Events() {
        @Override
        public void opened(Socket s) {
            reports.add("opened");
        }

        @Override
        public void text(Socket s, String text) {
            received.add(text);
        }

        @Override
        public void closed(Socket s, int code, String reason) {
            reports.add("closed " + code + " " + reason);
        }

        @Override
        public void failed(Socket s, Throwable error) {
            reports.add("failed " + error.getMessage());
        }
    }, "token");

    @Test
    void asksForOneMessageAtATimeAndJoinsPartialTexts() {
        socket.onOpen(ws);
        assertEquals(1, ws.requested);
        socket.onText(ws, "{\"type\":", false);
        socket.onText(ws, "\"echo\"", false);
        assertEquals(List.of(), received);
        socket.onText(ws, "}", true);
        socket.onText(ws, "{\"type\":\"pong\"}", true);
        socket.onPing(ws, ByteBuffer.allocate(0));
        socket.onPong(ws, ByteBuffer.allocate(0));
        socket.onBinary(ws, ByteBuffer.allocate(1), true);
        assertEquals(List.of("{\"type\":\"echo\"}", "{\"type\":\"pong\"}"), received);
        assertEquals(8, ws.requested); // onOpen, then one after every message part
    }

    @Test
    void sendsOneTextAtATimeInOrder() {
        socket.onOpen(ws);
        socket.enqueue("a");
        socket.enqueue("b");
        socket.flush();
        socket.enqueue("c");
        socket.flush();
        assertEquals(List.of("a"), ws.sent);
        ws.complete();
        assertEquals(List.of("a", "b"), ws.sent);
        ws.complete();
        ws.complete();
        assertEquals(List.of("a", "b", "c"), ws.sent);
    }

    @Test
    void nothingIsSentBeforeTheSocketOpens() {
        socket.enqueue("a");
        socket.flush();
        socket.onOpen(ws);
        assertEquals(List.of(), ws.sent);
        socket.flush();
        assertEquals(List.of("a"), ws.sent);
    }

    @Test
    void failedSendAbortsAndIsReportedOnce() {
        socket.onOpen(ws);
        socket.enqueue("a");
        socket.enqueue("b");
        socket.flush();
        ws.fail(new IllegalStateException("output closed"));
        socket.onError(ws, new IllegalStateException("again"));
        socket.onClose(ws, 1006, "");
        assertTrue(ws.aborted);
        assertEquals(List.of("opened", "failed output closed"), reports);
        assertEquals(List.of("a"), ws.sent);
    }

    @Test
    void closeIsReportedOnce() {
        socket.onOpen(ws);
        socket.onClose(ws, 1001, "SERVER_SHUTDOWN");
        socket.onError(ws, new IllegalStateException("late"));
        assertEquals(List.of("opened", "closed 1001 SERVER_SHUTDOWN"), reports);
    }

    /** A WebSocket whose sends complete when the test says so. */
    private static final class FakeWebSocket implements WebSocket {
        final List<String> sent = new ArrayList<>();
        final List<CompletableFuture<WebSocket>> inFlight = new ArrayList<>();
        long requested;
        boolean aborted;

        void complete() {
            if (!inFlight.isEmpty()) {
                inFlight.remove(0).complete(this);
            }
        }

        void fail(Throwable error) {
            inFlight.remove(0).completeExceptionally(error);
        }

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            if (!inFlight.isEmpty()) {
                throw new IllegalStateException("a send is pending");
            }
            sent.add(data.toString());
            CompletableFuture<WebSocket> f = new CompletableFuture<>();
            inFlight.add(f);
            return f;
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public String getSubprotocol() {
            return "gatehouse.v1";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }
}
