package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JWKS (or PEM key) served over http(s). Fetched once when opened, so a bad URL fails startup;
 * then again every refresh interval on a daemon thread, and when a token names an unknown
 * {@code kid}, at most once per minimum refetch interval. A failed fetch keeps the previous keys.
 */
final class RemoteJwks implements KeySource {
    private static final System.Logger LOG = System.getLogger("dev.gatehouse.handshake");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BYTES = 1 << 20;

    private final URI uri;
    private final HttpClient http;
    private final Clock clock;
    private final Duration refetchMinInterval;
    private final ScheduledExecutorService refresher;
    /** Held while fetching, so fetches never overlap. */
    private final ReentrantLock fetchLock = new ReentrantLock();
    /** The keys in use; replaced whole by a successful fetch. */
    private volatile KeySet keys;
    /** When the last fetch started, successful or not. Guarded by fetchLock. */
    private Instant lastFetch;

    private RemoteJwks(URI uri, Clock clock, Duration refetchMinInterval) {
        this.uri = uri;
        this.clock = clock;
        this.refetchMinInterval = refetchMinInterval;
        this.http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gatehouse-jwks-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Fetches the keys and starts the background refresh.
     *
     * @throws ConfigurationException naming {@value KeyLocation#PROPERTY} when the first fetch fails
     */
    static RemoteJwks open(String location, Duration refreshInterval, Duration refetchMinInterval, Clock clock) {
        URI uri = uri(location);
        requirePositive("gatehouse.jwks.refresh-interval", refreshInterval);
        requireNotNegative("gatehouse.jwks.refetch-min-interval", refetchMinInterval);
        RemoteJwks jwks = new RemoteJwks(uri, clock, refetchMinInterval);
        try {
            jwks.fetchFirst();
        } catch (ConfigurationException e) {
            jwks.close();
            throw e;
        }
        long millis = Math.max(1, refreshInterval.toMillis());
        jwks.refresher.scheduleWithFixedDelay(jwks::refresh, millis, millis, TimeUnit.MILLISECONDS);
        return jwks;
    }

    @Override
    public KeySet current() {
        return keys;
    }

    /**
     * Fetches again unless the last fetch is more recent than the minimum refetch interval. While
     * another thread fetches, returns the current keys at once rather than queue request threads
     * behind a slow JWKS endpoint.
     */
    @Override
    public KeySet afterUnknownKid() {
        if (!fetchLock.tryLock()) {
            return keys;
        }
        try {
            if (!clock.instant().isBefore(lastFetch.plus(refetchMinInterval))) {
                fetchKeepingOldKeysOnFailure();
            }
            return keys;
        } finally {
            fetchLock.unlock();
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    private void fetchFirst() {
        fetchLock.lock();
        try {
            lastFetch = clock.instant();
            keys = fetch();
        } finally {
            fetchLock.unlock();
        }
    }

    private void refresh() {
        fetchLock.lock();
        try {
            fetchKeepingOldKeysOnFailure();
        } finally {
            fetchLock.unlock();
        }
    }

    /** Called with fetchLock held. */
    private void fetchKeepingOldKeysOnFailure() {
        lastFetch = clock.instant();
        try {
            keys = fetch();
        } catch (ConfigurationException e) {
            LOG.log(Level.WARNING, "Keeping the previous JWKS keys; {0}", e.getMessage());
        }
    }

    private KeySet fetch() {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "application/jwk-set+json, application/json")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw failure("HTTP status " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw failure("response larger than " + MAX_BYTES + " bytes");
                }
                return KeyMaterial.parse(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (KeyMaterial.Invalid e) {
            throw failure(e.getMessage());
        } catch (IOException e) {
            throw failure(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted");
        }
    }

    private ConfigurationException failure(String reason) {
        return new ConfigurationException(KeyLocation.PROPERTY, "cannot fetch keys from " + printable(uri) + ": " + reason);
    }

    /** The URL without user info, query or fragment, which may hold credentials. */
    private static String printable(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getRawPath();
    }

    private static URI uri(String location) {
        try {
            URI uri = URI.create(location);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(KeyLocation.PROPERTY, "not a valid http(s) URL");
        }
    }

    private static void requirePositive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigurationException(property, "must be positive");
        }
    }

    private static void requireNotNegative(String property, Duration value) {
        if (value == null || value.isNegative()) {
            throw new ConfigurationException(property, "must not be negative");
        }
    }
}
