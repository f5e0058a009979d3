package dev.gatehouse.jms.internal;

import dev.gatehouse.ConfigurationException;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Topic;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Hashtable;
import java.util.concurrent.ThreadFactory;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Resolves the settings' JNDI names, on the caller's thread (in a WAR, a deployment thread, whose
 * naming context {@code java:comp} names belong to): the connection factory, the topic, and the
 * container's {@code ManagedThreadFactory} when there is one. Not instantiable.
 */
public final class Jndi {
    /** The default ManagedThreadFactory of a Jakarta EE container (Jakarta Concurrency). */
    static final String MANAGED_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";
    private static final Logger LOG = System.getLogger("dev.gatehouse.jms");

    private Jndi() {
    }

    /**
     * The options the settings name.
     *
     * @param settings the settings
     * @return the options, every JNDI name resolved
     * @throws ConfigurationException when a name is not bound, or bound to the wrong kind of object
     */
    public static JmsOptions resolve(JmsSettings settings) {
        Context context = context(settings);
        try {
            ConnectionFactory factory = lookup(context, settings.connectionFactory(), ConnectionFactory.class,
                    JmsSettings.CONNECTION_FACTORY);
            Topic topic = settings.topic() == null ? null
                    : lookup(context, settings.topic(), Topic.class, JmsSettings.TOPIC);
            ThreadFactory threads = settings.initialContextFactory() == null ? managedThreads(context) : null;
            return new JmsOptions(factory, settings.where(), topic, settings.topicName(), settings.username(),
                    settings.password(), settings.durable(), settings.persistent(), settings.publishQueue(),
                    threads, settings.timeout());
        } finally {
            try {
                context.close();
            } catch (NamingException e) {
                LOG.log(Level.DEBUG, "Closing the JNDI context failed", e);
            }
        }
    }

    private static Context context(JmsSettings settings) {
        Hashtable<String, Object> env = new Hashtable<>();
        if (settings.initialContextFactory() != null) {
            env.put(Context.INITIAL_CONTEXT_FACTORY, settings.initialContextFactory());
            if (settings.providerUrl() != null) {
                env.put(Context.PROVIDER_URL, settings.providerUrl());
            }
            if (settings.username() != null) {
                env.put(Context.SECURITY_PRINCIPAL, settings.username());
                char[] password = settings.password();
                if (password != null) {
                    env.put(Context.SECURITY_CREDENTIALS, new String(password));
                }
            }
        }
        try {
            return env.isEmpty() ? new InitialContext() : new InitialContext(env);
        } catch (NamingException | RuntimeException e) {
            String property = settings.initialContextFactory() != null ? JmsSettings.INITIAL_CONTEXT_FACTORY
                    : JmsSettings.CONNECTION_FACTORY;
            throw new ConfigurationException(property, "no JNDI context to look " + settings.connectionFactory()
                    + " up in: " + Threads.describe(e), e);
        }
    }

    private static <T> T lookup(Context context, String name, Class<T> type, String property) {
        Object found;
        try {
            found = context.lookup(name);
        } catch (NamingException | RuntimeException e) {
            throw new ConfigurationException(property, "nothing bound to the JNDI name '" + name + "': " + Threads.describe(e),
                    e);
        }
        if (!type.isInstance(found)) {
            throw new ConfigurationException(property, "the JNDI name '" + name + "' is bound to a "
                    + (found == null ? "null" : found.getClass().getName()) + ", not a " + type.getName());
        }
        return type.cast(found);
    }

    /** The container's ManagedThreadFactory (a ThreadFactory), or null outside a container. */
    private static ThreadFactory managedThreads(Context context) {
        try {
            Object found = context.lookup(MANAGED_THREAD_FACTORY);
            if (found instanceof ThreadFactory f) {
                LOG.log(Level.DEBUG, "JMS backplane threads from {0}", MANAGED_THREAD_FACTORY);
                return f;
            }
            return null;
        } catch (NamingException | RuntimeException e) {
            return null;
        }
    }

}
