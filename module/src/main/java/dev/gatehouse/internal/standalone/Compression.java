package dev.gatehouse.internal.standalone;

import dev.gatehouse.internal.BoundedPool;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * RFC 7692 permessage-deflate on the standalone server ({@code gatehouse.compression.*}), written
 * on the JDK's {@link Deflater} and {@link Inflater} rather than Tyrus' own extension, which
 * negotiates no parameter, compresses at a fixed level and keeps both zlib streams for the
 * connection's life. Here each upgrade's offers are answered per §7 ({@link DeflateAgreement}), and
 * each connection that agreed gets a {@link DeflateSession}, Tyrus' extension for that connection.
 *
 * <p>The handshake filter arms this object with the upgrade's {@link Wire} on the thread that runs
 * Tyrus' handshake ({@link #arm}), and disarms it when that pass ends: the configurator Tyrus calls
 * in the pass finds the wire there, tells its frame guard to let compressed messages through, and
 * gives the session a way to refuse a message too large once inflated as the guard refuses one too
 * large on the wire. Nothing travels in the request, and nothing outlives the pass.
 *
 * <p>Without context takeover (the default) a connection holds no zlib stream between messages:
 * streams come from bounded pools, one per message in progress, each pool keeping at most
 * {@link #POOL_BOUND} idle streams; one coming back beyond that is ended and counted
 * ({@code gatehouse.pool.overflows}). Thread-safe.
 */
public final class Compression {
    /** What the filter arms a handshake's thread with. */
    private record Armed(Wire wire, Consumer<FrameGuard.Violation> refuse) {
    }

    /** The most idle streams each pool keeps: twice the processors. */
    static final int POOL_BOUND = 2 * Runtime.getRuntime().availableProcessors();

    private final ThreadLocal<Armed> upgrading = new ThreadLocal<>();
    private final boolean contextTakeover;
    final int minSize;
    final int maxMessageSize;
    final BoundedPool<Deflater> deflaters;
    final BoundedPool<Inflater> inflaters;

    /**
     * The compression of one server.
     *
     * @param level the zlib level of the server's messages
     * @param contextTakeover whether a connection may keep its zlib streams between messages
     * @param minSize the shortest server message that is compressed
     * @param maxMessageSize the largest client message, checked after inflating
     * @param deflaterOverflows run for each compressor ended because its pool held {@link #POOL_BOUND}
     * @param inflaterOverflows the same for inflaters
     */
    Compression(int level, boolean contextTakeover, int minSize, int maxMessageSize, Runnable deflaterOverflows,
            Runnable inflaterOverflows) {
        this.contextTakeover = contextTakeover;
        this.minSize = minSize;
        this.maxMessageSize = maxMessageSize;
        // raw streams (no zlib header), as RFC 7692 wants
        this.deflaters = new BoundedPool<>(POOL_BOUND, () -> new Deflater(level, true), Deflater::reset, Deflater::end,
                deflaterOverflows);
        this.inflaters = new BoundedPool<>(POOL_BOUND, () -> new Inflater(true), Inflater::reset, Inflater::end,
                inflaterOverflows);
    }

    /** The handshake on this thread is the upgrade of this wire; {@code refuse} answers a message refused after inflating. */
    void arm(Wire wire, Consumer<FrameGuard.Violation> refuse) {
        upgrading.set(new Armed(wire, refuse));
    }

    /** The handshake's pass ended. */
    void disarm() {
        upgrading.remove();
    }

    /**
     * The extensions agreed for the handshake on this thread: a session for the first offer the
     * server can honour, or none (no offer, none acceptable, or no armed upgrade).
     */
    List<Extension> negotiate(List<Extension> requested) {
        Armed armed = upgrading.get();
        if (armed == null || requested == null) {
            return List.of();
        }
        Optional<DeflateAgreement> agreed = DeflateAgreement.first(requested, contextTakeover);
        if (agreed.isEmpty()) {
            return List.of();
        }
        DeflateSession session = new DeflateSession(agreed.get(), this, armed.refuse());
        armed.wire().compressed(session);
        return List.of(session);
    }

    /** The endpoint's configurator, answering permessage-deflate offers through this object. */
    ServerEndpointConfig.Configurator configurator(ServerEndpointConfig.Configurator delegate) {
        return new Negotiating(delegate, this);
    }

    /** A configurator that negotiates extensions here and leaves everything else to Gatehouse's. */
    private static final class Negotiating extends ServerEndpointConfig.Configurator {
        private final ServerEndpointConfig.Configurator delegate;
        private final Compression compression;

        Negotiating(ServerEndpointConfig.Configurator delegate, Compression compression) {
            this.delegate = delegate;
            this.compression = compression;
        }

        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
            return compression.negotiate(requested);
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            return delegate.getNegotiatedSubprotocol(supported, requested);
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return delegate.checkOrigin(originHeaderValue);
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            delegate.modifyHandshake(config, request, response);
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
            return delegate.getEndpointInstance(endpointClass);
        }
    }
}
