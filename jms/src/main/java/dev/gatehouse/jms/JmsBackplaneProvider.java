package dev.gatehouse.jms;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.jms.internal.JmsSettings;
import dev.gatehouse.jms.internal.Jndi;
import dev.gatehouse.jms.internal.TopicBackplane;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import java.util.Optional;

/**
 * Makes the JMS backplane when {@code gatehouse.cluster.jms.connection-factory} is set; registered
 * for {@link java.util.ServiceLoader}, so adding the {@code gatehouse-jms} artifact and naming the
 * connection factory is all a node needs. Without that setting it answers empty and touches no
 * Jakarta Messaging class, so the artifact costs nothing on a class path without the API.
 * Stateless and thread-safe; {@link #create} looks the JNDI names up on the calling thread (in a
 * WAR, the deployment's, whose {@code java:comp} names they may be), connects once within
 * {@code gatehouse.cluster.jms.timeout} and never throws for an unreachable broker.
 */
public final class JmsBackplaneProvider implements BackplaneProvider {

    /** For {@link java.util.ServiceLoader}. */
    public JmsBackplaneProvider() {
    }

    /**
     * The JMS backplane, if {@code gatehouse.cluster.jms.connection-factory} is set.
     *
     * @param config the configuration source Gatehouse was configured from
     * @param node this node
     * @return the backplane, or empty when the connection factory is not set
     * @throws ConfigurationException when a setting is wrong, a JNDI name is not bound, the
     *     Jakarta Messaging API is missing, or the broker refuses the credentials; the message names
     *     the property and never shows the password
     */
    @Override
    public Optional<Backplane> create(ConfigSource config, Node node) {
        Optional<JmsSettings> settings = JmsSettings.from(config);
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TopicBackplane.open(Jndi.resolve(settings.get()), node));
        } catch (NoClassDefFoundError e) {
            if (String.valueOf(e.getMessage()).startsWith("jakarta/jms/")) {
                throw new ConfigurationException(JmsSettings.CONNECTION_FACTORY, "set, but the Jakarta Messaging 3"
                        + " API (jakarta.jms) is not on the class path: deploy to a server that provides it, or add"
                        + " your provider's client, e.g. org.apache.activemq:artemis-jakarta-client", e);
            }
            throw e;
        }
    }
}
