package dev.gatehouse.internal.standalone;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.internal.config.Checks;
import dev.gatehouse.internal.config.Setting;
import dev.gatehouse.internal.metrics.Backends;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The standalone server's own settings (address, health, drain, {@code /metrics}, {@code /status}),
 * declared once. They are set like every other setting, on {@code GatehouseConfig.Builder} or as
 * properties; {@code GatehouseServer} reads them from the Gatehouse's configuration, with
 * {@link TlsSettings} and {@link CompressionSettings}.
 */
public final class ServerSettings {
    public static final Setting<String> HOST = Setting.string("gatehouse.host").byDefault("127.0.0.1")
            .check(Checks.notBlank("gatehouse.host")).doc("interface the standalone server binds");
    public static final Setting<Integer> PORT = Setting.integer("gatehouse.port").byDefault(8025)
            .check(Checks.between("gatehouse.port", 0, 65535)).doc("port of the standalone server (`0` picks a free one)");
    public static final Setting<String> PATH = Setting.string("gatehouse.path").byDefault("/ws")
            .check(ServerSettings::absolutePath).doc("endpoint path of the standalone server");
    public static final Setting<Boolean> HEALTH = Setting.bool("gatehouse.health.enabled").byDefault(true)
            .doc("serve `/health/live` and `/health/ready` (MicroProfile Health JSON; 503 when DOWN) on the standalone port");
    public static final Setting<Duration> DRAIN = Setting.duration("gatehouse.shutdown.drain").byDefault(Duration.ZERO)
            .check(Checks.notNegative("gatehouse.shutdown.drain"))
            .doc("on stop, how long `/health/ready` answers 503 before the 1001s go out, for a load balancer to"
                    + " drain the node");
    public static final Setting<Boolean> PROMETHEUS = Setting.bool(Backends.PROMETHEUS_SETTING).byDefault(false)
            .doc("serve `/metrics` in Prometheus' text format (needs `io.micrometer:micrometer-registry-prometheus`)");
    public static final Setting<Boolean> STATUS = Setting.bool(Backends.STATUS_SETTING).byDefault(false)
            .doc("serve a live page of charts at `/status` and its JSON at `/status/data`, from the Micrometer meters"
                    + " (aggregates only: no user id, no token)");

    /** Every setting of the standalone server, TLS and compression included, in the order of the README's table. */
    public static final List<Setting<?>> SETTINGS = Stream.of(
            List.<Setting<?>>of(HOST, PORT, PATH, HEALTH, DRAIN, PROMETHEUS, STATUS),
            TlsSettings.SETTINGS, CompressionSettings.SETTINGS).flatMap(List::stream).toList();

    private ServerSettings() {
    }

    private static String absolutePath(String path) {
        if (!path.startsWith("/")) {
            throw new ConfigurationException("gatehouse.path", "must start with '/'");
        }
        return path;
    }
}
