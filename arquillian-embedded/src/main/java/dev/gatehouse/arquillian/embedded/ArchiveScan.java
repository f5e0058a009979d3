package dev.gatehouse.arquillian.embedded;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseEndpoint;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.ConnectionSetup;
import dev.gatehouse.spi.FallbackHandler;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.spi.LifecycleManager;
import dev.gatehouse.spi.ReadinessCheck;
import dev.gatehouse.spi.RoomAuthorizer;
import dev.gatehouse.spi.TokenVerifier;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;

/** What the embedded container reads from a WAR archive. */
final class ArchiveScan {
    private static final String CLASSES = "/WEB-INF/classes/";

    private ArchiveScan() {
    }

    /** {@code /NAME} for {@code NAME.war}, empty for {@code ROOT.war}: the context root the servers use. */
    static String contextRoot(Archive<?> archive) {
        String name = archive.getName().replaceFirst("\\.war$", "");
        return name.equals("ROOT") ? "" : "/" + name;
    }

    /** The properties file at {@code path} in the archive; empty when there is none. */
    static Map<String, String> properties(Archive<?> archive, String path) {
        Node node = archive.get(path);
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null || node.getAsset() == null) {
            return values;
        }
        Properties properties = new Properties();
        try (InputStream in = node.getAsset().openStream()) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
        properties.stringPropertyNames().forEach(n -> values.put(n, properties.getProperty(n)));
        return values;
    }

    /** The path of a {@link GatehouseEndpoint} subclass in the archive, else the default {@code /ws}. */
    static String endpointPath(Archive<?> archive) throws ClassNotFoundException {
        for (Class<?> c : classes(archive)) {
            ServerEndpoint endpoint = c.getAnnotation(ServerEndpoint.class);
            if (endpoint != null && c != GatehouseEndpoint.class && GatehouseEndpoint.class.isAssignableFrom(c)) {
                return endpoint.value();
            }
        }
        return GatehouseEndpoint.class.getAnnotation(ServerEndpoint.class).value();
    }

    /**
     * Adds one instance of every concrete archive class with a public no-arg constructor that implements a
     * Gatehouse extension point, where the WAR integration would find it as a CDI bean.
     */
    static void addComponents(Archive<?> archive, Gatehouse.Builder builder) throws ReflectiveOperationException {
        for (Class<?> c : classes(archive)) {
            if (c.isInterface() || Modifier.isAbstract(c.getModifiers()) || !isComponent(c)) {
                continue;
            }
            Constructor<?> constructor;
            try {
                constructor = c.getConstructor();
            } catch (NoSuchMethodException e) {
                continue; // no public no-arg constructor: a bean only CDI can build
            }
            Object o = constructor.newInstance();
            add(o, FrameHandler.class, builder::handler);
            add(o, AsyncFrameHandler.class, builder::handler);
            add(o, ReadinessCheck.class, builder::readinessCheck);
            add(o, ConnectionSetup.class, builder::connectionSetup);
            add(o, LifecycleListener.class, builder::listener);
            add(o, FallbackHandler.class, builder::fallback);
            add(o, LifecycleManager.class, builder::lifecycleManager);
            add(o, TokenVerifier.class, builder::tokenVerifier);
            add(o, RoomAuthorizer.class, builder::roomAuthorizer);
        }
    }

    private static boolean isComponent(Class<?> c) {
        for (Class<?> spi : List.of(FrameHandler.class, AsyncFrameHandler.class, ReadinessCheck.class,
                ConnectionSetup.class, LifecycleListener.class, FallbackHandler.class, LifecycleManager.class,
                TokenVerifier.class, RoomAuthorizer.class)) {
            if (spi.isAssignableFrom(c)) {
                return true;
            }
        }
        return false;
    }

    private static <T> void add(Object o, Class<T> type, java.util.function.Consumer<T> to) {
        if (type.isInstance(o)) {
            to.accept(type.cast(o));
        }
    }

    /** The application classes under {@code WEB-INF/classes}, loaded from the test class path. */
    private static List<Class<?>> classes(Archive<?> archive) throws ClassNotFoundException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<Class<?>> classes = new ArrayList<>();
        for (ArchivePath path : archive.getContent().keySet()) {
            String p = path.get();
            if (p.startsWith(CLASSES) && p.endsWith(".class")) {
                String name = p.substring(CLASSES.length(), p.length() - ".class".length()).replace('/', '.');
                if (!isLibrary(name)) {
                    classes.add(Class.forName(name, false, loader));
                }
            }
        }
        return classes;
    }

    /** Gatehouse's own classes, in case an archive carries them under WEB-INF/classes. */
    private static boolean isLibrary(String className) {
        String pkg = className.substring(0, Math.max(0, className.lastIndexOf('.')));
        return pkg.equals("dev.gatehouse") || pkg.startsWith("dev.gatehouse.internal");
    }
}
