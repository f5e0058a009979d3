package dev.gatehouse.jms.internal;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * What the backplane runs on, resolved: the connection factory and the topic (or its name), the
 * credentials, the delivery choices and the bounds. Made from settings ({@link Jndi}) or by the
 * application's code ({@code JmsBackplane.Builder}). The password appears in no {@link #toString()}.
 * Immutable.
 *
 * @param connectionFactory makes the connections
 * @param factoryName how the topology names the factory: its JNDI name, or {@code the application's ConnectionFactory}
 * @param topic the topic, or null to make it by {@code topicName} on the first session
 * @param topicName the topic's name at the provider, or null when {@code topic} is given
 * @param username the user to connect as, or null for {@code createConnection()}
 * @param password its password, or null
 * @param durable a shared durable subscription per node instead of a non-durable one
 * @param persistent PERSISTENT instead of NON_PERSISTENT delivery
 * @param publishQueue how many publishes may wait for the publishing thread
 * @param threads makes the backplane's two threads (a container's ManagedThreadFactory); null for plain daemon threads
 * @param timeout the first connection's wait at startup, and close's
 */
public record JmsOptions(ConnectionFactory connectionFactory, String factoryName, Topic topic, String topicName,
        String username, char[] password, boolean durable, boolean persistent, int publishQueue,
        ThreadFactory threads, Duration timeout) {

    /** Checks the choices. */
    public JmsOptions {
        Objects.requireNonNull(connectionFactory, "connectionFactory");
        Objects.requireNonNull(factoryName, "factoryName");
        if ((topic == null) == (topicName == null)) {
            throw new IllegalArgumentException("give a topic or a topic name");
        }
        if (publishQueue < 1) {
            throw new IllegalArgumentException("publishQueue must be at least 1");
        }
        Objects.requireNonNull(timeout, "timeout");
        threads = threads != null ? threads : Threads.daemon();
        password = password == null ? null : password.clone();
    }

    @Override
    public String toString() {
        return "JmsOptions[" + factoryName + ", topic " + (topicName != null ? topicName : topic)
                + (username != null ? ", as " + username : "") + (durable ? ", durable" : "")
                + (persistent ? ", persistent" : "") + ", publish queue " + publishQueue + "]";
    }
}
