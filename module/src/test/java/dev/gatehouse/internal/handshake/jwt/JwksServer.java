package dev.gatehouse.internal.handshake.jwt;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A real local HTTP server serving a JWKS, counting requests; it can be told to fail. */
final class JwksServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile String body;
    private volatile Duration delay = Duration.ZERO;

    private JwksServer(String body) throws IOException {
        this.body = body;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", exchange -> {
            requests.incrementAndGet();
            pause();
            byte[] bytes = body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** Starts serving {@code jwks} on 127.0.0.1 at an ephemeral port. */
    static JwksServer serving(String jwks) {
        try {
            return new JwksServer(jwks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code jwks} with status 200 from now on. */
    void serve(String jwks) {
        body = jwks;
        status = 200;
    }

    /** Answers every request with {@code httpStatus} from now on. */
    void fail(int httpStatus) {
        status = httpStatus;
    }

    /** Answers each request only after {@code pause} from now on. */
    void delay(Duration pause) {
        delay = pause;
    }

    /** Requests served so far. */
    int requests() {
        return requests.get();
    }

    /** Waits until at least {@code count} requests were served, failing after five seconds. */
    void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (requests() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " requests, got " + requests());
            }
            Thread.sleep(10);
        }
    }

    /** The JWKS URL. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    private void pause() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String body() {
        return status == 200 ? body : "{\"error\":\"down\"}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
