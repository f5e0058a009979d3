package dev.gatehouse.internal.lifecycle;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import dev.gatehouse.Rooms;
import dev.gatehouse.internal.codec.ProtocolFrames;
import dev.gatehouse.internal.metrics.GatehouseMetrics;

/**
 * What a connection needs from the rest of Gatehouse, and nothing more, so that a test builds one
 * from fakes: no server, no sockets.
 *
 * @param limits the per-connection limits
 * @param clock the clock for timestamps, heartbeats and expiry
 * @param timer schedules expiry and the dropping of sockets whose close is not completed
 * @param workers runs the connection's handler tasks
 * @param frames builds the protocol's frames
 * @param inbound where READY frames go
 * @param listeners the application's listeners
 * @param onClosed told first, before any listener, when a connection closed (the registry, the rooms)
 * @param rooms the rooms of a connection
 * @param metrics the meters
 */
public record ConnectionContext(ConnectionLimits limits, Clock clock, Timer timer, Executor workers,
        ProtocolFrames frames, Inbound inbound, Listeners listeners, Consumer<ManagedConnection> onClosed,
        Function<ManagedConnection, Rooms> rooms, GatehouseMetrics metrics) {
}
