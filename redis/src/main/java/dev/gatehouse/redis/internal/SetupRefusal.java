package dev.gatehouse.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Why Redis, reached, refused this node's setup: a mistake in the settings, which fails startup
 * naming the property at fault, where an unreachable Redis (or one saying "try later") does not.
 * Found in Lettuce's failure by its cause chain: Redis' error word (WRONGPASS, NOAUTH, NOPERM,
 * ERR …; only the word, nothing of the message, which could echo what was sent), from a data node
 * or from a sentinel; or a TLS handshake that failed over certificates.
 *
 * @param property the property at fault
 * @param problem what happened, for the exception's message
 * @param word Redis' error word, or the TLS problem's short name
 */
record SetupRefusal(String property, String problem, String word) {
    private static final Set<String> TRANSIENT = Set.of("LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN");

    /**
     * The refusal in a failed connect, or null when Redis was not reached or said to try again
     * later (LOADING, BUSY, TRYAGAIN, MASTERDOWN, CLUSTERDOWN).
     *
     * @param failure the connect's failure, or null
     * @param settings the settings, to name the property
     * @return the refusal, or null
     */
    static SetupRefusal of(Throwable failure, RedisSettings settings) {
        boolean sentinel = false;
        for (Throwable t : chain(failure)) {
            String message = String.valueOf(t.getMessage());
            sentinel |= message.contains("Redis Sentinel");
            if (t instanceof RedisCommandExecutionException) {
                String word = message.split(" ", 2)[0];
                if (TRANSIENT.contains(word)) {
                    return null;
                }
                word = word.replaceAll("[^A-Z]", "");
                boolean credentials = isCredentials(word);
                String who = sentinel ? "the sentinels" : "Redis at " + settings.where();
                String property = sentinel ? settings.sentinelCredentialsProperty()
                        : credentials ? settings.credentialsProperty() : RedisSettings.URI;
                return new SetupRefusal(property, who + " refused the connection's "
                        + (credentials ? "credentials (" + word + "); check the user and password"
                                : "setup (" + word + "); check the database number, user and password"), word);
            }
            if (t instanceof SSLException) {
                SetupRefusal tls = tls(message, settings);
                if (tls != null) {
                    return tls;
                }
            }
        }
        return null;
    }

    private static SetupRefusal tls(String message, RedisSettings settings) {
        String where = settings.where();
        if (message.contains("certificate_required") || message.contains("bad_certificate")
                || message.contains("unknown_ca") || message.contains("certificate_unknown")) {
            return new SetupRefusal(RedisSettings.TLS_KEY_STORE, "Redis at " + where + " refused this node's TLS"
                    + " certificate, or wanted one (" + alert(message) + ")" + (settings.clientCertificate() ? ""
                            : "; set " + RedisSettings.TLS_KEY_STORE + " to this node's certificate and key"), "TLS");
        }
        if (message.contains("PKIX") || message.contains("certification path")) {
            return new SetupRefusal(RedisSettings.TLS_TRUST_STORE, "Redis at " + where + " showed a certificate that no"
                    + " trusted CA signed; set " + RedisSettings.TLS_TRUST_STORE + " to the CA's certificate", "TLS");
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return new SetupRefusal(RedisSettings.TLS_VERIFY_PEER, "the certificate of Redis at " + where
                    + " does not name the host connected to; connect by a name it carries, or set "
                    + RedisSettings.TLS_VERIFY_PEER + "=ca", "TLS");
        }
        if (message.contains("not an SSL/TLS record") || message.contains("Unsupported or unrecognized SSL message")) {
            return new SetupRefusal(RedisSettings.URI, "Redis at " + where + " does not speak TLS there; use redis://",
                    "TLS");
        }
        return null;
    }

    /** The TLS alert's name, e.g. {@code certificate_required}, or a short text. */
    private static String alert(String message) {
        int i = message.indexOf("alert: ");
        return i >= 0 ? message.substring(i + 7).trim() : "handshake refused";
    }

    /** Whether a refusal word is about the credentials. */
    static boolean isCredentials(String word) {
        return word.equals("WRONGPASS") || word.equals("NOAUTH") || word.equals("NOPERM");
    }

    /** The failure, its causes and suppressed exceptions, each once. */
    private static Iterable<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        if (failure != null) {
            todo.add(failure);
        }
        java.util.List<Throwable> out = new java.util.ArrayList<>();
        while (!todo.isEmpty() && out.size() < 64) {
            Throwable t = todo.poll();
            if (seen.add(t)) {
                out.add(t);
                if (t.getCause() != null) {
                    todo.add(t.getCause());
                }
                todo.addAll(java.util.List.of(t.getSuppressed()));
            }
        }
        return out;
    }
}
