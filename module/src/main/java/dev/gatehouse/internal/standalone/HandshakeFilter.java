package dev.gatehouse.internal.standalone;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.handshake.Refusal;
import dev.gatehouse.internal.handshake.RequestView;
import dev.gatehouse.internal.lifecycle.BurstLog;
import dev.gatehouse.internal.lifecycle.Handoffs;
import dev.gatehouse.spi.Verification;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.Parameters;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.utils.Charsets;

/**
 * Sits in front of Tyrus in the Grizzly filter chain and does what Tyrus cannot:
 * <ul>
 * <li>counts sockets and answers one beyond {@code gatehouse.max-connections} with 503 (far beyond,
 * it is closed at once), so that the server never runs out of descriptors;</li>
 * <li>closes a socket that has not completed an upgrade request within
 * {@code gatehouse.handshake.timeout};</li>
 * <li>refuses an upgrade request that is malformed or for no endpoint (§1.4), or whose token or
 * connection limits fail (§1.3), with a real HTTP response, then closes the socket; it sees every
 * spelling of the endpoint's path and hands Tyrus the one it routes, hands the verdict on to
 * the configurator so that a token is verified once, and trims the accepted request to what Tyrus
 * reads ({@link TrimmedRequest}); passes frames sent in the request's read on to Tyrus after its
 * handshake (§1.5); once Tyrus has opened the WebSocket, lets its reads bypass Grizzly's HTTP codec
 * ({@link DetachedReads});</li>
 * <li>on the upgraded connection, follows the client's frames and answers the first that breaks
 * RFC 6455 (1002, 1007) or the size limit ({@code MESSAGE_TOO_LARGE}, 1009) itself, before Tyrus
 * buffers or misreads it; with permessage-deflate ({@link Compression}), answers in the same way a
 * message refused once inflated.</li>
 * </ul>
 * Runs on Grizzly's threads and the Gatehouse timer; calls no user code except the token verifier.
 * An application's verifier runs on Gatehouse's verifier threads while the request's read is
 * suspended, so a verifier that hangs holds none of Grizzly's threads; the read resumes, and Tyrus'
 * handshake runs, on the thread that brings the verdict.
 */
