package dev.gatehouse.client.internal;

import dev.gatehouse.client.Protocol;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why a handshake failed: the HTTP status of a refused upgrade (0 when the server was not reached
 * or gave no answer), the refusal's code (PROTOCOL §1.3) and its {@code Retry-After}.
 *
 * @param status the HTTP status, or 0
 * @param code the code of the refusal's body, or one derived from the status; empty without a status
 * @param retryAfter the {@code Retry-After} header in seconds, or null
 */
record Refusal(int status, String code, Duration retryAfter) {

    static Refusal of(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (!(t instanceof WebSocketHandshakeException h) || h.getResponse() == null) {
            return new Refusal(0, "", null);
        }
        HttpResponse<?> r = h.getResponse();
        Duration retryAfter = r.headers().firstValue("Retry-After").flatMap(Refusal::seconds).orElse(null);
        return new Refusal(r.statusCode(), bodyCode(r.body()).orElseGet(() -> statusCode(r)), retryAfter);
    }

    private static Optional<String> bodyCode(Object body) {
        String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : body instanceof String s ? s : null;
        if (text == null) {
            return Optional.empty();
        }
        return Frames.parseObject(text).map(o -> o.get("error_code")).filter(JsonString.class::isInstance)
                .map(v -> ((JsonString) v).getString());
    }

    private static String statusCode(HttpResponse<?> r) {
        switch (r.statusCode()) {
            case 401:
                return r.headers().firstValue("WWW-Authenticate").filter(v -> v.contains("invalid_token")).isPresent()
                        ? Protocol.INVALID_TOKEN : Protocol.NO_TOKEN;
            case 403:
                return Protocol.FORBIDDEN;
            case 429:
            case 503:
                return Protocol.CONNECTION_LIMIT;
            default:
                return "HTTP_" + r.statusCode();
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: ignored
        }
    }
}
