package dev.gatehouse.redis.internal;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A user and password for Redis (the data nodes', or the sentinels'), from the URI or from the
 * settings {@code …username}, {@code …password} and {@code …password-file} (read once, at
 * startup; trailing line breaks dropped), and the property the password came from, which messages
 * about refused credentials name. The password appears in no message and no {@link #toString()}.
 * Immutable.
 */
final class Credentials {
    private static final Credentials NONE = new Credentials(null, null, null);

    private final String user;
    private final char[] password;
    private final String property;

    private Credentials(String user, char[] password, String property) {
        this.user = user;
        this.password = password;
        this.property = property;
    }

    /** No credentials. */
    static Credentials none() {
        return NONE;
    }

    /**
     * Credentials from the settings, or from the URI ({@code uriUser}, {@code uriPassword}); a
     * password given in two places, or a user without a password, is refused.
     *
     * @param config the settings
     * @param userProperty the user name's property
     * @param passwordProperty the password's property
     * @param fileProperty the property naming a file that holds the password
     * @param uriUser the user in the URI, or null
     * @param uriPassword the password in the URI, or null
     * @return the credentials, {@link #none()} when there is no password
     * @throws ConfigurationException naming the property at fault
     */
    static Credentials from(ConfigSource config, String userProperty, String passwordProperty, String fileProperty,
            String uriUser, char[] uriPassword) {
        Optional<String> user = value(config, userProperty);
        Optional<String> password = config.get(passwordProperty).filter(s -> !s.isEmpty());
        Optional<String> file = value(config, fileProperty);
        if (password.isPresent() && file.isPresent()) {
            throw new ConfigurationException(fileProperty, "set " + passwordProperty + " or " + fileProperty
                    + ", not both");
        }
        if (uriPassword != null && (password.isPresent() || file.isPresent())) {
            throw new ConfigurationException(password.isPresent() ? passwordProperty : fileProperty, "the URI ("
                    + RedisSettings.URI + ") has a password already; give it in one place");
        }
        if (uriUser != null && user.isPresent()) {
            throw new ConfigurationException(userProperty, "the URI (" + RedisSettings.URI
                    + ") names a user already; give it in one place");
        }
        String who = user.orElse(uriUser);
        if (uriPassword != null) {
            return new Credentials(who, uriPassword, RedisSettings.URI);
        }
        if (password.isPresent()) {
            return new Credentials(who, password.get().toCharArray(), passwordProperty);
        }
        if (file.isPresent()) {
            return new Credentials(who, read(file.get(), fileProperty), fileProperty);
        }
        if (user.isPresent()) {
            throw new ConfigurationException(userProperty, "a user needs a password: set " + passwordProperty + " or "
                    + fileProperty);
        }
        return NONE;
    }

    private static Optional<String> value(ConfigSource config, String property) {
        return config.get(property).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** The file's content, UTF-8, without trailing line breaks; refused when unreadable or empty. */
    private static char[] read(String file, String property) {
        String text;
        try {
            text = new String(Files.readAllBytes(Path.of(file)), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw new ConfigurationException(property, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        if (end == 0) {
            throw new ConfigurationException(property, file + " holds no password");
        }
        return text.substring(0, end).toCharArray();
    }

    /** Whether there is a password. */
    boolean present() {
        return password != null;
    }

    /** The user name, or null for the {@code default} user. */
    String user() {
        return user;
    }

    /** The property the password came from (for messages), or null without one. */
    String property() {
        return property;
    }

    /** Sets these credentials on a Lettuce URI; nothing without a password. */
    RedisURI.Builder applyTo(RedisURI.Builder uri) {
        if (password != null) {
            uri.withAuthentication(user == null ? "default" : user, password.clone());
        }
        return uri;
    }

    @Override
    public String toString() {
        return password == null ? "no credentials" : "credentials from " + property;
    }
}
