package dev.gatehouse.it;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code queryParamToken(true)} reads the {@code access_token} query parameter. */
class QueryParamTokenIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.queryParamToken(true), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void queryParameterTokenIsAcceptedWhenEnabled() {
        URI uri = URI.create(server.uri() + "?access_token=" + TestServer.token("alice"));
        try (TestClient client = TestClient.connect(uri, Map.of(), List.of())) {
            TokenSourcesIT.assertWelcomedAs(client, "alice");
        }
    }
}
