package dev.gatehouse.internal.standalone;

import dev.gatehouse.internal.handshake.TokenEntries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.MimeHeaders;

/**
 * Trims an accepted upgrade request to what Tyrus' handshake reads before Tyrus copies it into the
 * session it keeps for the connection's life: the headers of RFC 6455's handshake, the
 * subprotocols without their token-bearing entries, and no query string (which may hold the
 * token). The verdict has been handed on, and no Gatehouse or application code reads the request
 * after this, so the connection keeps neither the token nor the other headers.
 * Runs on the connection's read, before Tyrus sees the request.
 */
final class TrimmedRequest {
    private static final String SUBPROTOCOLS = "sec-websocket-protocol";
    private static final Set<String> KEPT = Set.of("host", "upgrade", "connection", "origin", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-extensions", SUBPROTOCOLS);

    private TrimmedRequest() {
    }

    /** Removes what Tyrus does not read from {@code request}. */
    static void trim(HttpRequestPacket request) {
        MimeHeaders headers = request.getHeaders();
        List<String> plainSubprotocols = plainSubprotocols(headers);
        List<String> dropped = new ArrayList<>();
        for (String name : headers.names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!KEPT.contains(lower) || lower.equals(SUBPROTOCOLS)) {
                dropped.add(name);
            }
        }
        dropped.forEach(headers::removeHeader);
        if (!plainSubprotocols.isEmpty()) {
            headers.setValue("Sec-WebSocket-Protocol").setString(String.join(", ", plainSubprotocols));
        }
        request.setQueryString(null);
    }

    private static List<String> plainSubprotocols(MimeHeaders headers) {
        List<String> plain = new ArrayList<>(2);
        for (String value : headers.values("Sec-WebSocket-Protocol")) {
            for (String entry : value.split(",")) {
                String e = entry.trim();
                if (!e.isEmpty() && !TokenEntries.isTokenBearing(e)) {
                    plain.add(e);
                }
            }
        }
        return plain;
    }
}
