package dev.gatehouse.redis.internal;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import io.lettuce.core.RedisURI;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code gatehouse.cluster.redis.*} settings, checked at startup. The URI's password is kept
 * as characters for Lettuce and appears in no message, no exception and no {@link #toString()}.
 * Immutable.
 */
public final class RedisSettings {
    /** The Redis URI: {@code redis://[user:password@]host:port[/db]} or {@code rediss://} for TLS. */
    public static final String URI = "gatehouse.cluster.redis.uri";
    /** The first part of every channel and key name. */
    public static final String CHANNEL_PREFIX = "gatehouse.cluster.redis.channel-prefix";
    /** 0 for classic pub/sub, N for sharded pub/sub over N hash-tagged partitions. */
    public static final String SHARDED_PARTITIONS = "gatehouse.cluster.redis.sharded-partitions";
    /** Connect and command timeout. */
    public static final String TIMEOUT = "gatehouse.cluster.redis.timeout";

    static final String DEFAULT_PREFIX = "gatehouse";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_PARTITIONS = 1024;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final String URI_FORM = "expected redis://[user:password@]host[:port][/db] or rediss://… for TLS";

    private final boolean tls;
    private final String host;
    private final int port;
    private final int database;
    private final String user;
    private final char[] password;
    private final String prefix;
    private final int partitions;
    private final Duration timeout;

    private RedisSettings(boolean tls, String host, int port, int database, String user, char[] password,
            String prefix, int partitions, Duration timeout) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.prefix = prefix;
        this.partitions = partitions;
        this.timeout = timeout;
    }

    /**
     * The settings, or empty when {@code gatehouse.cluster.redis.uri} is not set.
     *
     * @param config where the settings come from
     * @return the settings
     * @throws ConfigurationException naming the property at fault, never showing a password
     */
    public static Optional<RedisSettings> from(ConfigSource config) {
        Optional<String> uri = config.get(URI).map(String::trim).filter(s -> !s.isEmpty());
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        String prefix = config.get(CHANNEL_PREFIX).map(String::trim).orElse(DEFAULT_PREFIX);
        if (!PREFIX.matcher(prefix).matches()) {
            throw new ConfigurationException(CHANNEL_PREFIX, "expected 1–64 of [A-Za-z0-9_.:-], got '" + prefix + "'");
        }
        int partitions = config.get(SHARDED_PARTITIONS).map(String::trim).map(RedisSettings::partitions).orElse(0);
        Duration timeout = config.get(TIMEOUT).map(String::trim).map(RedisSettings::duration).orElse(DEFAULT_TIMEOUT);
        return Optional.of(parseUri(uri.get(), prefix, partitions, timeout));
    }

    private static int partitions(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= MAX_PARTITIONS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigurationException(SHARDED_PARTITIONS, "expected 0 (classic pub/sub) to " + MAX_PARTITIONS
                + " (sharded pub/sub partitions), got '" + text + "'");
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT5S}) or plain seconds; positive. */
    static Duration duration(String text) {
        Duration d = null;
        var m = DURATION.matcher(text);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                d = switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
            } else if (text.toUpperCase(Locale.ROOT).startsWith("PT")) {
                d = Duration.parse(text.toUpperCase(Locale.ROOT));
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigurationException(TIMEOUT, "expected a duration above 0 and at most 10m such as 500ms, 2s"
                    + " or PT2S, got '" + text + "'");
        }
        return d;
    }

    /** Parses the URI by hand: {@link java.net.URI}'s messages would quote it, password included. */
    static RedisSettings parseUri(String uri, String prefix, int partitions, Duration timeout) {
        String lower = uri.toLowerCase(Locale.ROOT);
        boolean tls;
        String rest;
        if (lower.startsWith("redis://")) {
            tls = false;
            rest = uri.substring("redis://".length());
        } else if (lower.startsWith("rediss://")) {
            tls = true;
            rest = uri.substring("rediss://".length());
        } else {
            throw invalid("the scheme must be redis or rediss; " + URI_FORM);
        }
        String user = null;
        char[] password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String rawUser = colon >= 0 ? userInfo.substring(0, colon) : "";
            String rawPassword = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
            user = rawUser.isEmpty() ? null : decode(rawUser, "the user name");
            password = rawPassword.isEmpty() ? null : decode(rawPassword, "the password").toCharArray();
        }
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw invalid("query options are not supported (the timeout is " + TIMEOUT + "); " + URI_FORM);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String path = slash >= 0 ? rest.substring(slash + 1) : "";
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid("an IPv6 address needs its closing ']'; " + URI_FORM);
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw invalid(URI_FORM);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
            portText = colon >= 0 ? authority.substring(colon + 1) : null;
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9_.:%-]+")) {
            throw invalid("a host is required; " + URI_FORM);
        }
        int port = portText == null ? RedisURI.DEFAULT_REDIS_PORT : number(portText, 1, 65535, "the port");
        int database = path.isEmpty() ? 0 : number(path, 0, 1_000_000, "the database (after the /)");
        return new RedisSettings(tls, host, port, database, user, password, prefix, partitions, timeout);
    }

    private static int number(String text, int min, int max, String what) {
        if (text.matches("\\d{1,7}")) {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw invalid(what + " must be a number from " + min + " to " + max + "; " + URI_FORM);
    }

    /** Percent-decoding (UTF-8); a {@code +} stays a plus. */
    private static String decode(String text, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw invalid(what + " has an incomplete %-escape");
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw invalid(what + " has an invalid %-escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    b = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ConfigurationException invalid(String problem) {
        return new ConfigurationException(URI, problem);
    }

    /** {@return the Lettuce URI, credentials and timeout included} */
    public RedisURI redisUri() {
        RedisURI.Builder b = RedisURI.builder().withHost(host).withPort(port).withSsl(tls).withDatabase(database)
                .withTimeout(timeout).withClientName("gatehouse");
        if (password != null) {
            b.withAuthentication(user == null ? "default" : user, password.clone());
        }
        return b.build();
    }

    /** {@return whether the connection uses TLS} */
    public boolean tls() {
        return tls;
    }

    /** {@return the host} */
    public String host() {
        return host;
    }

    /** {@return the port} */
    public int port() {
        return port;
    }

    /** {@return the database number} */
    public int database() {
        return database;
    }

    /** {@return the user name, or null for the default user} */
    public String user() {
        return user;
    }

    /** {@return whether a password is set (never the password)} */
    public boolean hasPassword() {
        return password != null;
    }

    /** {@return the channel and key prefix} */
    public String prefix() {
        return prefix;
    }

    /** {@return 0 for classic pub/sub, else the number of sharded partitions} */
    public int partitions() {
        return partitions;
    }

    /** {@return the connect and command timeout} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return where Redis is, for messages: scheme, host, port and database, never the credentials} */
    public String where() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "rediss://" : "redis://") + h + ":" + port + (database == 0 ? "" : "/" + database);
    }

    @Override
    public String toString() {
        return where() + (password != null ? " (with a password)" : "");
    }
}
