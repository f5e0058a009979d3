package dev.gatehouse.internal.standalone;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.Verification;
import dev.gatehouse.internal.handshake.Refusal;
import dev.gatehouse.internal.handshake.RequestView;
import dev.gatehouse.internal.lifecycle.GatehouseRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * Sits in front of Tyrus in the Grizzly filter chain and refuses a bad upgrade request on the
 * endpoint path with a real HTTP response: status, {@code WWW-Authenticate}, JSON body and
 * {@code Connection: close}, then closes the socket. Tyrus alone can only drop the connection or
 * hang it (see PLATFORM-FACTS.md). Accepted requests, and every request in diagnostic mode, pass on.
 */
final class HandshakeFilter extends BaseFilter {
    private static final Attribute<Boolean> CHECKED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HandshakeFilter.class.getName() + ".checked");

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
        HttpHeader header = content.getHttpHeader();
        if (diagnostic || !header.isRequest() || !"websocket".equalsIgnoreCase(header.getUpgrade())
                || CHECKED.isSet(ctx.getConnection())) {
            return ctx.getInvokeAction();
        }
        HttpRequestPacket request = (HttpRequestPacket) header;
        if (!path.equals(request.getRequestURI())) {
            return ctx.getInvokeAction();
        }
        CHECKED.set(ctx.getConnection(), Boolean.TRUE);
        Verification verification = runtime.gate().check(new GrizzlyRequestView(request));
        if (verification instanceof Verification.Rejected rejected) {
            refuse(ctx, request, runtime.refusal(rejected));
            return ctx.getStopAction();
        }
        return ctx.getInvokeAction();
    }

    private static void refuse(FilterChainContext ctx, HttpRequestPacket request, Refusal refusal) {
        byte[] body = refusal.body().getBytes(StandardCharsets.UTF_8);
        HttpResponsePacket response = request.getResponse();
        response.setStatus(refusal.status());
        // An upgrade request skips Grizzly's content modifiers, which would serialize setContentType().
        response.getHeaders().setValue("Content-Type").setString("application/json");
        response.setContentLength(body.length);
        response.setHeader("Connection", "close");
        response.getProcessingState().setKeepAlive(false);
        refusal.wwwAuthenticate().ifPresent(v -> response.setHeader("WWW-Authenticate", v));
        HttpContent answer = HttpContent.builder(response)
                .content(Buffers.wrap(ctx.getMemoryManager(), body))
                .last(true)
                .build();
        ctx.write(answer, new EmptyCompletionHandler<WriteResult>() {
            @Override
            public void completed(WriteResult result) {
                ctx.getConnection().closeSilently();
            }

            @Override
            public void failed(Throwable throwable) {
                ctx.getConnection().closeSilently();
            }
        });
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
