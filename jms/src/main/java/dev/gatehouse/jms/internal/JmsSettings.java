package dev.gatehouse.jms.internal;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code gatehouse.cluster.jms.*} settings, checked at startup; no Jakarta Messaging type is
 * touched here, so that reading them works without the API on the class path. The password is
 * kept as characters and appears in no message, no exception and no {@link #toString()}.
 * Immutable.
 */
public final class JmsSettings {
    /** JNDI name of the {@code ConnectionFactory}; setting it turns the JMS backplane on. */
    public static final String CONNECTION_FACTORY = "gatehouse.cluster.jms.connection-factory";
    /** JNDI name of the topic. */
    public static final String TOPIC = "gatehouse.cluster.jms.topic";
    /** The topic's name at the provider ({@code Session.createTopic}), when no JNDI name is given. */
    public static final String TOPIC_NAME = "gatehouse.cluster.jms.topic-name";
    /** {@code java.naming.factory.initial} for a JNDI outside the container. */
    public static final String INITIAL_CONTEXT_FACTORY = "gatehouse.cluster.jms.initial-context-factory";
    /** {@code java.naming.provider.url} for a JNDI outside the container. */
    public static final String PROVIDER_URL = "gatehouse.cluster.jms.provider-url";
    /** The user the connections (and a remote JNDI) authenticate as. */
    public static final String USERNAME = "gatehouse.cluster.jms.username";
    /** Its password. */
    public static final String PASSWORD = "gatehouse.cluster.jms.password";
    /** A file holding its password. */
    public static final String PASSWORD_FILE = "gatehouse.cluster.jms.password-file";
    /** A durable subscription per node. */
    public static final String DURABLE = "gatehouse.cluster.jms.durable";
    /** PERSISTENT delivery. */
    public static final String PERSISTENT = "gatehouse.cluster.jms.persistent";
    /** Publishes waiting for the publishing thread. */
    public static final String PUBLISH_QUEUE = "gatehouse.cluster.jms.publish-queue";
    /** The first connection's wait at startup, and close's. */
    public static final String TIMEOUT = "gatehouse.cluster.jms.timeout";
    /** The node id setting of the core, which a durable subscription is named after. */
    static final String NODE_ID = "gatehouse.cluster.node-id";

    static final String DEFAULT_TOPIC_NAME = "gatehouse";
    static final int DEFAULT_PUBLISH_QUEUE = 10_000;
    static final int MAX_PUBLISH_QUEUE = 1_000_000;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final String connectionFactory;
    private final String topic;
    private final String topicName;
    private final String initialContextFactory;
    private final String providerUrl;
    private final String username;
    private final char[] password;
    private final boolean durable;
    private final boolean persistent;
    private final int publishQueue;
    private final Duration timeout;

    private JmsSettings(ConfigSource config, String connectionFactory) {
        this.connectionFactory = connectionFactory;
        this.topic = text(config, TOPIC).orElse(null);
        Optional<String> name = text(config, TOPIC_NAME);
        if (topic != null && name.isPresent()) {
            throw new ConfigurationException(TOPIC_NAME, "set together with " + TOPIC + "; give the topic by its JNDI"
                    + " name or by its name at the provider, not both");
        }
        this.topicName = name.orElse(topic == null ? DEFAULT_TOPIC_NAME : null);
        this.initialContextFactory = text(config, INITIAL_CONTEXT_FACTORY).orElse(null);
        this.providerUrl = text(config, PROVIDER_URL).orElse(null);
        if (providerUrl != null && initialContextFactory == null) {
            throw new ConfigurationException(INITIAL_CONTEXT_FACTORY, "required with " + PROVIDER_URL
                    + ": the class of the JNDI outside the container, e.g."
                    + " org.apache.activemq.artemis.jndi.ActiveMQInitialContextFactory");
        }
        this.username = text(config, USERNAME).orElse(null);
        this.password = password(config);
        if (password != null && username == null) {
            throw new ConfigurationException(USERNAME, "required with a password");
        }
        this.durable = bool(config, DURABLE);
        this.persistent = bool(config, PERSISTENT);
        if (durable && text(config, NODE_ID).isEmpty()) {
            throw new ConfigurationException(DURABLE, "a durable subscription is named after its node and outlives"
                    + " it: set " + NODE_ID + " to an id that stays the same across restarts");
        }
        this.publishQueue = text(config, PUBLISH_QUEUE).map(JmsSettings::publishQueue).orElse(DEFAULT_PUBLISH_QUEUE);
        this.timeout = config.duration(TIMEOUT).map(JmsSettings::withinLimits).orElse(DEFAULT_TIMEOUT);
    }

    /**
     * The settings, or empty when {@value #CONNECTION_FACTORY} is not set.
     *
     * @param config where the settings come from
     * @return the settings
     * @throws ConfigurationException naming the property at fault, never showing the password
     */
    public static Optional<JmsSettings> from(ConfigSource config) {
        return text(config, CONNECTION_FACTORY).map(cf -> new JmsSettings(config, cf));
    }

    private static Optional<String> text(ConfigSource config, String name) {
        return config.get(name).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static char[] password(ConfigSource config) {
        Optional<String> inline = config.get(PASSWORD).filter(s -> !s.isEmpty());
        Optional<String> file = text(config, PASSWORD_FILE);
        if (inline.isPresent() && file.isPresent()) {
            throw new ConfigurationException(PASSWORD_FILE, "set together with " + PASSWORD + "; give one");
        }
        if (inline.isPresent()) {
            return inline.get().toCharArray();
        }
        return file.map(JmsSettings::readPassword).orElse(null);
    }

    /**
     * The password a {@value #PASSWORD_FILE} holds, trailing whitespace trimmed.
     *
     * @param file the file's path
     * @return the password
     * @throws ConfigurationException naming {@value #PASSWORD_FILE} when the file cannot be read
     *     or is empty
     */
    public static char[] readPassword(String file) {
        try {
            String read = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (read.isEmpty()) {
                throw new ConfigurationException(PASSWORD_FILE, "the file " + file + " is empty");
            }
            return read.toCharArray();
        } catch (IOException | InvalidPathException e) {
            throw new ConfigurationException(PASSWORD_FILE, "cannot read " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static boolean bool(ConfigSource config, String name) {
        String v = text(config, name).orElse("false").toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigurationException(name, "expected true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    private static int publishQueue(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_PUBLISH_QUEUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigurationException(PUBLISH_QUEUE, "expected 1 to " + MAX_PUBLISH_QUEUE + " publishes, got '"
                + text + "'");
    }

    /** A timeout: above 0, at most 10 minutes. */
    static Duration withinLimits(Duration d) {
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigurationException(TIMEOUT, "expected a duration above 0 and at most 10m, got " + d);
        }
        return d;
    }

    /** {@return the JNDI name of the connection factory} */
    public String connectionFactory() {
        return connectionFactory;
    }

    /** {@return the JNDI name of the topic, or null when it is made by name} */
    public String topic() {
        return topic;
    }

    /** {@return the topic's name at the provider, or null when it is looked up in JNDI} */
    public String topicName() {
        return topicName;
    }

    /** {@return the initial context factory of a JNDI outside the container, or null for the container's} */
    public String initialContextFactory() {
        return initialContextFactory;
    }

    /** {@return the provider URL of a JNDI outside the container, or null} */
    public String providerUrl() {
        return providerUrl;
    }

    /** {@return the user name, or null to connect without credentials} */
    public String username() {
        return username;
    }

    /** {@return a copy of the password, or null} */
    char[] password() {
        return password == null ? null : password.clone();
    }

    /** {@return whether each node keeps a durable subscription} */
    public boolean durable() {
        return durable;
    }

    /** {@return whether messages are sent PERSISTENT} */
    public boolean persistent() {
        return persistent;
    }

    /** {@return how many publishes may wait for the publishing thread} */
    public int publishQueue() {
        return publishQueue;
    }

    /** {@return the first connection's wait at startup, and close's} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return where the connection factory is, for messages and the topology: never a credential} */
    public String where() {
        return connectionFactory + (providerUrl == null ? "" : " at " + Names.withoutCredentials(providerUrl));
    }

    @Override
    public String toString() {
        return "JMS " + where() + (username != null ? " as " + username : "")
                + (password != null ? " (with a password)" : "");
    }
}
