package dev.gatehouse.internal.standalone;

import java.io.IOException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.Protocol;

/**
 * Lets a Gatehouse WebSocket's reads bypass Grizzly's HTTP codec, so that the connection does not
 * keep the upgrade request's parser state (its packet, header chunks and read buffer, about 10 KiB).
 *
 * <p>Grizzly's codec treats an upgraded connection's frames as the body of the upgrade request and
 * keeps that request for the connection's life. Once Tyrus has opened a Gatehouse WebSocket (the
 * endpoint told the {@link Wire} of its connection, in the upgrade's pass; diagnostic mode hands no
 * such hook, and its connections keep the codec), {@link #detach} drops the codec's request and
 * marks the wire. This filter, directly in front of the codec (which {@link FilterChainShape}
 * checks when the server starts), then hands each read on as the codec would (the bytes as
 * {@link HttpContent} of an upgrade request, which is all the filters after it read) to the filter
 * after the codec. Connections of other endpoints, and plain HTTP, go through the codec unchanged.
 *
 * <p>Writes, encoded by the codec, pass through unchanged, except in the pass of an accepted upgrade
 * request: there the {@link Wire} holds them until the pass ends, so that the 101 and the welcome
 * leave as one write ({@link Wire#holdWrites}).
 *
 * <p>Runs on Grizzly's threads; holds no lock.
 */
final class DetachedReads extends BaseFilter {
    /** The codec's request in progress, which it keeps on the connection; Grizzly names attributes uniquely. */
    private static final Attribute<Object> CODEC_REQUEST =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
    /** The header every detached read carries; shared, as no filter after the codec writes to it. */
    private static final HttpRequestPacket UPGRADED = HttpRequestPacket.builder().method("GET").uri("/")
            .protocol(Protocol.HTTP_1_1).upgrade("websocket").build();

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Wire wire = HandshakeFilter.wire(ctx.getConnection());
        if (wire == null || !wire.detached) {
            return ctx.getInvokeAction();
        }
        Buffer frames = ctx.getMessage();
        ctx.setMessage(HttpContent.create(UPGRADED, false, frames));
        ctx.setFilterIdx(ctx.getFilterIdx() + 1); // the codec's place: the chain goes on after it
        return ctx.getInvokeAction();
    }

    @Override
    @SuppressWarnings("unchecked") // Grizzly's transport context keeps the write's handler untyped
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        Wire wire = HandshakeFilter.wire(ctx.getConnection());
        if (wire != null && ctx.getMessage() instanceof Buffer bytes) {
            FilterChainContext.TransportContext transport = ctx.getTransportContext();
            if (wire.hold(bytes, transport.getCompletionHandler(), transport.isBlocking(), ctx.getMemoryManager())) {
                return ctx.getStopAction();
            }
        }
        return ctx.getInvokeAction();
    }

    /**
     * After the pass that carried the upgrade request: if the Gatehouse connection opened, drops
     * the codec's request and detaches the socket's reads; else (Tyrus refused the handshake, and
     * closes the socket) leaves the codec as it is.
     */
    static void detach(Connection<?> connection, Wire wire) {
        if (wire.opened()) {
            CODEC_REQUEST.remove(connection);
            wire.detached = true;
        }
    }
}
