package dev.gatehouse.it.war;

import java.net.URI;
import java.net.URL;

/** WebSocket URIs under a deployment's {@code @ArquillianResource URL} ({@code http://HOST:PORT/CONTEXT/}). */
final class Endpoints {
    private Endpoints() {
    }

    /** {@code ws://HOST:PORT/CONTEXT/path}. */
    static URI ws(URL base, String path) {
        return URI.create(base.toString().replaceFirst("^http", "ws")).resolve(path);
    }
}
