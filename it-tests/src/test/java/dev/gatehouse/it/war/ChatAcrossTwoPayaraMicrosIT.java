package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.test.TestConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Two Payara Micro processes clustered through their own data grid, each running the same chat WAR
 * on {@code gatehouse.cluster.hazelcast.instance=payara} (gatehouse-hazelcast in WEB-INF/lib, no
 * Hazelcast jar): Gatehouse needs nothing but the cluster Payara already forms. The instances are
 * started as an operator starts them, the test's own processes rather than the Arquillian adapter's
 * (which starts each with {@code --nocluster}: a member that looks for no other, which an instance
 * in Payara's {@code domain} discovery mode can join, one in {@code tcpip} mode cannot): TCP/IP
 * discovery on loopback, a cluster name of this run (no other Payara Micro on the machine joins),
 * the node id given to each JVM ({@code -Dgatehouse.cluster.node-id}). Tag {@code payara-micro}: it
 * runs in the build's Payara execution, once.
 */
@Tag("payara-micro")
class ChatAcrossTwoPayaraMicrosIT {
    private static final String CLUSTER = "gatehouse-it-" + ProcessHandle.current().pid();
    private static final String CONTEXT = "hzchat";
    private static PayaraMicroProcess first;
    private static PayaraMicroProcess second;

    @BeforeAll
    static void startTwoClusteredPayaraMicros() {
        File war = new File("target", CONTEXT + ".war");
        Wars.exampleChat(CONTEXT, Map.of("gatehouse.cluster.hazelcast.instance", "payara",
                "gatehouse.cluster.secret", Wars.CLUSTER_SECRET), Wars.backplaneLibraries("hazelcast"))
                .as(ZipExporter.class).exportTo(war, true);
        int firstGrid = PayaraMicroProcess.freePort();
        int secondGrid = PayaraMicroProcess.freePort();
        String members = "127.0.0.1:" + firstGrid + ",127.0.0.1:" + secondGrid;
        first = start("payara-a", war, firstGrid, members);
        // The second is started once the first one's member runs, so it joins it rather than racing
        // it into two clusters of one; its deployment then finds both members.
        first.awaitOutput("Data Grid Status");
        second = start("payara-b", war, secondGrid, members);
        first.awaitReady();
        second.awaitReady();
    }

    /** Both instances on one host: without {@code --nohostaware} Payara would keep no backup of a partition at all. */
    private static PayaraMicroProcess start(String node, File war, int gridPort, String members) {
        return PayaraMicroProcess.start(node, war, List.of("-Xmx512m", "-Dgatehouse.cluster.node-id=" + node),
                List.of("--clustermode", "tcpip:" + members, "--clustername", CLUSTER, "--startport",
                        Integer.toString(gridPort), "--nohostaware"));
    }

    @AfterAll
    static void stop() {
        for (PayaraMicroProcess p : new PayaraMicroProcess[] {first, second}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void aRoomMessageAndPresenceCrossBetweenTwoPayaraMicrosOnTheirOwnDataGridBothWays() throws Throwable {
        withTheirOutput(() -> {
            String cluster = "Payara's instance (payara/Hazelcast), member of cluster \"" + CLUSTER + "\"";
            assertTrue(backplane(first).startsWith("hazelcast: " + cluster), backplane(first));
            assertEquals("hazelcast: " + cluster + " (2 members)", backplane(second));
            try (TestConnection onFirst = TestConnection.welcomed(Endpoints.ws(first.base(CONTEXT), "ws"), Tokens.valid("alice"));
                 TestConnection onSecond = TestConnection.welcomed(Endpoints.ws(second.base(CONTEXT), "ws"), Tokens.valid("bob"))) {
                ChatAcrossNodes.crossBothWays("hz-payaras", onFirst, "alice", onSecond, "bob");
            }
        });
    }

    /** The Gatehouse backplane's engine and topology, as the instance's {@code /health/ready} shows them. */
    private static String backplane(PayaraMicroProcess payara) throws IOException, InterruptedException {
        URL base = payara.base(CONTEXT);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(Endpoints.healthReady(base)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), Endpoints.healthReady(base) + ": " + r.body());
        JsonObject gatehouse = Json.createReader(new StringReader(r.body())).readObject().getJsonArray("checks").stream()
                .map(JsonObject.class::cast).filter(c -> c.getString("name").equals("gatehouse")).findFirst()
                .orElseThrow(() -> new AssertionError("no gatehouse check in " + r.body()));
        return gatehouse.getJsonObject("data").getString("gatehouse-backplane engine");
    }

    /** Runs the test; a failure carries the end of both instances' output. */
    private static void withTheirOutput(Executable test) throws Throwable {
        try {
            test.execute();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + first.tail() + second.tail(), e);
        }
    }
}
