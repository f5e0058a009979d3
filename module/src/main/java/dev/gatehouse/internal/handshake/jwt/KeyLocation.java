package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads key material from a local location ({@code mp.jwt.verify.publickey.location},
 * {@code mp.jwt.decrypt.key.location}): a {@code classpath:} resource, a {@code file:} URL, or a
 * location without a scheme, which MicroProfile JWT resolves as a file first and then as a class
 * path resource (so {@code /publicKey.pem} finds a resource bundled with the application). Remote
 * (http/https) locations are only checked here ({@link #remote}); fetching them is {@link RemoteJwks}'s
 * business.
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
     * The URL of a remote location.
     *
     * @param allowHttp whether {@code http://} is accepted ({@code gatehouse.jwks.allow-http})
     * @throws ConfigurationException naming {@value #PROPERTY} when it is not a valid URL with a
     *     host, or is {@code http://} without {@code allowHttp}; never repeating the location, which
     *     may hold credentials
     */
    static URI remote(String location, boolean allowHttp) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(PROPERTY, "not a valid http(s) URL");
        }
        if (uri.getHost() == null) {
            throw new ConfigurationException(PROPERTY, "not a valid http(s) URL");
        }
        if (uri.getScheme().toLowerCase(Locale.ROOT).equals("http") && !allowHttp) {
            throw new ConfigurationException(PROPERTY, "an http:// location is refused: anyone on the path could"
                    + " replace the keys. Use https, or for a test set gatehouse.jwks.allow-http=true");
        }
        return uri;
    }

    /** As {@link #read(String, String)} for {@value #PROPERTY}. */
    static String read(String location) {
        return read(location, PROPERTY);
    }

    /**
     * The content at a local location, as UTF-8.
     *
     * @param property the property the location came from, named in every failure
     * @throws ConfigurationException naming {@code property} when it is missing or unreadable
     */
    static String read(String location, String property) {
        try {
            if (location.startsWith("classpath:")) {
                return readResource(location.substring("classpath:".length()), property);
            }
            if (location.startsWith("file:")) {
                return Files.readString(fileUrl(location, property), StandardCharsets.UTF_8);
            }
            return readPathOrResource(location, property);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(property, "no such file: " + location);
        } catch (IOException e) {
            throw new ConfigurationException(property, "cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    /** MicroProfile JWT's order for a location without a scheme: {@code new File(location)}, then the class path. */
    private static String readPathOrResource(String location, String property) throws IOException {
        Path path = path(location);
        if (path != null && Files.exists(path)) {
            return Files.readString(path, StandardCharsets.UTF_8);
        }
        String content = resource(location);
        if (content == null) {
            throw new ConfigurationException(property, "no such file or class path resource: " + location);
        }
        return content;
    }

    private static Path path(String location) {
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            return null; // not a valid file name here: only the class path can have it
        }
    }

    private static Path fileUrl(String location, String property) {
        try {
            return Path.of(URI.create(location));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(property, "not a valid file: URL: " + location);
        }
    }

    private static String readResource(String name, String property) throws IOException {
        String content = resource(name);
        if (content == null) {
            throw new ConfigurationException(property, "no such classpath resource: " + stripSlash(name));
        }
        return content;
    }

    /** The resource from the context class loader, else Gatehouse's own; null when neither has it. */
    private static String resource(String name) throws IOException {
        String resource = stripSlash(name);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            in = KeyLocation.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            return null;
        }
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
