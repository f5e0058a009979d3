package dev.gatehouse.hazelcast.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.gatehouse.ConfigurationException;
import java.io.File;
import java.io.IOException;

/**
 * Finds the {@link HazelcastInstance} the settings name: looked up in JNDI or CDI (the server's or
 * the application's, never shut down by Gatehouse), or started from a configuration file (a member
 * or a client, shut down with the backplane). Nothing here starts an instance unless
 * {@code instance=member} or {@code client} says so.
 */
final class Instances {
    private Instances() {
    }

    /** An instance and whether Gatehouse started it (and so shuts it down). */
    record Found(HazelcastInstance instance, boolean owned, String origin) {
    }

    static Found find(HazelcastSettings settings) {
        return switch (settings.source()) {
            case JNDI -> new Found(jndi(settings.where()), false, settings.where().equals(HazelcastSettings.PAYARA_JNDI)
                    ? "Payara's instance (" + settings.where() + ")" : "JNDI " + settings.where());
            case CDI -> new Found(cdi(), false, "the application's CDI bean");
            case MEMBER -> new Found(Hazelcast.newHazelcastInstance(memberConfig(settings.where())), true, "");
            case CLIENT -> new Found(HazelcastClient.newHazelcastClient(clientConfig(settings.where())), true, "");
            case GIVEN -> throw new IllegalArgumentException("an instance given in code is not looked up");
        };
    }

    private static HazelcastInstance jndi(String name) {
        Object found;
        try {
            found = new javax.naming.InitialContext().lookup(name);
        } catch (javax.naming.NamingException | RuntimeException e) {
            throw new ConfigurationException(HazelcastSettings.JNDI, "no HazelcastInstance is bound at JNDI name '"
                    + name + "' (" + e.getClass().getSimpleName() + ")" + (name.equals(HazelcastSettings.PAYARA_JNDI)
                            ? "; is this Payara, with its Hazelcast enabled?" : ""));
        }
        if (!(found instanceof HazelcastInstance instance)) {
            throw new ConfigurationException(HazelcastSettings.JNDI, "JNDI name '" + name + "' holds "
                    + (found == null ? "nothing" : "a " + found.getClass().getName()) + ", not a HazelcastInstance"
                    + " (a Hazelcast jar of the application's own instead of the server's?)");
        }
        if (!running(instance)) {
            throw new ConfigurationException(HazelcastSettings.JNDI, "the HazelcastInstance at JNDI name '" + name
                    + "' is not running" + (name.equals(HazelcastSettings.PAYARA_JNDI)
                            ? "; Payara's Hazelcast is off (--nocluster, or hazelcast-enabled=false)" : ""));
        }
        return instance;
    }

    private static boolean running(HazelcastInstance instance) {
        try {
            return instance.getLifecycleService().isRunning();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static HazelcastInstance cdi() {
        try {
            Class.forName("jakarta.enterprise.inject.spi.CDI", false, Instances.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigurationException(HazelcastSettings.INSTANCE, "cdi: there is no CDI here");
        }
        return CdiLookup.instance();
    }

    /** Kept apart so that CDI's classes load only with {@code instance=cdi}. */
    private static final class CdiLookup {
        static HazelcastInstance instance() {
            jakarta.enterprise.inject.Instance<HazelcastInstance> bean;
            try {
                bean = jakarta.enterprise.inject.spi.CDI.current().select(HazelcastInstance.class,
                        jakarta.enterprise.inject.Any.Literal.INSTANCE);
            } catch (IllegalStateException e) {
                throw new ConfigurationException(HazelcastSettings.INSTANCE, "cdi: there is no CDI container here");
            }
            if (!bean.isResolvable()) {
                throw new ConfigurationException(HazelcastSettings.INSTANCE, "cdi: "
                        + (bean.isAmbiguous() ? "more than one" : "no") + " HazelcastInstance bean");
            }
            return bean.get();
        }
    }

    private static Config memberConfig(String path) {
        try {
            return Config.loadFromFile(file(path));
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(HazelcastSettings.CONFIG, "cannot read the member configuration '" + path
                    + "': " + e.getMessage());
        }
    }

    private static ClientConfig clientConfig(String path) {
        try {
            File f = file(path);
            String name = f.getName().toLowerCase(java.util.Locale.ROOT);
            return name.endsWith(".yaml") || name.endsWith(".yml")
                    ? new com.hazelcast.client.config.YamlClientConfigBuilder(f).build()
                    : new com.hazelcast.client.config.XmlClientConfigBuilder(f).build();
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(HazelcastSettings.CONFIG, "cannot read the client configuration '" + path
                    + "': " + e.getMessage());
        }
    }

    private static File file(String path) {
        File f = new File(path);
        if (!f.isFile()) {
            throw new ConfigurationException(HazelcastSettings.CONFIG, "no such file: " + f.getAbsolutePath());
        }
        return f;
    }
}
