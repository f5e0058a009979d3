package dev.gatehouse.internal.standalone;

import dev.gatehouse.internal.handshake.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A refusal as the bytes of an HTTP/1.1 response: status line, {@code Content-Type},
 * {@code Content-Length}, {@code Connection: close}, the refusal's own headers and its JSON body.
 * Written straight to the socket, so that no server banner, date or other header comes with it.
 */
final class HttpResponses {
    private static final Map<Integer, String> REASONS = Map.of(
            400, "Bad Request", 401, "Unauthorized", 403, "Forbidden", 404, "Not Found",
            405, "Method Not Allowed", 408, "Request Timeout", 426, "Upgrade Required",
            429, "Too Many Requests", 503, "Service Unavailable");

    private HttpResponses() {
    }

    static byte[] bytes(Refusal refusal) {
        byte[] body = refusal.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(192)
                .append("HTTP/1.1 ").append(refusal.status()).append(' ')
                .append(REASONS.getOrDefault(refusal.status(), "Refused")).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n");
        refusal.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(body, 0, out, headBytes.length, body.length);
        return out;
    }
}
