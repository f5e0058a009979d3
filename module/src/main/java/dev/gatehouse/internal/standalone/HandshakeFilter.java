package dev.gatehouse.internal.standalone;

import dev.gatehouse.CloseCodes;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.Verification;
import dev.gatehouse.internal.handshake.Refusal;
import dev.gatehouse.internal.handshake.RequestView;
import dev.gatehouse.internal.lifecycle.GatehouseRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.glassfish.grizzly.Buffer;
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
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.util.Parameters;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.utils.Charsets;

/**
 * Sits in front of Tyrus in the Grizzly filter chain and does what Tyrus cannot:
 * <ul>
 * <li>refuses a bad upgrade request on the endpoint path with a real HTTP response: status,
 * {@code WWW-Authenticate}, JSON body and {@code Connection: close}, then closes the socket (Tyrus
 * alone can only drop the connection or hang it, see PLATFORM-FACTS.md); accepted requests, and
 * every request in diagnostic mode, pass on;</li>
 * <li>on the upgraded connection, follows the frame headers and answers a message over
 * {@code gatehouse.max-message-size} with {@code MESSAGE_TOO_LARGE} and close 1009 before any of it
 * is buffered (Tyrus would close 1011 once its buffer overflows).</li>
 * </ul>
 */
final class HandshakeFilter extends BaseFilter {
    /** Set on a connection once its upgrade request passed: the frames that follow are guarded. */
    /** How long a client that sent a too-large message has to send its close frame. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final Attribute<FrameSizeGuard> UPGRADED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HandshakeFilter.class.getName() + ".guard");

    private final GatehouseRuntime runtime;
    private final String path;
    private final boolean diagnostic;

    HandshakeFilter(GatehouseRuntime runtime) {
        this.runtime = runtime;
        this.path = runtime.config().path();
        this.diagnostic = runtime.config().handshakeMode() == GatehouseConfig.HandshakeMode.DIAGNOSTIC;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        HttpContent content = ctx.getMessage();
        FrameSizeGuard guard = UPGRADED.get(ctx.getConnection());
        if (guard != null) {
            return guardFrames(ctx, content, guard);
        }
        HttpHeader header = content.getHttpHeader();
        if (!header.isRequest() || !"websocket".equalsIgnoreCase(header.getUpgrade())) {
            return ctx.getInvokeAction();
        }
        HttpRequestPacket request = (HttpRequestPacket) header;
        if (!path.equals(request.getRequestURI())) {
            return ctx.getInvokeAction();
        }
        if (!diagnostic && runtime.gate().check(new GrizzlyRequestView(request)) instanceof Verification.Rejected rejected) {
            refuse(ctx, request, runtime.refusal(rejected));
            return ctx.getStopAction();
        }
        guard = new FrameSizeGuard(runtime.config().maxMessageSize());
        UPGRADED.set(ctx.getConnection(), guard);
        return guardFrames(ctx, content, guard);
    }

    /**
     * Passes the frames on while they stay within the size limit. The first time they do not, answers
     * {@code MESSAGE_TOO_LARGE} and close 1009; from then on discards what the client still sends and
     * closes the socket on its close frame, or after {@link #CLOSE_GRACE} (closing at once, with
     * unread data, would reset the connection and could lose the answer).
     */
    private NextAction guardFrames(FilterChainContext ctx, HttpContent content, FrameSizeGuard guard) {
        Buffer frames = content.getContent();
        boolean wasOver = guard.isOver();
        if (guard.accept(frames::get, frames.position(), frames.limit())) {
            return ctx.getInvokeAction();
        }
        content.recycle();
        if (!wasOver) {
            answerTooLarge(ctx);
        }
        if (guard.closeSeen()) {
            ctx.getConnection().closeSilently();
        }
        return ctx.getStopAction();
    }

    private void answerTooLarge(FilterChainContext ctx) {
        int limit = runtime.config().maxMessageSize();
        byte[] error = runtime.frames().error(ErrorCode.MESSAGE_TOO_LARGE, "Frame exceeds " + limit + " bytes", null)
                .getBytes(StandardCharsets.UTF_8);
        // Raw buffers pass the HTTP codec unchanged, as Tyrus' own frames do.
        ctx.write(Buffers.wrap(ctx.getMemoryManager(), FrameSizeGuard.serverFrame(0x1, error)));
        ctx.write(Buffers.wrap(ctx.getMemoryManager(),
                FrameSizeGuard.closeFrame(CloseCodes.TOO_BIG, ErrorCode.MESSAGE_TOO_LARGE.name())));
        var connection = ctx.getConnection();
        CompletableFuture.delayedExecutor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(connection::closeSilently);
    }

    private static void refuse(FilterChainContext ctx, HttpRequestPacket request, Refusal refusal) {
        byte[] body = refusal.body().getBytes(StandardCharsets.UTF_8);
        HttpResponsePacket response = request.getResponse();
        response.setStatus(refusal.status());
        // setContentType alone is not serialized when this filter answers ahead of the HTTP server filter.
        response.getHeaders().setValue("Content-Type").setString("application/json");
        response.setContentLength(body.length);
        response.setHeader("Connection", "close");
        response.getProcessingState().setKeepAlive(false);
        refusal.wwwAuthenticate().ifPresent(v -> response.setHeader("WWW-Authenticate", v));
        HttpContent answer = HttpContent.builder(response)
                .content(Buffers.wrap(ctx.getMemoryManager(), body))
                .last(true)
                .build();
        ctx.write(answer, closeAfterWrite(ctx));
    }

    private static EmptyCompletionHandler<WriteResult> closeAfterWrite(FilterChainContext ctx) {
        return new EmptyCompletionHandler<>() {
            @Override
            public void completed(WriteResult result) {
                ctx.getConnection().closeSilently();
            }

            @Override
            public void failed(Throwable throwable) {
                ctx.getConnection().closeSilently();
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
            if (request.getQueryString() == null) {
                return Optional.empty();
            }
            Parameters parameters = new Parameters();
            parameters.setQuery(request.getQueryStringDC());
            parameters.setQueryStringEncoding(Charsets.UTF8_CHARSET);
            parameters.handleQueryParameters();
            return Optional.ofNullable(parameters.getParameter(name));
        }
    }
}
