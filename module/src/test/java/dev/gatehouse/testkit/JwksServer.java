package dev.gatehouse.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server serving a JWKS (an identity provider), counting requests. It can be told
 * to answer with an error status, to wait before answering, to stall in the middle of the body (the
 * headers and half the body sent, then nothing until it closes), to serve anything else, and to go
 * away and come back on the same port. Each request runs on its own thread, so one stalled answer
 * does not hold the others.
 */
public final class JwksServer implements AutoCloseable {
    private final ExecutorService handlers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "jwks-server");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger stalled = new AtomicInteger();
    /** Counted down at close: every stalled answer ends then. */
    private final CountDownLatch closing = new CountDownLatch(1);
    private final int port;
    private volatile HttpServer server;
    private volatile int status = 200;
    private volatile String body;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean stallMidBody;

    private JwksServer(String body, int port) throws IOException {
        this.body = body;
        this.server = bind(port);
        this.port = server.getAddress().getPort();
    }

    /** Starts serving {@code jwks} on 127.0.0.1 at an ephemeral port. */
    public static JwksServer serving(String jwks) {
        try {
            return new JwksServer(jwks, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code content} with status 200, at once and whole, from now on: a JWKS, or garbage. */
    public void serve(String content) {
        body = content;
        status = 200;
        delay = Duration.ZERO;
        stallMidBody = false;
    }

    /** Answers every request with {@code httpStatus} from now on. */
    public void fail(int httpStatus) {
        status = httpStatus;
    }

    /** Answers each request only after {@code pause} from now on. */
    public void delay(Duration pause) {
        delay = pause;
    }

    /**
     * From now on sends the status, the headers (with the whole body's length) and half the body,
     * then nothing more until this server closes.
     */
    public void stallMidBody() {
        stallMidBody = true;
    }

    /** Stops listening: connections are refused until {@link #comeBack()}. */
    public void goAway() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    public void comeBack() {
        try {
            server = bind(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** Answers stalled mid-body right now. */
    public int stalled() {
        return stalled.get();
    }

    /** Waits until at least {@code count} requests were received, failing after five seconds. */
    public void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (requests() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " requests, got " + requests());
            }
            Thread.sleep(10);
        }
    }

    /** Waits until an answer is stalled mid-body, failing after five seconds. */
    public void awaitStall() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (stalled() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no answer stalled; requests: " + requests());
            }
            Thread.sleep(10);
        }
    }

    /** The JWKS URL, {@code http://127.0.0.1:port/jwks.json}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/jwks.json";
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            server.stop(0);
        } catch (IllegalStateException alreadyAway) {
            // gone away before
        }
        handlers.shutdownNow();
    }

    private HttpServer bind(int at) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", at), 0);
        http.createContext("/jwks.json", this::answer);
        http.setExecutor(handlers);
        http.start();
        return http;
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        pause(delay);
        int code = status;
        byte[] bytes = (code == 200 ? body : "{\"error\":\"down\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!stallMidBody) {
                out.write(bytes);
                return;
            }
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            stalled.incrementAndGet();
            try {
                awaitClose();
            } finally {
                stalled.decrementAndGet();
            }
        } catch (IOException e) {
            // the client gave up on a stalled answer, or the server closed under it
        }
    }

    /** Holds a stalled answer until close, ignoring interrupts as a stuck server would. */
    private void awaitClose() {
        while (true) {
            try {
                if (closing.await(1, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                // a stalled server does not notice
            }
        }
    }

    private static void pause(Duration pause) {
        if (!pause.isZero()) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
