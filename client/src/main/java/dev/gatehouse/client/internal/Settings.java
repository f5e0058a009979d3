package dev.gatehouse.client.internal;

import dev.gatehouse.client.GatehouseClient;
import dev.gatehouse.client.ReconnectPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A client's settings, as the builder checked them.
 *
 * @param uri the endpoint
 * @param tokenSource called before every connect and on {@code session_expiring}
 * @param fixedToken whether the token never changes (then a token failure stops at once)
 * @param tokenInHeader whether the token goes in the {@code Authorization} header
 * @param listener the listener
 * @param reconnect the reconnect policy
 * @param requestTimeout the default request timeout
 * @param heartbeatMargin silence allowed beyond the heartbeat interval
 * @param connectTimeout the handshake timeout
 * @param maxHeldFrames the bound of the held frames
 * @param http the HTTP client
 * @param gatehouseRoom from an application's room name to the server's
 */
public record Settings(URI uri, Supplier<CompletionStage<String>> tokenSource, boolean fixedToken,
        boolean tokenInHeader, GatehouseClient.Listener listener, ReconnectPolicy reconnect, Duration requestTimeout,
        Duration heartbeatMargin, Duration connectTimeout, int maxHeldFrames, HttpClient http,
        UnaryOperator<String> gatehouseRoom) {
}
