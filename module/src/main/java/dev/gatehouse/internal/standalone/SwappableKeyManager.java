package dev.gatehouse.internal.standalone;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager whose certificate can be replaced while the server runs: each handshake
 * asks the key manager current when it starts, so new handshakes get the new certificate and open
 * connections, whose handshakes are over, are untouched.
 *
 * <p>A handshake asks for an alias, then for that alias' chain and key, in separate calls; a swap
 * in between must not pair the old alias with the new key. So the alias handed out carries the
 * generation it came from ({@code 3:alias}), and the previous generation is kept for handshakes
 * that started before the swap.
 *
 * <p>Thread-safe without locks: the state is one immutable pair behind a volatile field, replaced
 * whole by {@link #swap}, which has a single caller (the reloader's thread).
 */
final class SwappableKeyManager extends X509ExtendedKeyManager {
    private record Generation(long number, X509ExtendedKeyManager keys) {
    }

    private record State(Generation current, Generation previous) {
    }

    private volatile State state;

    SwappableKeyManager(X509ExtendedKeyManager first) {
        this.state = new State(new Generation(0, first), null);
    }

    /** New handshakes use {@code next}; those started before finish with the one they began with. */
    void swap(X509ExtendedKeyManager next) {
        State s = state;
        state = new State(new Generation(s.current().number() + 1, next), s.current());
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Generation g = state.current();
        return tag(g, g.keys().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Generation g = state.current();
        return tag(g, g.keys().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation g = state.current();
        String[] aliases = g.keys().getServerAliases(keyType, issuers);
        return aliases == null ? null : Arrays.stream(aliases).map(a -> tag(g, a)).toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation g = generation(alias);
        return g == null ? null : g.keys().getCertificateChain(untag(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation g = generation(alias);
        return g == null ? null : g.keys().getPrivateKey(untag(alias));
    }

    /** A server presents no client certificate. */
    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    private static String tag(Generation g, String alias) {
        return alias == null ? null : g.number() + ":" + alias;
    }

    private static String untag(String alias) {
        return alias.substring(alias.indexOf(':') + 1);
    }

    private Generation generation(String alias) {
        int colon = alias == null ? -1 : alias.indexOf(':');
        if (colon < 0) {
            return null;
        }
        long number;
        try {
            number = Long.parseLong(alias.substring(0, colon));
        } catch (NumberFormatException e) {
            return null;
        }
        State s = state;
        if (s.current().number() == number) {
            return s.current();
        }
        return s.previous() != null && s.previous().number() == number ? s.previous() : null;
    }
}
