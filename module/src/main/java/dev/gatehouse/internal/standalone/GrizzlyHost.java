package dev.gatehouse.internal.standalone;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.Health;
import dev.gatehouse.internal.endpoint.ProgrammaticEndpoint;
import dev.gatehouse.spi.HttpGet;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * Tyrus on a Grizzly server that Gatehouse builds itself, so that it binds the configured host
 * (Tyrus' own {@code Server} binds every interface), puts {@link HandshakeFilter} in front of Tyrus
 * and {@link DetachedReads} in front of Grizzly's HTTP codec, and can serve a static page and plain
 * HTTP GET handlers beside the endpoint.
 */
public final class GrizzlyHost {
    /**
     * Where the server listens and serves the endpoint.
     *
     * @param host the interface to bind
     * @param port the port, 0 for a free one
     * @param path the endpoint's path
     * @param health whether {@code /health/live} and {@code /health/ready} are served
     * @param tls TLS on the port, or null for plain {@code ws://}
     * @param compression permessage-deflate, or null when it is off
     */
    public record Address(String host, int port, String path, boolean health, Tls tls, Compression compression) {
        /** An address without compression. */
        public Address(String host, int port, String path, boolean health, Tls tls) {
            this(host, port, path, health, tls, null);
        }
    }

    /** The most one socket read delivers. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final GatehouseRuntime runtime;
    private final Container container;
    private final HttpServer http = new HttpServer();
    private final NetworkListener listener;
    private final Tls tls;

    /**
     * A host, not yet started.
     *
     * @param runtime the Gatehouse runtime
     * @param address where to listen, and the endpoint's path
     * @param configurator the configurator that hands out the runtime's endpoints
     * @param staticContent class loader and folder of a static site served at {@code /}, or null
     * @param extraEndpoints further endpoints deployed beside Gatehouse's in the same container
     * @param httpGets plain HTTP GET handlers by exact path
     */
    public GrizzlyHost(GatehouseRuntime runtime, Address address, ServerEndpointConfig.Configurator configurator,
            Map.Entry<ClassLoader, String> staticContent, List<ServerEndpointConfig> extraEndpoints,
            Map<String, HttpGet> httpGets) {
        this.runtime = runtime;
        GatehouseConfig config = runtime.config();
        // Tyrus refuses (1011 "Buffer overflow") any read that does not fit its buffer beside a partial
        // frame, whatever the frames' sizes: a flood of small frames arrives in one large read. So the
        // reads are bounded, and the buffer holds a whole frame (the frame guard stops larger messages
        // before Tyrus buffers them) plus two reads.
        this.container = new Container(config.maxMessageSize() + 2 * READ_BUFFER_BYTES + 1024);
        try {
            this.container.addEndpoint(ServerEndpointConfig.Builder.create(ProgrammaticEndpoint.class, address.path())
                    .configurator(address.compression() == null ? configurator : address.compression().configurator(configurator))
                    .subprotocols(config.subprotocols())
                    .build());
            for (ServerEndpointConfig extra : extraEndpoints) {
                this.container.addEndpoint(extra);
            }
        } catch (DeploymentException e) {
            throw new IllegalStateException("Tyrus refused an endpoint (Gatehouse's at " + address.path() + ")", e);
        }
        this.listener = new NetworkListener("gatehouse", address.host(), address.port());
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        this.tls = address.tls();
        if (tls != null) {
            listener.setSecure(true);
            listener.setSSLEngineConfig(tls.engines());
        }
        List<String> otherPaths = extraEndpoints.stream().map(ServerEndpointConfig::getPath).toList();
        listener.registerAddOn((networkListener, builder) ->
                insertGatehouseFilters(builder, new HandshakeFilter(runtime, address.path(), otherPaths, tls != null,
                        address.compression())));
        listener.registerAddOn(webSocketAddOn(container));
        http.addListener(listener);
        http.getServerConfiguration().setDefaultErrorPageGenerator(GrizzlyHost::errorPage);
        if (staticContent != null) {
            http.getServerConfiguration().addHttpHandler(new StaticHandler(staticContent.getKey(), staticContent.getValue()), "/");
        }
        httpGets.forEach((path, handler) -> addGet(path, query -> CompletableFuture.completedFuture(handler.answer(query))));
        if (address.health()) {
            addGet(LIVE, query -> CompletableFuture.completedFuture(answer(runtime.health().live())));
            addGet(READY, query -> runtime.health().ready().thenApply(GrizzlyHost::answer)
                    .exceptionally(failure -> new HttpGet.Answer(503, "application/json", "{\"status\":\"DOWN\",\"checks\":[]}")));
        }
    }

    /** Liveness, MicroProfile Health's path. */
    public static final String LIVE = "/health/live";
    /** Readiness, MicroProfile Health's path. */
    public static final String READY = "/health/ready";

    /**
     * Maps the handler to its exact path in the root context: mapped as a string, Grizzly makes the
     * first segment a context ({@code /status} and {@code /status/data} would share one, and which of
     * them answered {@code /status} depended on the order they were added).
     */
    private void addGet(String path, Function<Map<String, String>, CompletionStage<HttpGet.Answer>> answers) {
        http.getServerConfiguration().addHttpHandler(new GetHandler(path, answers),
                HttpHandlerRegistration.builder().contextPath("").urlPattern(path).build());
    }

    /** A health report as the probe's answer: 200 when UP, 503 when DOWN. */
    private static HttpGet.Answer answer(Health.Report report) {
        return new HttpGet.Answer(report.up() ? 200 : 503, "application/json", report.json());
    }

    /**
     * A GET with an {@code Upgrade} header other than WebSocket's (Java's HttpClient asks for
     * {@code h2c} by default) is answered in HTTP/1.1: Grizzly would otherwise treat the answer
     * as an upgraded stream and send it without {@code Content-Type} or framing.
     */
    private static void answerAsPlainHttp(Request request) {
        HttpRequestPacket packet = request.getRequest();
        if (packet.isUpgrade()) {
            packet.getUpgradeDC().recycle();
            packet.setIgnoreContentModifiers(false);
        }
    }

    /** The static site, answered in plain HTTP/1.1 as the GET handlers are. */
    private static final class StaticHandler extends CLStaticHttpHandler {
        StaticHandler(ClassLoader loader, String folder) {
            super(loader, folder);
        }

        @Override
        public void service(Request request, Response response) throws Exception {
            answerAsPlainHttp(request);
            super.service(request, response);
        }
    }

    /**
     * GET at one exact path, answered with {@code no-store}. An
     * answer that is not ready yet (the readiness checks running on Gatehouse's workers) suspends
     * the request, so no Grizzly thread waits for it.
     */
    private static final class GetHandler extends HttpHandler {
        private final String path;
        private final Function<Map<String, String>, CompletionStage<HttpGet.Answer>> answers;

        GetHandler(String path, Function<Map<String, String>, CompletionStage<HttpGet.Answer>> answers) {
            this.path = path;
            this.answers = answers;
        }

        @Override
        public void service(Request request, Response response) throws IOException {
            answerAsPlainHttp(request);
            if (!request.getRequestURI().equals(path)) {
                response.sendError(404);
                return;
            }
            if (request.getMethod() != Method.GET) {
                response.setHeader("Allow", "GET");
                response.sendError(405);
                return;
            }
            CompletableFuture<HttpGet.Answer> answer = answers.apply(query(request.getQueryString())).toCompletableFuture();
            if (answer.isDone()) {
                write(response, answer.join());
                return;
            }
            response.suspend();
            answer.whenComplete((a, failure) -> {
                try {
                    if (failure == null) {
                        write(response, a);
                    } else {
                        response.setStatus(500);
                    }
                } catch (IOException | RuntimeException e) {
                    // the client went away
                } finally {
                    response.resume();
                }
            });
        }

        private static void write(Response response, HttpGet.Answer answer) throws IOException {
            response.setStatus(answer.status());
            response.setHeader("Cache-Control", "no-store");
            response.setContentType(answer.contentType());
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(answer.body());
        }

        /** The query's parameters, UTF-8 decoded, the first value of each. */
        private static Map<String, String> query(String text) {
            Map<String, String> query = new LinkedHashMap<>();
            if (text == null) {
                return query;
            }
            for (String pair : text.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!name.isEmpty()) {
                    query.putIfAbsent(name, value);
                }
            }
            return query;
        }
    }

    /** Grizzly's own error pages name its version; these say only what went wrong. */
    private static String errorPage(org.glassfish.grizzly.http.server.Request request, int status, String reasonPhrase,
            String description, Throwable exception) {
        return "<!DOCTYPE html><title>" + status + "</title><p>" + status + " " + reasonPhrase + "</p>";
    }

    /**
     * Binds and starts; throws when the port is taken, and stops again with an
     * IllegalStateException when Grizzly's filter chain is not of the shape Gatehouse's filters
     * need ({@link FilterChainShape}).
     */
    public void start() throws IOException {
        listener.getTransport().setReadBufferSize(READ_BUFFER_BYTES);
        try { // the endpoints first: an upgrade that arrives the moment the port opens finds them
            container.start("", listener.getPort());
        } catch (DeploymentException e) {
            throw new IOException("Tyrus could not deploy the Gatehouse endpoint", e);
        }
        try {
            http.start();
        } catch (IOException e) {
            container.stop();
            throw e;
        }
        try {
            FilterChainShape.check(filters());
        } catch (IllegalStateException e) {
            http.shutdownNow();
            container.stop();
            throw e;
        }
        listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
        if (tls != null) {
            tls.startReloading(runtime.metrics()::tlsReloadRefused);
        }
    }

    /** The classes of the started listener's filters, in chain order. */
    List<Class<?>> filters() {
        return listener.getFilterChain().stream().<Class<?>>map(Object::getClass).toList();
    }

    /** The listener's transport, for a test's probes. */
    org.glassfish.grizzly.Transport transport() {
        return listener.getTransport();
    }

    /** The port actually bound. */
    public int port() {
        return listener.getPort();
    }

    /** Closes every connection with 1001, then stops Tyrus and Grizzly. */
    public void stop(Duration grace) {
        if (tls != null) {
            tls.stopReloading();
        }
        runtime.shutdown(grace);
        container.stop();
        http.shutdownNow();
    }

    /** Puts the handshake filter after Grizzly's HTTP codec, and {@link DetachedReads} just in front of the codec. */
    private static void insertGatehouseFilters(FilterChainBuilder builder, HandshakeFilter filter) {
        int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
        int index = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0 || index < codec) {
            throw new IllegalStateException("Grizzly's filter chain has no HTTP codec in front of its HTTP server");
        }
        builder.add(index, filter);
        builder.add(codec, new DetachedReads());
    }

    /** Tyrus 2.1 keeps this constructor package-private, though the class is public for exactly this use. */
    private static AddOn webSocketAddOn(ServerContainer container) {
        try {
            Constructor<WebSocketAddOn> c = WebSocketAddOn.class.getDeclaredConstructor(ServerContainer.class, String.class);
            c.setAccessible(true);
            return c.newInstance(container, "");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("This Tyrus version's WebSocketAddOn cannot be created", e);
        }
    }

    /** A Tyrus server container whose engine Gatehouse configures. */
    private static final class Container extends TyrusServerContainer {
        private final TyrusWebSocketEngine engine;

        Container(int incomingBufferSize) {
            super((Set<Class<?>>) null);
            this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
        }

        @Override
        public void register(Class<?> endpointClass) throws DeploymentException {
            engine.register(endpointClass, "");
        }

        @Override
        public void register(ServerEndpointConfig config) throws DeploymentException {
            engine.register(config, "");
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return engine;
        }

        @Override
        public Map<String, Object> getProperties() {
            return Map.of();
        }
    }
}
