package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads key material from {@code mp.jwt.verify.publickey.location}: a {@code classpath:}
 * resource, a {@code file:} URL or a plain path. Remote (http/https) locations are
 * {@link RemoteJwks}'s business.
 */
final class KeyLocation {
    static final String PROPERTY = "mp.jwt.verify.publickey.location";

    private KeyLocation() {
    }

    /** Whether the location is an http or https URL. */
    static boolean isRemote(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /**
     * The content at a local location, as UTF-8.
     *
     * @throws ConfigurationException naming {@value #PROPERTY} when it is missing or unreadable
     */
    static String read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                return readResource(location.substring("classpath:".length()));
            }
            return Files.readString(path(location), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(PROPERTY, "no such file: " + location);
        } catch (IOException e) {
            throw new ConfigurationException(PROPERTY, "cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private static Path path(String location) {
        try {
            return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(PROPERTY, "not a valid path or file: URL: " + location);
        }
    }

    private static String readResource(String name) throws IOException {
        String resource = name.startsWith("/") ? name.substring(1) : name;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            in = KeyLocation.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new ConfigurationException(PROPERTY, "no such classpath resource: " + resource);
        }
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
