package dev.gatehouse.internal.standalone;

import dev.gatehouse.internal.config.Checks;
import dev.gatehouse.internal.config.Setting;
import dev.gatehouse.internal.config.Values;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import java.util.List;

/**
 * The standalone server's {@code gatehouse.compression.*} settings (RFC 7692 permessage-deflate),
 * declared once, and their reading into a {@link Compression}, or none when it is off.
 *
 * <p>There is no window-size setting: the JDK's {@link java.util.zip.Deflater} always compresses
 * with a 32 KiB window and cannot be given a smaller one, so a smaller window would save no memory
 * here. A client's {@code server_max_window_bits} is honoured another way ({@link DeflateAgreement}).
 */
public final class CompressionSettings {
    public static final Setting<Boolean> ENABLED = Setting.bool("gatehouse.compression.enabled").byDefault(false)
            .doc("offer RFC 7692 permessage-deflate to clients that ask for it (standalone server; README"
                    + " \"Compression\" says when not to)");
    public static final Setting<Integer> LEVEL = Setting.integer("gatehouse.compression.level").byDefault(6)
            .check(Checks.between("gatehouse.compression.level", 1, 9))
            .doc("zlib level of the server's messages, 1 (fastest) to 9 (smallest)");
    public static final Setting<Boolean> CONTEXT_TAKEOVER = Setting.bool("gatehouse.compression.context-takeover")
            .byDefault(false)
            .doc("keep each connection's zlib state between messages (smaller messages, about 300 KiB per"
                    + " connection); off, both sides reset after every message and no state is kept");
    public static final Setting<Integer> MIN_SIZE = Setting.integer("gatehouse.compression.min-size").byDefault(128)
            .check(Checks.between("gatehouse.compression.min-size", 0, Integer.MAX_VALUE))
            .doc("messages of the server shorter than this many bytes are sent uncompressed");

    /** Every compression setting, in the order of the README's table. */
    public static final List<Setting<?>> SETTINGS = List.of(ENABLED, LEVEL, CONTEXT_TAKEOVER, MIN_SIZE);

    private CompressionSettings() {
    }

    /**
     * The compression the values describe, or null when it is off.
     *
     * @param values the server's settings
     * @param maxMessageSize the largest message a client may send, checked after inflating
     * @param metrics where its pools count the streams they end at their bound
     * @return the compression, or null
     */
    public static Compression read(Values values, int maxMessageSize, GatehouseMetrics metrics) {
        if (!values.get(ENABLED)) {
            return null;
        }
        return new Compression(values.get(LEVEL), values.get(CONTEXT_TAKEOVER), values.get(MIN_SIZE), maxMessageSize,
                metrics.poolOverflows(GatehouseMetrics.Pool.DEFLATER), metrics.poolOverflows(GatehouseMetrics.Pool.INFLATER));
    }
}
