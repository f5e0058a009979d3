package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.Verification;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Verdicts handed from a container adapter that checked an upgrade request before the WebSocket
 * container saw it (the standalone handshake filter) to the configurator, so that a token is
 * verified once per upgrade, and a hook that learns the connection once it is open. The request
 * carries its entry's key in the {@link #HEADER} header, which that adapter removes from every
 * client request before setting it, so a client cannot name an entry. Thread-safe.
 */
public final class Handoffs {
    /** The request header carrying an entry's key from the adapter to the configurator. */
    public static final String HEADER = "X-Gatehouse-Handoff";

    /**
     * What the adapter hands on.
     *
     * @param verification the handshake's verdict
     * @param onOpen told the connection when the WebSocket opens
     */
    public record Entry(Verification verification, Consumer<ManagedConnection> onOpen) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Keys are this random prefix and a counter: unique, and not guessable across restarts. */
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    /** An empty set of entries. */
    public Handoffs() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        this.prefix = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + ".";
    }

    /** Keeps an entry; returns its key. */
    public String put(Entry entry) {
        String key = prefix + Long.toString(next.incrementAndGet(), 36);
        entries.put(key, entry);
        return key;
    }

    /** Takes the entry of a key, or null when there is none (no key, an unknown one, or taken already). */
    public Entry take(String key) {
        return key == null ? null : entries.remove(key);
    }

    /** Forgets an entry that will not be taken (the socket closed before the upgrade completed). */
    public void discard(String key) {
        if (key != null) {
            entries.remove(key);
        }
    }

    /** How many entries wait to be taken. */
    int size() {
        return entries.size();
    }
}
