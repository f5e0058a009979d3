package dev.gatehouse.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The artifact on a class path without Jakarta Messaging (a standalone application that added it,
 * or a server without JMS): the provider answers empty when it is not configured, touching no JMS
 * class, and names the missing API when it is.
 */
class WithoutTheJmsApiTest {

    /** This module's classes and the core's, over the JDK alone: no jakarta.jms. */
    private static URLClassLoader withoutJms() {
        return new URLClassLoader(new URL[] {location(JmsBackplaneProvider.class), location(Backplane.class)},
                ClassLoader.getPlatformClassLoader());
    }

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    private static Object create(ClassLoader loader, Map<String, String> settings) throws Throwable {
        Class<?> source = loader.loadClass(ConfigSource.class.getName());
        Class<?> node = loader.loadClass(BackplaneProvider.Node.class.getName());
        Object provider = loader.loadClass(JmsBackplaneProvider.class.getName()).getConstructor().newInstance();
        Method create = provider.getClass().getMethod("create", source, node);
        try {
            return create.invoke(provider, source.getMethod("of", Map.class).invoke(null, settings),
                    node.getConstructor(String.class, Duration.class).newInstance("n", Duration.ofSeconds(10)));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void notConfiguredItAnswersEmptyWithoutTouchingJms() throws Throwable {
        try (URLClassLoader loader = withoutJms()) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("jakarta.jms.ConnectionFactory"));
            assertEquals(Optional.empty(), create(loader, Map.of("gatehouse.jwt.secret", "x")));
        }
    }

    @Test
    void configuredItNamesTheMissingApi() throws Throwable {
        try (URLClassLoader loader = withoutJms()) {
            Throwable e = assertThrows(Throwable.class,
                    () -> create(loader, Map.of("gatehouse.cluster.jms.connection-factory", "java:/ConnectionFactory")));
            assertEquals("dev.gatehouse.ConfigurationException", e.getClass().getName(), String.valueOf(e));
            assertTrue(e.getMessage().startsWith("gatehouse.cluster.jms.connection-factory: set, but the Jakarta"
                    + " Messaging 3 API (jakarta.jms) is not on the class path"), e.getMessage());
        }
    }
}
