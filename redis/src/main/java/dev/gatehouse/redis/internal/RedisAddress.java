package dev.gatehouse.redis.internal;

import dev.gatehouse.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where Redis is, from {@code gatehouse.cluster.redis.uri}: one server ({@code redis://},
 * {@code rediss://}), a master found through Sentinel ({@code redis-sentinel://},
 * {@code rediss-sentinel://}, Lettuce's syntax: sentinels, {@code /db}, {@code #master}), or the
 * seed nodes of a Redis Cluster ({@code redis-cluster://}, {@code rediss-cluster://}, Gatehouse's
 * name). The URI's user and password are the data nodes'. Parsed by hand: {@link java.net.URI}'s
 * messages would quote it, password included. Immutable; nothing here shows the password.
 */
final class RedisAddress {
    /** How the servers are reached. */
    enum Kind {
        /** One server. */
        SERVER,
        /** The master a set of Sentinels names, followed across failovers. */
        SENTINEL,
        /** A Redis Cluster of one or more shards, found from seed nodes. */
        CLUSTER
    }

    /** One host and port. */
    record Node(String host, int port) {
        /** {@code host:port}, an IPv6 address in brackets. */
        String text() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    static final int SENTINEL_PORT = 26379;
    static final int REDIS_PORT = 6379;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:%-]+");
    private static final Pattern MASTER = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    static final String FORMS = "expected redis://[user:password@]host[:port][/db] (rediss:// for TLS),"
            + " redis-sentinel://[user:password@]sentinel[:port][,sentinel2[:port]…][/db]#master, or"
            + " redis-cluster://[user:password@]node[:port][,node2[:port]…]";

    private final Kind kind;
    private final boolean tls;
    private final List<Node> nodes;
    private final int database;
    private final String master;
    private final String user;
    private final char[] password;

    private RedisAddress(Kind kind, boolean tls, List<Node> nodes, int database, String master, String user,
            char[] password) {
        this.kind = kind;
        this.tls = tls;
        this.nodes = List.copyOf(nodes);
        this.database = database;
        this.master = master;
        this.user = user;
        this.password = password;
    }

    /**
     * Parses the URI.
     *
     * @param uri the value of {@code gatehouse.cluster.redis.uri}
     * @return the address
     * @throws ConfigurationException on that property, never quoting the password
     */
    static RedisAddress parse(String uri) {
        int sep = uri.indexOf("://");
        String scheme = sep < 0 ? "" : uri.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = sep < 0 ? "" : uri.substring(sep + 3);
        boolean tls = scheme.startsWith("rediss");
        Kind kind = switch (scheme) {
            case "redis", "rediss" -> Kind.SERVER;
            case "redis-sentinel", "rediss-sentinel" -> Kind.SENTINEL;
            case "redis-cluster", "rediss-cluster" -> Kind.CLUSTER;
            default -> throw invalid("the scheme must be redis, rediss, redis-sentinel, rediss-sentinel, redis-cluster"
                    + " or rediss-cluster; " + FORMS);
        };
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
        if (rest.indexOf('?') >= 0) {
            throw invalid("query options are not supported (the timeout is " + RedisSettings.TIMEOUT + "); " + FORMS);
        }
        String master = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            if (kind != Kind.SENTINEL) {
                throw invalid("a #fragment names a Sentinel master, in redis-sentinel:// URIs only; " + FORMS);
            }
            master = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String path = slash >= 0 ? rest.substring(slash + 1) : "";
        List<Node> nodes = new ArrayList<>();
        for (String one : authority.split(",", -1)) {
            nodes.add(node(one, kind == Kind.SENTINEL ? SENTINEL_PORT : REDIS_PORT));
        }
        if (kind == Kind.SERVER && nodes.size() > 1) {
            throw invalid("redis:// names one server; several are sentinels (redis-sentinel://…#master) or the"
                    + " nodes of a Redis Cluster (redis-cluster://…)");
        }
        int database = path.isEmpty() ? 0 : number(path, 0, 1_000_000, "the database (after the /)");
        if (kind == Kind.CLUSTER && database != 0) {
            throw invalid("a Redis Cluster has database 0 only");
        }
        if (kind == Kind.SENTINEL && (master == null || !MASTER.matcher(master).matches())) {
            throw invalid("a redis-sentinel:// URI ends with #<master name> (1–128 of [A-Za-z0-9_.:-]); " + FORMS);
        }
        return new RedisAddress(kind, tls, nodes, database, master, user, password);
    }

    private static Node node(String authority, int defaultPort) {
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid("an IPv6 address needs its closing ']'; " + FORMS);
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw invalid(FORMS);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
            portText = colon >= 0 ? authority.substring(colon + 1) : null;
        }
        if (host.isEmpty() || !HOST.matcher(host).matches()) {
            throw invalid("a host is required (several are separated by commas); " + FORMS);
        }
        int port = portText == null ? defaultPort : number(portText, 1, 65535, "the port");
        return new Node(host, port);
    }

    private static int number(String text, int min, int max, String what) {
        if (text.matches("\\d{1,7}")) {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw invalid(what + " must be a number from " + min + " to " + max + "; " + FORMS);
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
        return new ConfigurationException(RedisSettings.URI, problem);
    }

    Kind kind() {
        return kind;
    }

    boolean tls() {
        return tls;
    }

    /** The server, the sentinels, or the cluster's seed nodes. */
    List<Node> nodes() {
        return nodes;
    }

    int database() {
        return database;
    }

    /** The Sentinel master's name, or null. */
    String master() {
        return master;
    }

    /** The user name in the URI, or null. */
    String user() {
        return user;
    }

    /** The password in the URI (a copy), or null. */
    char[] password() {
        return password == null ? null : password.clone();
    }

    /** The URI without its credentials: scheme, hosts, database and master. */
    String where() {
        String scheme = switch (kind) {
            case SERVER -> "redis";
            case SENTINEL -> "redis-sentinel";
            case CLUSTER -> "redis-cluster";
        };
        if (tls) {
            scheme = scheme.replaceFirst("redis", "rediss");
        }
        StringBuilder b = new StringBuilder(scheme).append("://");
        for (int i = 0; i < nodes.size(); i++) {
            b.append(i == 0 ? "" : ",").append(nodes.get(i).text());
        }
        if (database != 0) {
            b.append('/').append(database);
        }
        if (master != null) {
            b.append('#').append(master);
        }
        return b.toString();
    }

    /** For health and the startup log: {@code server redis://h:6379}, {@code sentinel master "m" via 3 sentinels}, … */
    String topology() {
        return switch (kind) {
            case SERVER -> "server " + where();
            case SENTINEL -> "sentinel master \"" + master + "\" via " + count(nodes.size(), "sentinel")
                    + (tls ? ", TLS" : "") + (database != 0 ? ", database " + database : "");
            case CLUSTER -> "cluster of " + count(nodes.size(), "seed") + (tls ? ", TLS" : "");
        };
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    @Override
    public String toString() {
        return where() + (password != null ? " (with a password)" : "");
    }
}
