package dev.gatehouse.jms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

/**
 * A real ActiveMQ Artemis broker in this JVM, with a TCP acceptor on a free port of 127.0.0.1 and
 * nothing kept on disk (a restart comes back empty, like a broker without persistence). With
 * credentials, it admits one user and refuses every other. {@link #stop} and {@link #start} take
 * it away and bring it back on the same port.
 */
public final class ArtemisBroker implements AutoCloseable {
    /** The user a broker with credentials admits. */
    public static final String USER = "gatehouse";
    /** Its password. */
    public static final String PASSWORD = "s3cret-of-the-broker";

    /** What the nodes' URL adds to Artemis' defaults. */
    public static final String URL_OPTIONS = "retryInterval=100";

    private final int port;
    private final boolean secured;
    private final Path dir;
    private EmbeddedActiveMQ server;

    private ArtemisBroker(int port, boolean secured) throws IOException {
        this.port = port;
        this.secured = secured;
        this.dir = Files.createTempDirectory("artemis");
    }

    /** A broker anyone may use. */
    public static ArtemisBroker start() {
        return start(false);
    }

    /** A broker that admits {@link #USER} only, when {@code secured}. */
    public static ArtemisBroker start(boolean secured) {
        try {
            ArtemisBroker b = new ArtemisBroker(freePort(), secured);
            b.run();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the broker (again). */
    public synchronized void run() {
        try {
            Configuration c = new ConfigurationImpl()
                    .setPersistenceEnabled(false)
                    .setSecurityEnabled(secured)
                    .setJMXManagementEnabled(false)
                    .setCriticalAnalyzer(false)
                    .addAcceptorConfiguration("tcp", url());
            c.setBrokerInstance(dir.toFile());
            EmbeddedActiveMQ s = new EmbeddedActiveMQ();
            s.setConfiguration(c);
            if (secured) {
                s.setSecurityManager(new OneUser());
            }
            s.start();
            server = s;
        } catch (Exception e) {
            throw new IllegalStateException("The Artemis broker did not start on port " + port, e);
        }
    }

    /** Stops the broker: every client's connection drops. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("The Artemis broker did not stop", e);
            } finally {
                server = null;
            }
        }
    }

    /** {@return the broker's URL for a client} */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** {@return the client connections the broker holds now} */
    public synchronized int connections() {
        return server == null ? 0 : server.getActiveMQServer().getConnectionCount();
    }

    /**
     * {@return whether a queue whose name contains this exists: a durable subscription's, for
     * instance, which Artemis names after the subscription with its dots escaped}
     */
    public synchronized boolean hasQueueContaining(String part) {
        return server != null && server.getActiveMQServer().getPostOffice().getAllBindings()
                .anyMatch(b -> b.getUniqueName().toString().replace("\\.", ".").contains(part));
    }

    /**
     * The settings of a node that reaches this broker the way an application outside a container
     * does: Artemis' own JNDI, whose provider URL binds {@code ConnectionFactory}. The URL carries
     * {@value #URL_OPTIONS} (the README's advice: Artemis waits {@code retryInterval}, 2 s by
     * default, in each attempt to reach a broker it knew); {@code -Dgatehouse.test.artemis-url-options=}
     * runs with Artemis' defaults.
     */
    public Map<String, String> nodeSettings() {
        Map<String, String> s = new HashMap<>();
        String options = System.getProperty("gatehouse.test.artemis-url-options", URL_OPTIONS);
        s.put("gatehouse.cluster.jms.initial-context-factory", "org.apache.activemq.artemis.jndi.ActiveMQInitialContextFactory");
        s.put("gatehouse.cluster.jms.provider-url", url() + (options.isBlank() ? "" : "?" + options));
        s.put("gatehouse.cluster.jms.connection-factory", "ConnectionFactory");
        if (secured) {
            s.put("gatehouse.cluster.jms.username", USER);
            s.put("gatehouse.cluster.jms.password", PASSWORD);
        }
        return s;
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }

    /** Admits {@link #USER} with {@link #PASSWORD} to everything, and no one else. */
    private static final class OneUser implements ActiveMQSecurityManager {
        @Override
        public boolean validateUser(String user, String password) {
            return USER.equals(user) && PASSWORD.equals(password);
        }

        @Override
        public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
            return validateUser(user, password);
        }
    }
}
