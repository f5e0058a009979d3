/**
 * Gatehouse, an embeddable Jakarta EE WebSocket module: JWT handshake, connection lifecycle, JSON
 * message routing. The API is the packages {@code dev.gatehouse} and {@code dev.gatehouse.spi}; everything under
 * {@code dev.gatehouse.internal} is Gatehouse's own and not exported.
 *
 * <p>On the module path, a standalone server also needs Tyrus on Grizzly and jjwt's implementation
 * resolved ({@code --add-modules org.glassfish.tyrus.container.grizzly.server,jjwt.impl,jjwt.gson,com.google.gson}),
 * and Tyrus' Grizzly add-on opened to Gatehouse, whose constructor Tyrus 2.1 keeps package-private
 * ({@code --add-opens org.glassfish.tyrus.container.grizzly.server/org.glassfish.tyrus.container.grizzly.server=dev.gatehouse});
 * Bouncy Castle ({@code org.bouncycastle.provider}) is used when resolved. In a WAR the jar is on
 * the class path and this descriptor does not apply.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // jjwt, MicroProfile Config and Health, Micrometer, OpenTelemetry have no module descriptor yet
module dev.gatehouse {
    exports dev.gatehouse;
    exports dev.gatehouse.spi;
    // Tyrus calls the standalone endpoint reflectively; opened to it alone, not exported.
    opens dev.gatehouse.internal.endpoint to org.glassfish.tyrus.core;

    requires transitive jakarta.websocket;
    requires transitive jakarta.json;
    requires jakarta.json.bind;
    requires java.management;
    requires java.net.http;
    requires jjwt.api;

    // Present only where they are used: a WAR on an application server, or standalone.
    requires static jakarta.servlet;
    requires static jakarta.cdi;
    requires static microprofile.config.api;
    requires static microprofile.health.api;
    requires static org.glassfish.tyrus.core;
    requires static org.glassfish.tyrus.spi;
    requires static org.glassfish.tyrus.server;
    requires static org.glassfish.tyrus.container.grizzly.server;
    requires static org.glassfish.grizzly;
    requires static org.glassfish.grizzly.http;
    requires static org.glassfish.grizzly.http.server;
    // Metrics back ends, each optional (README "Metrics").
    requires static transitive micrometer.core;
    requires static micrometer.registry.prometheus;
    requires static transitive io.opentelemetry.api;

    uses dev.gatehouse.spi.FrameHandler;
    uses dev.gatehouse.spi.AsyncFrameHandler;
    uses dev.gatehouse.spi.ReadinessCheck;
    uses dev.gatehouse.spi.ConnectionSetup;
    uses dev.gatehouse.spi.LifecycleListener;
    uses dev.gatehouse.spi.RoomAuthorizer;
    uses dev.gatehouse.spi.UpgradeCheck;
    uses dev.gatehouse.spi.BackplaneProvider;

    // No "provides jakarta.servlet.ServletContainerInitializer": a provides clause makes the servlet
    // API mandatory at resolution. Application servers load a WAR's jars from the class path, where
    // META-INF/services registers the initializer and this descriptor is not read.
}