final class HandshakeFilter extends BaseFilter {
    private static final Logger LOG = System.getLogger("dev.gatehouse.handshake");
    private static final Attribute<Wire> WIRE =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HandshakeFilter.class.getName() + ".wire");

    private final GatehouseRuntime runtime;
    private final UpgradeRequestCheck upgrades;
    private final boolean diagnostic;
    private final int maxConnections;
    /** Beyond this many sockets a new one is closed without an answer: answering costs descriptors too. */
    private final int hardLimit;
    private final long handshakeTimeoutMillis;
    private final boolean tls;
    /** permessage-deflate, or null when it is off. */
    private final Compression compression;
    private static final Refusal LATE = Refusal.malformed(408, "HANDSHAKE_TIMEOUT",
            "The upgrade request was not complete in time", java.util.Map.of());

    private final AtomicInteger sockets = new AtomicInteger();
    private final BurstLog full = new BurstLog(LOG, "Connections refused: the server holds gatehouse.max-connections", 10);

    HandshakeFilter(GatehouseRuntime runtime, String path, List<String> otherPaths) {
        this(runtime, path, otherPaths, false, null);
    }

    /**
     * @param tls whether the sockets speak TLS: the handshake deadline then closes a late socket
     *     without the 408, which, written from the timer outside a filter chain run, would not reach
     *     the client through TLS (and a socket that never began TLS has nothing to carry it)
     * @param compression permessage-deflate, or null when it is off
     */
    HandshakeFilter(GatehouseRuntime runtime, String path, List<String> otherPaths, boolean tls, Compression compression) {
        GatehouseConfig config = runtime.config();
        this.tls = tls;
        this.compression = compression;
        this.runtime = runtime;
        this.upgrades = new UpgradeRequestCheck(path, otherPaths);
        this.diagnostic = config.handshakeMode() == GatehouseConfig.HandshakeMode.DIAGNOSTIC;
        this.maxConnections = config.maxConnections();
        this.hardLimit = maxConnections + Math.min(256, Math.max(16, maxConnections / 100));
        this.handshakeTimeoutMillis = config.handshakeTimeout().toMillis();
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Connection<?> socket = ctx.getConnection();
        int open = sockets.incrementAndGet();
        Wire wire = new Wire(socket, open > maxConnections);
        WIRE.set(socket, wire);
        if (open > hardLimit) {
            full.event(open + " sockets open");
            socket.closeSilently();
            return ctx.getStopAction();
        }
        armDeadline(socket, wire);
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        Wire wire = WIRE.remove(ctx.getConnection());
        if (wire != null) {
            sockets.decrementAndGet();
            wire.closed();
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        HttpContent content = ctx.getMessage();
        Wire wire = WIRE.get(ctx.getConnection());
        if (wire == null) {
            return ctx.getInvokeAction(); // not accepted through this listener's chain
        }
        FrameGuard guard = wire.guard;
        if (guard != null) {
            if (wire.earlyFrames) { // the upgrade request's remainder, after Tyrus answered it
                wire.earlyFrames = false;
                if (((HttpRequestPacket) content.getHttpHeader()).getResponse().getStatus() != 101) {
                    content.recycle();
                    return ctx.getStopAction();
                }
            }
            return guardFrames(ctx, content, wire, guard);
        }
        HttpHeader header = content.getHttpHeader();
        if (!header.isRequest()) {
            return ctx.getInvokeAction();
        }
        HttpRequestPacket request = (HttpRequestPacket) header;
        if (wire.overLimit) {
            full.event(sockets.get() + " sockets open");
            return refuse(ctx, runtime.refused(Refusal.connectionLimit(503, "Too many connections; try again later"),
                    System.nanoTime()));
        }
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            if (content.isLast()) {
                armDeadline(ctx.getConnection(), wire); // plain HTTP: the next request gets the same time
            }
            return ctx.getInvokeAction();
        }
        return upgrade(ctx, content, request, wire);
    }

    private NextAction upgrade(FilterChainContext ctx, HttpContent content, HttpRequestPacket request, Wire wire) {
        long start = System.nanoTime();
        GrizzlyRequestView view = new GrizzlyRequestView(request);
        UpgradeRequestCheck.Outcome outcome = upgrades.check(request.getMethod().getMethodString(),
                request.getRequestURI(), view);
        if (outcome instanceof UpgradeRequestCheck.Refused refused) {
            return refuse(ctx, runtime.refused(refused.refusal(), start));
        }
        if (outcome instanceof UpgradeRequestCheck.ForGatehouse gatehouse) {
            request.setRequestURI(gatehouse.path()); // the spelling Tyrus routes, whichever the client sent
            if (!diagnostic) {
                CompletableFuture<Verification> verdict = runtime.gate().checkLater(view);
                if (!verdict.isDone()) {
                    // An application's verifier: this read waits for it, and none of Grizzly's threads does.
                    // The request is complete, so its deadline is over; the verifier has its own.
                    wire.deadline(null);
                    ctx.suspend();
                    verdict.whenComplete((verification, e) ->
                            ctx.resume(decided(ctx, content, request, wire, verification, start)));
                    return ctx.getSuspendAction();
                }
                return decided(ctx, content, request, wire, verdict.join(), start);
            }
        }
        return upgraded(ctx, content, request, wire);
    }

    /**
     * The gate's verdict is in: the upgrade is refused, or goes on to Tyrus with the verdict handed
     * on. On the thread that read the request, or for a verdict that came later on the verifier's
     * (or at its time limit the timer's), which then runs the rest of the chain: Tyrus' handshake.
     */
    private NextAction decided(FilterChainContext ctx, HttpContent content, HttpRequestPacket request, Wire wire,
            Verification verification, long start) {
        Optional<Refusal> refusal = runtime.admit(verification, start);
        if (refusal.isPresent()) {
            return refuse(ctx, refusal.get());
        }
        handOn(ctx, request, verification, wire);
        return upgraded(ctx, content, request, wire);
    }

    private NextAction upgraded(FilterChainContext ctx, HttpContent content, HttpRequestPacket request, Wire wire) {
        wire.upgraded(new FrameGuard(runtime.config().maxMessageSize()));
        if (compression != null) { // Tyrus negotiates the extensions in this pass, on this thread
            Connection<?> socket = ctx.getConnection();
            compression.arm(wire, violation -> refuseInflated(socket, wire, violation));
            ctx.addCompletionListener(done -> compression.disarm());
        }
        return passEarlyFramesAfter(ctx, content, request, wire);
    }

    /**
     * Frames the client sent in the upgrade request's read, without waiting for the 101 (§1.5):
     * Grizzly's codec hands them on as the request's body, and Tyrus' handshake would drop them. So
     * they are taken out of the request and go round the chain again from this filter, as its
     * remainder, once Tyrus has answered: if it switched protocols, they are the connection's first
     * frames, guarded and passed on as any later read; if not, they are dropped: the refusal is the answer.
     */
    private static NextAction passEarlyFramesAfter(FilterChainContext ctx, HttpContent content,
            HttpRequestPacket request, Wire wire) {
        Buffer early = content.getContent();
        if (!early.hasRemaining()) {
            return ctx.getInvokeAction();
        }
        byte[] frames = new byte[early.remaining()]; // copied: the read's buffer is released with the request
        early.get(frames);
        wire.earlyFrames = true;
        return ctx.getInvokeAction(HttpContent.create(request, false, Buffers.wrap(ctx.getMemoryManager(), frames)));
    }

    /**
     * Hands the verdict to the configurator, which Tyrus calls on this thread in this pass of the
     * chain, and trims the request to what Tyrus reads. The pass's writes are held: when it ends,
     * they leave as one (the 101 and the welcome), the entry goes, and if the connection opened in
     * it, its reads are detached from the HTTP codec.
     */
    private void handOn(FilterChainContext ctx, HttpRequestPacket request, Verification verification, Wire wire) {
        Handoffs handoffs = runtime.handoffs();
        // one valid key: the upgrade check saw to it
        handoffs.hand(request.getHeader("Sec-WebSocket-Key"), new Handoffs.Entry(verification, wire));
        wire.writes.start();
        ctx.addCompletionListener(done -> {
            handoffs.clear();
            wire.releaseWrites();
            DetachedReads.detach(done.getConnection(), wire);
        });
        TrimmedRequest.trim(request);
    }

    /** The connection's wire, or null for a socket this listener's chain did not accept. */
    static Wire wire(Connection<?> socket) {
        return WIRE.get(socket);
    }

    /**
     * Passes the frames on while they keep to the protocol and the size limit. The first time they
     * do not, answers (an error frame for a message too large, then the close) and tells the
     * connection; from then on discards what the client still sends and closes the socket on its
     * close frame, or after {@link GatehouseRuntime#CLOSE_GRACE_MILLIS} (closing at once, with unread data, would reset the
     * connection and could lose the answer).
     */
    private NextAction guardFrames(FilterChainContext ctx, HttpContent content, Wire wire, FrameGuard guard) {
        Buffer frames = content.getContent();
        boolean wasClean = guard.violation() == null;
        FrameGuard.Violation violation = guard.accept(frames::get, frames.position(), frames.limit());
        if (violation == null) {
            return ctx.getInvokeAction();
        }
        content.recycle();
        if (wasClean) {
            answer(ctx, violation);
            wire.violated(violation);
        }
        if (guard.closeSeen()) {
            // Closed once what was written before has left: the answer may still be held with the
            // welcome's batch (UpgradeWrites), which a close of the socket now would drop.
            ctx.write(Buffers.EMPTY_BUFFER, closeAfterWrite(ctx.getConnection()));
        }
        return ctx.getStopAction();
    }

    private void answer(FilterChainContext ctx, FrameGuard.Violation violation) {
        // Raw buffers pass the HTTP codec unchanged, as Tyrus' own frames do.
        answerFrames(violation).forEach(frame -> ctx.write(Buffers.wrap(ctx.getMemoryManager(), frame)));
        runtime.timer().schedule(WIRE.get(ctx.getConnection())::drop, GatehouseRuntime.CLOSE_GRACE_MILLIS); // even if it reads nothing
    }

    /**
     * A compressed message broke the size limit or UTF-8 once inflated ({@link DeflateSession}):
     * answered as the guard answers one on the wire, and the guard drops every later read. On the
     * read's thread, within Tyrus' processing of the read.
     */
    @SuppressWarnings({"unchecked", "rawtypes"}) // Grizzly's Connection<L> write signature, with L unknown here
    private void refuseInflated(Connection<?> socket, Wire wire, FrameGuard.Violation violation) {
        if (!wire.guard.failAbove(violation)) {
            return;
        }
        answerFrames(violation).forEach(frame -> ((Connection) socket).write(Buffers.wrap(socket.getMemoryManager(), frame)));
        runtime.timer().schedule(wire::drop, GatehouseRuntime.CLOSE_GRACE_MILLIS);
        wire.violated(violation);
    }

    /** The frames that answer a violation: for a message too large its error frame, then the close. */
    private List<byte[]> answerFrames(FrameGuard.Violation violation) {
        LOG.log(Level.DEBUG, "Client broke the protocol: closing {0,number,#} {1}", violation.code(), violation.reason());
        byte[] close = FrameGuard.closeFrame(violation.code(), violation.reason());
        if (violation != FrameGuard.TOO_BIG) {
            return List.of(close);
        }
        int limit = runtime.config().maxMessageSize();
        byte[] error = runtime.frames().error(ErrorCode.MESSAGE_TOO_LARGE, "Frame exceeds " + limit + " bytes", null)
                .getBytes(StandardCharsets.UTF_8);
        return List.of(FrameGuard.serverFrame(0x1, error), close);
    }

    private void armDeadline(Connection<?> socket, Wire wire) {
        wire.deadline(runtime.timer().schedule(() -> {
            if (!wire.isUpgraded() && socket.isOpen()) {
                runtime.refused(LATE, System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(handshakeTimeoutMillis));
                if (tls) {
                    socket.closeSilently();
                } else {
                    write(socket, HttpResponses.bytes(LATE));
                }
            }
        }, handshakeTimeoutMillis));
    }

    /** Writes raw bytes outside a filter chain run (from the timer), then closes the socket. */
    @SuppressWarnings({"unchecked", "rawtypes"}) // Grizzly's Connection<L> write signature, with L unknown here
    private static void write(Connection<?> socket, byte[] bytes) {
        ((Connection) socket).write(Buffers.wrap(socket.getMemoryManager(), bytes), closeAfterWrite(socket));
    }

    private static NextAction refuse(FilterChainContext ctx, Refusal refusal) {
        ctx.write(Buffers.wrap(ctx.getMemoryManager(), HttpResponses.bytes(refusal)), closeAfterWrite(ctx.getConnection()));
        return ctx.getStopAction();
    }

    @SuppressWarnings("rawtypes") // Grizzly's write signatures take a raw WriteResult handler
    private static EmptyCompletionHandler<WriteResult> closeAfterWrite(Connection<?> socket) {
        return new EmptyCompletionHandler<>() {
            @Override
            public void completed(WriteResult result) {
                socket.closeSilently();
            }

            @Override
            public void failed(Throwable throwable) {
                socket.closeSilently();
            }
        };
    }

    /** The request as the handshake checks see it. */
    private static final class GrizzlyRequestView implements RequestView {
        private final HttpRequestPacket request;

        GrizzlyRequestView(HttpRequestPacket request) {
            this.request = request;
        }

        @Override
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>(1);
            request.getHeaders().values(name).forEach(values::add);
            return values;
        }

        @Override
        public Optional<String> queryParameter(String name) {
            return request.getQueryString() == null ? Optional.empty() : Optional.ofNullable(query().getParameter(name));
        }

        @Override
        public Map<String, List<String>> allHeaders() {
            Map<String, List<String>> all = new LinkedHashMap<>();
            for (String name : request.getHeaders().names()) {
                all.put(name, headers(name));
            }
            return all;
        }

        @Override
        public Map<String, List<String>> allQueryParameters() {
            if (request.getQueryString() == null) {
                return Map.of();
            }
            Parameters parameters = query();
            Map<String, List<String>> all = new LinkedHashMap<>();
            for (String name : parameters.getParameterNames()) {
                all.put(name, List.of(parameters.getParameterValues(name)));
            }
            return all;
        }

        @Override
        public Optional<String> remoteAddress() {
            return Optional.ofNullable(request.getRemoteAddress());
        }

        private Parameters query() {
            Parameters parameters = new Parameters();
            parameters.setQuery(request.getQueryStringDC());
            parameters.setQueryStringEncoding(Charsets.UTF8_CHARSET);
            parameters.handleQueryParameters();
            return parameters;
        }
    }
}
