package dev.gatehouse.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Holds an extension's typed builder to its settings class: each property the settings class
 * declares (its {@code public static final String} constants under a prefix) has a one-argument
 * setter on the builder, named after the property in camel case ({@code …tls.key-store-password}
 * is {@code tlsKeyStorePassword}), that sets it (the builder's {@code toString()} names it) and
 * never shows a password ({@code char[]}) given to it. A setting declared later without its
 * setter fails here.
 */
public final class TypedSetters {
    private static final String SECRET = "secret-never-shown-4d1";

    private TypedSetters() {
    }

    /**
     * Asserts a setter per property.
     *
     * @param settings the class declaring the property names
     * @param prefix the properties' common prefix, e.g. {@code gatehouse.cluster.redis.}
     * @param newBuilder makes an empty builder
     * @return the properties checked
     * @throws Exception when the reflection fails
     */
    public static List<String> assertOnePerProperty(Class<?> settings, String prefix, Supplier<?> newBuilder)
            throws Exception {
        List<String> properties = new ArrayList<>();
        for (Field f : settings.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                    && ((String) f.get(null)).startsWith(prefix)) {
                properties.add((String) f.get(null));
            }
        }
        assertFalse(properties.isEmpty(), settings + " declares no " + prefix + "* property");
        for (String property : properties) {
            String name = camelCase(property.substring(prefix.length()));
            Object builder = newBuilder.get();
            Method setter = null;
            for (Method m : builder.getClass().getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 1) {
                    setter = m;
                }
            }
            assertTrue(setter != null, property + " has no setter " + name + "(…) on " + builder.getClass());
            assertEquals(builder, setter.invoke(builder, sample(setter.getParameterTypes()[0])), name + " returns its builder");
            String shown = builder.toString();
            assertTrue(shown.contains(property + "="), name + " does not set " + property + ": " + shown);
            assertFalse(shown.contains(SECRET), name + " shows the password: " + shown);
        }
        return properties;
    }

    /** {@code tls.trust-store-password} → {@code tlsTrustStorePassword}. */
    private static String camelCase(String words) {
        StringBuilder name = new StringBuilder();
        for (String w : words.split("[.-]")) {
            name.append(name.length() == 0 ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1));
        }
        return name.toString();
    }

    private static Object sample(Class<?> type) {
        if (type == char[].class) {
            return SECRET.toCharArray();
        }
        if (type == Path.class) {
            return Path.of("/x");
        }
        if (type == Duration.class) {
            return Duration.ofSeconds(3);
        }
        if (type == int.class) {
            return 4;
        }
        assertEquals(String.class, type, "no sample value for a setter taking " + type);
        return "v";
    }
}
