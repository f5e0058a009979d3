package dev.gatehouse.arquillian.embedded;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseEndpoint;
import dev.gatehouse.Handles;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;

/** What the embedded container reads from a WAR archive. */
final class ArchiveScan {
    private static final String CLASSES = "/WEB-INF/classes/";
    private static final String LIB = "/WEB-INF/lib/";
    private static final String INJECT = "jakarta.inject.Inject";

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
     * Adds one instance of every concrete archive class that implements a Gatehouse extension point
     * or has {@link Handles} methods, where the WAR integration would find it as a CDI bean. Each
     * class is made once (as an {@code @ApplicationScoped} bean is) with its {@code @Inject}
     * constructor, whose parameters are made the same way, else its public no-arg constructor; a
     * class with neither is a bean only CDI can build, and skipped. Field and method injection are
     * not done: tests of such beans run on the application servers only (tag {@code cdi}).
     */
    static void addComponents(Archive<?> archive, Gatehouse.Builder builder) throws ReflectiveOperationException {
        Map<Class<?>, Object> made = new HashMap<>();
        for (Class<?> c : classes(archive)) {
            if (c.isInterface() || Modifier.isAbstract(c.getModifiers()) || !isComponent(c) || constructor(c) == null) {
                continue;
            }
            Object o = instance(c, made, new ArrayDeque<>());
            add(o, FrameHandler.class, builder::handler);
            add(o, AsyncFrameHandler.class, builder::handler);
            add(o, ReadinessCheck.class, builder::readinessCheck);
            add(o, ConnectionSetup.class, builder::connectionSetup);
            add(o, LifecycleListener.class, builder::listener);
            add(o, FallbackHandler.class, builder::fallback);
            add(o, LifecycleManager.class, builder::lifecycleManager);
            add(o, TokenVerifier.class, builder::tokenVerifier);
            add(o, RoomAuthorizer.class, builder::roomAuthorizer);
            if (hasHandlesMethods(c)) {
                builder.handlers(o);
            }
        }
    }

    /** The one instance of {@code c} in {@code made}, made now if need be; {@code making} catches a cycle. */
    private static Object instance(Class<?> c, Map<Class<?>, Object> made, Deque<Class<?>> making)
            throws ReflectiveOperationException {
        Object instance = made.get(c);
        if (instance != null) {
            return instance;
        }
        Constructor<?> constructor = constructor(c);
        if (constructor == null || c.isInterface() || Modifier.isAbstract(c.getModifiers()) || making.contains(c)) {
            throw new InstantiationException("cannot make " + c.getName() + (making.isEmpty() ? "" : " for " + making.peek().getName())
                    + ": the embedded container injects only concrete classes with an @Inject or a public no-arg"
                    + " constructor, without cycles");
        }
        making.push(c);
        Class<?>[] types = constructor.getParameterTypes();
        Object[] arguments = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            arguments[i] = instance(types[i], made, making);
        }
        making.pop();
        constructor.setAccessible(true);
        instance = constructor.newInstance(arguments);
        made.put(c, instance);
        return instance;
    }

    /** The {@code @Inject} constructor (of any visibility, as CDI takes it), else the public no-arg one, else null. */
    private static Constructor<?> constructor(Class<?> c) {
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (Stream.of(k.getAnnotations()).anyMatch(a -> a.annotationType().getName().equals(INJECT))) {
                return k;
            }
        }
        try {
            return c.getConstructor();
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static boolean hasHandlesMethods(Class<?> c) {
        try {
            return Stream.of(c.getMethods()).anyMatch(m -> m.isAnnotationPresent(Handles.class));
        } catch (LinkageError e) { // its signatures name a library the test class path lacks: no handler of ours
            return false;
        }
    }

    private static boolean isComponent(Class<?> c) {
        if (hasHandlesMethods(c)) {
            return true;
        }
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

    /**
     * The application classes, loaded from the test class path: those under {@code WEB-INF/classes},
     * and those of the jars in {@code WEB-INF/lib} that are bean archives (with a {@code
     * META-INF/beans.xml}), where CDI would find beans too.
     */
    private static List<Class<?>> classes(Archive<?> archive) throws ClassNotFoundException {
        List<String> names = new ArrayList<>();
        for (ArchivePath path : archive.getContent().keySet()) {
            String p = path.get();
            if (p.startsWith(CLASSES) && p.endsWith(".class")) {
                names.add(className(p.substring(CLASSES.length())));
            } else if (p.startsWith(LIB) && p.endsWith(".jar")) {
                names.addAll(beanArchiveClasses(archive.get(path)));
            }
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            if (!isLibrary(name)) {
                classes.add(Class.forName(name, false, loader));
            }
        }
        return classes;
    }

    /** The names of the classes in a jar that is a bean archive; none for another jar. */
    private static List<String> beanArchiveClasses(Node jar) {
        List<String> names = new ArrayList<>();
        boolean beanArchive = false;
        try (ZipInputStream in = new ZipInputStream(jar.getAsset().openStream())) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String n = e.getName();
                beanArchive |= n.equals("META-INF/beans.xml");
                if (n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class")) {
                    names.add(className(n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar.getPath().get(), e);
        }
        return beanArchive ? names : List.of();
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    /** Gatehouse's own classes (its jar is a bean archive too, for the WAR integration's beans). */
    private static boolean isLibrary(String className) {
        String pkg = className.substring(0, Math.max(0, className.lastIndexOf('.')));
        return pkg.equals("dev.gatehouse") || pkg.equals("dev.gatehouse.spi") || pkg.startsWith("dev.gatehouse.internal");
    }
}
