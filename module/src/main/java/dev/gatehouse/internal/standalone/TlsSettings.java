package dev.gatehouse.internal.standalone;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.internal.config.Setting;
import dev.gatehouse.internal.config.Values;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The standalone server's {@code gatehouse.tls.*} settings, declared once, and their reading into a
 * {@link Tls} (or none when no certificate is configured). Which combinations make sense is
 * checked here, at build time, each failure naming the property.
 */
public final class TlsSettings {
    /**
     * Whether a client must, may or must not present a certificate; {@code GatehouseConfig.ClientAuth}
     * is its public face, mapped by name (this package may not depend on the API's configuration class).
     */
    public enum ClientAuth { NONE, WANT, NEED }

    public static final Setting<Path> KEY_STORE = path("gatehouse.tls.key-store")
            .doc("PKCS#12 key store with the server's certificate chain and key; turns TLS on (or use"
                    + " `gatehouse.tls.certificate`)");
    public static final Setting<String> KEY_STORE_PASSWORD = Setting.string("gatehouse.tls.key-store-password")
            .doc("password of the key store (never logged)");
    public static final Setting<Path> KEY_STORE_PASSWORD_FILE = path("gatehouse.tls.key-store-password-file")
            .doc("file holding the key store's password instead (a trailing newline is ignored)");
    public static final Setting<Path> CERTIFICATE = path("gatehouse.tls.certificate")
            .doc("PEM certificate chain, the server's own first; turns TLS on, with `gatehouse.tls.private-key`");
    public static final Setting<Path> PRIVATE_KEY = path("gatehouse.tls.private-key")
            .doc("PEM PKCS#8 private key of that certificate, unencrypted (`-----BEGIN PRIVATE KEY-----`)");
    public static final Setting<ClientAuth> CLIENT_AUTH = Setting.enumOf("gatehouse.tls.client-auth", ClientAuth.class)
            .byDefault(ClientAuth.NONE)
            .doc("client certificates: `none`, `want` (asked for, checked when sent) or `need` (refused without one)");
    public static final Setting<Path> CLIENT_CA = path("gatehouse.tls.client-ca")
            .doc("PEM file of the CAs whose client certificates are accepted (needed for `want` and `need`)");
    public static final Setting<Duration> RELOAD_INTERVAL = Setting.duration("gatehouse.tls.reload-interval")
            .byDefault(Duration.ofSeconds(10))
            .check(value -> {
                if (value.compareTo(Duration.ofSeconds(1)) < 0) {
                    throw new ConfigurationException("gatehouse.tls.reload-interval", "must be at least 1s");
                }
                return value;
            })
            .doc("how often the certificate's files are read again; a change is served to new handshakes");

    /** Every TLS setting, in the order of the README's table. */
    public static final List<Setting<?>> SETTINGS = List.of(KEY_STORE, KEY_STORE_PASSWORD, KEY_STORE_PASSWORD_FILE,
            CERTIFICATE, PRIVATE_KEY, CLIENT_AUTH, CLIENT_CA, RELOAD_INTERVAL);

    private TlsSettings() {
    }

    private static Setting<Path> path(String name) {
        return Setting.of(name, text -> {
            try {
                return Path.of(text);
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigurationException(name, "is not a file path: " + e.getReason());
            }
        });
    }

    /**
     * The TLS set-up the values describe, its files read and checked now; null when TLS is off.
     *
     * @throws ConfigurationException naming the property at fault (a missing or unreadable file, a
     *     wrong password, a key that does not match its certificate, a combination that makes no sense)
     */
    public static Tls read(Values values) {
        boolean store = values.isSet(KEY_STORE);
        boolean pem = values.isSet(CERTIFICATE) || values.isSet(PRIVATE_KEY);
        if (!store && !pem) {
            for (Setting<?> s : List.of(KEY_STORE_PASSWORD, KEY_STORE_PASSWORD_FILE, CLIENT_CA)) {
                if (values.isSet(s)) {
                    throw new ConfigurationException(s.name(), "is set but TLS is off (set " + KEY_STORE.name()
                            + " or " + CERTIFICATE.name() + ")");
                }
            }
            if (values.get(CLIENT_AUTH) != ClientAuth.NONE) {
                throw new ConfigurationException(CLIENT_AUTH.name(), "needs TLS (set " + KEY_STORE.name()
                        + " or " + CERTIFICATE.name() + ")");
            }
            return null;
        }
        if (store && pem) {
            throw new ConfigurationException(KEY_STORE.name(), "set together with " + CERTIFICATE.name() + "/"
                    + PRIVATE_KEY.name() + "; use one or the other");
        }
        IdentityFiles files;
        if (store) {
            boolean inline = values.isSet(KEY_STORE_PASSWORD);
            if (inline == values.isSet(KEY_STORE_PASSWORD_FILE)) {
                throw new ConfigurationException(KEY_STORE_PASSWORD.name(), inline
                        ? "set together with " + KEY_STORE_PASSWORD_FILE.name() + "; use one or the other"
                        : "missing (or " + KEY_STORE_PASSWORD_FILE.name() + "): the key store needs its password");
            }
            files = IdentityFiles.keyStore(values.get(KEY_STORE), values.get(KEY_STORE_PASSWORD),
                    values.get(KEY_STORE_PASSWORD_FILE));
        } else {
            if (!values.isSet(CERTIFICATE) || !values.isSet(PRIVATE_KEY)) {
                Setting<Path> missing = values.isSet(CERTIFICATE) ? PRIVATE_KEY : CERTIFICATE;
                throw new ConfigurationException(missing.name(), "missing: " + CERTIFICATE.name() + " and "
                        + PRIVATE_KEY.name() + " go together");
            }
            if (values.isSet(KEY_STORE_PASSWORD) || values.isSet(KEY_STORE_PASSWORD_FILE)) {
                Setting<?> extra = values.isSet(KEY_STORE_PASSWORD) ? KEY_STORE_PASSWORD : KEY_STORE_PASSWORD_FILE;
                throw new ConfigurationException(extra.name(), "is set but there is no " + KEY_STORE.name());
            }
            files = IdentityFiles.pem(values.get(CERTIFICATE), values.get(PRIVATE_KEY));
        }
        ClientAuth clientAuth = values.get(CLIENT_AUTH);
        if (clientAuth == ClientAuth.NONE && values.isSet(CLIENT_CA)) {
            throw new ConfigurationException(CLIENT_CA.name(), "is set but " + CLIENT_AUTH.name() + " is none");
        }
        if (clientAuth != ClientAuth.NONE && !values.isSet(CLIENT_CA)) {
            throw new ConfigurationException(CLIENT_CA.name(), "missing: " + CLIENT_AUTH.name() + "="
                    + clientAuth.name().toLowerCase(java.util.Locale.ROOT) + " needs the CAs of the client certificates");
        }
        return new Tls(files, clientAuth, clientAuth == ClientAuth.NONE ? null : IdentityFiles.trust(CLIENT_CA.name(),
                values.get(CLIENT_CA)), values.get(RELOAD_INTERVAL));
    }
}
