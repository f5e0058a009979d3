package dev.gatehouse.jms;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.jms.internal.JmsOptions;
import dev.gatehouse.jms.internal.JmsSettings;
import dev.gatehouse.jms.internal.Jndi;
import dev.gatehouse.jms.internal.TopicBackplane;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * The JMS backplane for code that builds Gatehouse itself rather than through
 * {@link JmsBackplaneProvider}, on a connection factory and topic the application has:
 *
 * <pre>{@code
 * @Resource(lookup = "java:comp/DefaultJMSConnectionFactory") ConnectionFactory factory;
 * @Resource(lookup = "java:app/jms/gatehouse") Topic topic;
 *
 * Backplane jms = JmsBackplane.create(factory, topic, new BackplaneProvider.Node("node-1", Duration.ofSeconds(10)));
 * Gatehouse.builder().config(GatehouseConfig.from(ConfigSource.system()).nodeId("node-1").build())
 *         .backplane(jms).build();
 * }</pre>
 *
 * Give it the node id Gatehouse runs with ({@code gatehouse.cluster.node-id}): a node's
 * subscription leaves out the messages of its own id. JMS keeps neither presence nor history, so
 * Gatehouse refuses {@code gatehouse.presence.rooms} and {@code gatehouse.history.rooms} on it.
 * Not instantiable.
 */
public final class JmsBackplane {

    private JmsBackplane() {
    }

    /**
     * A JMS backplane from the {@code gatehouse.cluster.jms.*} settings, its JNDI names looked up on
     * this thread. It connects once within {@code gatehouse.cluster.jms.timeout}; an unreachable
     * broker is no error (it keeps connecting in the background and reports not connected
     * meanwhile).
     *
     * @param config the settings; {@code gatehouse.cluster.jms.connection-factory} is required
     * @param node this node: its id
     * @return the backplane; Gatehouse starts and closes it
     * @throws ConfigurationException when the connection factory is not set, a setting is wrong, a
     *     JNDI name is not bound, or the broker refuses the credentials
     */
    public static Backplane create(ConfigSource config, BackplaneProvider.Node node) {
        JmsSettings settings = JmsSettings.from(config).orElseThrow(() -> new ConfigurationException(
                JmsSettings.CONNECTION_FACTORY, "required: the JNDI name of a jakarta.jms.ConnectionFactory"));
        return TopicBackplane.open(Jndi.resolve(settings), node);
    }

    /**
     * A JMS backplane with the defaults: a non-durable subscription, NON_PERSISTENT delivery, no
     * credentials, a publish queue of 10,000, plain daemon threads, a timeout of 2 s.
     *
     * @param connectionFactory makes the backplane's two connections
     * @param topic the topic every node of the cluster shares
     * @param node this node: its id
     * @return the backplane; Gatehouse starts and closes it
     */
    public static Backplane create(ConnectionFactory connectionFactory, Topic topic, BackplaneProvider.Node node) {
        return builder(connectionFactory).topic(topic).build(node);
    }

    /**
     * A builder of a JMS backplane on this connection factory.
     *
     * @param connectionFactory makes the backplane's two connections
     * @return the builder
     */
    public static Builder builder(ConnectionFactory connectionFactory) {
        return new Builder(connectionFactory);
    }

    /** Builds a JMS backplane; not thread-safe, a builder per backplane. */
    public static final class Builder {
        private final ConnectionFactory connectionFactory;
        private Topic topic;
        private String topicName = "gatehouse";
        private String username;
        private char[] password;
        private Path passwordFile;
        private boolean durable;
        private boolean persistent;
        private int publishQueue = 10_000;
        private ThreadFactory threads;
        private Duration timeout = Duration.ofSeconds(2);

        private Builder(ConnectionFactory connectionFactory) {
            this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
        }

        /**
         * The topic every node shares (instead of one made by name).
         *
         * @param topic the topic
         * @return this builder
         */
        public Builder topic(Topic topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            this.topicName = null;
            return this;
        }

        /**
         * The topic's name at the provider, made with {@code Session.createTopic}; {@code gatehouse}
         * unless a topic is given.
         *
         * @param name the name
         * @return this builder
         */
        public Builder topicName(String name) {
            if (Objects.requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("the topic name is blank");
            }
            this.topicName = name;
            this.topic = null;
            return this;
        }

        /**
         * The user the connections authenticate as.
         *
         * @param username the user
         * @param password its password (copied)
         * @return this builder
         */
        public Builder credentials(String username, char[] password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = password == null ? null : password.clone();
            this.passwordFile = null;
            return this;
        }

        /**
         * The user the connections authenticate as, its password in a file read by {@link #build}
         * (as {@code gatehouse.cluster.jms.username} and {@code gatehouse.cluster.jms.password-file}).
         *
         * @param username the user
         * @param passwordFile the file holding its password (trailing whitespace trimmed)
         * @return this builder
         */
        public Builder credentials(String username, Path passwordFile) {
            this.username = Objects.requireNonNull(username, "username");
            this.passwordFile = Objects.requireNonNull(passwordFile, "passwordFile");
            this.password = null;
            return this;
        }

        /**
         * A shared durable subscription per node, named {@code gatehouse.<topic>.<node id>}, instead
         * of a non-durable one: what is published while this node's connection is away waits for it
         * at the broker. The node id must stay the same across restarts; a node that closes normally
         * removes its subscription, one that never comes back leaves it to the broker's
         * administrator (or the broker's message expiry).
         *
         * @param durable whether the subscription is durable
         * @return this builder
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /**
         * PERSISTENT delivery instead of NON_PERSISTENT: the broker writes each message before it
         * answers, which is worth it only together with {@link #durable(boolean)}.
         *
         * @param persistent whether messages are persistent
         * @return this builder
         */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /**
         * How many publishes may wait for the publishing thread; beyond it a publish fails at once.
         *
         * @param messages 1 to 1,000,000 (10,000 by default)
         * @return this builder
         */
        public Builder publishQueue(int messages) {
            if (messages < 1 || messages > 1_000_000) {
                throw new IllegalArgumentException("publishQueue must be 1 to 1,000,000, got " + messages);
            }
            this.publishQueue = messages;
            return this;
        }

        /**
         * Where the backplane's two threads come from: in a Jakarta EE container, its
         * {@code ManagedThreadFactory}; plain daemon threads by default.
         *
         * @param threads the thread factory
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory threads) {
            this.threads = Objects.requireNonNull(threads, "threads");
            return this;
        }

        /**
         * How long {@link #build} waits for the first connection, and close for the link to end.
         *
         * @param timeout above 0
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be above 0");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The backplane, connected once within the timeout (an unreachable broker is no error).
         *
         * @param node this node: its id
         * @return the backplane; Gatehouse starts and closes it
         * @throws ConfigurationException when the password file cannot be read (naming
         *     {@code gatehouse.cluster.jms.password-file}) or the broker refuses the credentials
         */
        public Backplane build(BackplaneProvider.Node node) {
            Objects.requireNonNull(node, "node");
            char[] secret = passwordFile == null ? password : JmsSettings.readPassword(passwordFile.toString());
            JmsOptions options = new JmsOptions(connectionFactory, "the application's ConnectionFactory", topic,
                    topicName, username, secret, durable, persistent, publishQueue,
                    threads, timeout);
            return TopicBackplane.open(options, node);
        }
    }
}
