package dev.gatehouse.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/** What the server answers a raw upgrade with this token: 101, or the refusal's status and body. */
final class Handshakes {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The outcome of one upgrade: the HTTP status and, for a refusal, the body's JSON. */
    record Outcome(int status, String body) {
    }

    private Handshakes() {
    }

    static Outcome upgrade(URI uri, String token) {
        try {
            WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(uri, new WebSocket.Listener() { }).join();
            socket.abort();
            return new Outcome(101, "");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                Object body = refused.getResponse().body();
                return new Outcome(refused.getResponse().statusCode(), body == null ? "" : body.toString());
            }
            throw e;
        }
    }
}
