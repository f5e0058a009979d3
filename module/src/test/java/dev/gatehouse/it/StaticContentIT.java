package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The static site beside the endpoint answers in plain HTTP/1.1 with its media type, also to a
 * client that asks to upgrade to h2c (Java's HttpClient does by default), as the GET handlers do.
 */
class StaticContentIT {
    @Test
    void aStaticFileIsServedWithItsMediaTypeToAClientAskingForH2c() throws Exception {
        Gatehouse gatehouse = Gatehouse.builder().config(GatehouseConfig.builder().hmacSecret(TestServer.SECRET).build()).build();
        GatehouseServer server = GatehouseServer.builder(gatehouse).port(0)
                .staticContent(StaticContentIT.class.getClassLoader(), "static-site/").build().start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/hello.js");
            HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()
                    .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, answer.version());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").contains("javascript"), answer.headers().map().toString());
            assertEquals("export const hello = \"static\";\n", answer.body());
        } finally {
            server.stop();
        }
    }
}
