package dev.gatehouse.internal.handshake.jwt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of one JWKS response, collected without blocking a thread: refused at once for a status
 * other than 200, refused as soon as it passes its bound, and abandoned by {@link #abort()} (the
 * fetch's deadline). Refusing or abandoning cancels the subscription, so the HTTP client closes the
 * connection. The HTTP client calls {@code onNext} serially; {@link #abort()} may come from any thread.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** A response refused for what it is (its status, its size); the message is client-safe. */
    static final class Unusable extends IOException {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    private final int maxBytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile Flow.Subscription subscription;
    private volatile int status;

    BoundedBody(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The subscriber for a response with this status: this one, which refuses anything but 200. */
    HttpResponse.BodySubscriber<byte[]> forStatus(HttpResponse.ResponseInfo info) {
        status = info.statusCode();
        return this;
    }

    /** Abandons the body: cancels the subscription and fails the result, unless it has completed. */
    void abort() {
        result.completeExceptionally(new Unusable("abandoned"));
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (status != 200) {
            refuse("HTTP status " + status);
        } else if (result.isDone()) {
            s.cancel(); // aborted before the body started
        } else {
            s.request(Long.MAX_VALUE); // the bound is kept in onNext
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + (long) buffer.remaining() > maxBytes) {
                refuse("response larger than " + maxBytes + " bytes");
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    private void refuse(String reason) {
        result.completeExceptionally(new Unusable(reason));
        subscription.cancel();
    }
}
