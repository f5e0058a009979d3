package dev.gatehouse.internal.standalone;

import dev.gatehouse.ConfigurationException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;

/**
 * TLS on the standalone server: the JDK's {@link SSLContext} with a {@link SwappableKeyManager},
 * TLS 1.2 and 1.3 only, client certificates as configured; and the reload of the certificate's
 * files every {@code gatehouse.tls.reload-interval}, on one daemon thread of its own. Changed files
 * that load are served to new handshakes; changed files that do not load leave the previous
 * certificate in place, with one WARNING per problem (its message, no stack trace, no password)
 * and one count on {@code gatehouse.tls.reload_refused}.
 *
 * <p>Locking: the reload thread is the only reader and writer of the reload state, and the only
 * caller of {@link SwappableKeyManager#swap}; start and stop are synchronized with each other and do
 * no I/O under the lock. No network is used: the files are local.
 */
public final class Tls {
    /** The protocols offered; older ones are refused at the handshake. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final Logger LOG = System.getLogger("dev.gatehouse.tls");

    private final IdentityFiles files;
    private final TlsSettings.ClientAuth clientAuth;
    private final Duration reloadInterval;
    private final SwappableKeyManager keys;
    private final SSLContext context;
    private IdentityFiles.Contents loaded; // reload thread only, after construction
    private Object problem; // reload thread only: the contents, or the read failure, that could not be used
    private boolean warned; // reload thread only: whether that problem was warned about
    private ScheduledExecutorService reloader;
    private Runnable onRefused = () -> { };

    Tls(IdentityFiles files, TlsSettings.ClientAuth clientAuth, TrustManager[] clientCas, Duration reloadInterval) {
        this.files = files;
        this.clientAuth = clientAuth;
        this.reloadInterval = reloadInterval;
        this.loaded = files.read();
        this.keys = new SwappableKeyManager(files.load(loaded));
        try {
            this.context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, clientCas, null);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(TlsSettings.KEY_STORE.name(), "the JDK's TLS cannot start: " + e.getMessage());
        }
    }

    /** What Grizzly makes each connection's {@code SSLEngine} with. */
    SSLEngineConfigurator engines() {
        SSLEngineConfigurator engines = new SSLEngineConfigurator(context, false,
                clientAuth == TlsSettings.ClientAuth.NEED, clientAuth == TlsSettings.ClientAuth.WANT);
        engines.setEnabledProtocols(PROTOCOLS.clone());
        return engines;
    }

    /**
     * Starts checking the files every reload interval.
     *
     * @param refused run once for each changed content that could not be loaded
     */
    synchronized void startReloading(Runnable refused) {
        this.onRefused = refused;
        reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-tls-reload");
            t.setDaemon(true);
            return t;
        });
        long millis = reloadInterval.toMillis();
        LOG.log(Level.INFO, "TLS on (" + String.join(", ", PROTOCOLS) + "; client certificates: "
                + clientAuth.name().toLowerCase(java.util.Locale.ROOT) + "); the certificate's files are read again every "
                + reloadInterval.toSeconds() + " s");
        reloader.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops checking the files. */
    synchronized void stopReloading() {
        if (reloader != null) {
            reloader.shutdownNow();
            reloader = null;
        }
    }

    /**
     * Reads the files; loads and swaps in what changed. Files that cannot be used are warned about
     * once they read the same on two checks in a row (a rotation caught half-written, the new
     * certificate beside the old key, is not worth a warning), and once only.
     */
    void reloadIfChanged() {
        IdentityFiles.Contents now;
        try {
            now = files.read();
        } catch (ConfigurationException e) {
            cannotUse(e.getMessage(), e);
            return;
        }
        if (now.equals(loaded)) {
            problem = null;
            return;
        }
        try {
            keys.swap(files.load(now));
        } catch (ConfigurationException e) {
            cannotUse(now, e);
            return;
        }
        loaded = now;
        problem = null;
        LOG.log(Level.INFO, "TLS certificate reloaded from changed files; new handshakes present it");
    }

    private void cannotUse(Object state, ConfigurationException e) {
        if (!state.equals(problem)) {
            problem = state;
            warned = false;
        } else if (!warned) {
            warned = true;
            onRefused.run();
            LOG.log(Level.WARNING, "TLS certificate files changed but cannot be used, the previous certificate"
                    + " stays: " + e.getMessage());
        }
    }
}
