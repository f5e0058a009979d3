package dev.gatehouse.it.war;

import java.net.URI;
import java.net.URL;

/** URIs under a deployment's {@code @ArquillianResource URL} ({@code http://HOST:PORT/CONTEXT/}), and the server's health endpoint. */
final class Endpoints {
    private Endpoints() {
    }

    /** {@code ws://HOST:PORT/CONTEXT/path}. */
    static URI ws(URL base, String path) {
        return URI.create(base.toString().replaceFirst("^http", "ws")).resolve(path);
    }

    /** {@code http://HOST:PORT/CONTEXT/path}. */
    static URI http(URL base, String path) {
        return URI.create(base.toString()).resolve(path);
    }

    /**
     * The server's MicroProfile Health readiness endpoint: {@code /health/ready} on the base the build
     * names in {@code gatehouse.health.base} (WildFly's management port), else on the application's
     * HTTP port (Payara Micro).
     */
    static URI healthReady(URL base) {
        String health = System.getProperty("gatehouse.health.base");
        return (health != null ? URI.create(health) : URI.create(base.toString())).resolve("/health/ready");
    }
}
