package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.JwtSettings;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A JWKS (or PEM key) served over https, or over http with {@code gatehouse.jwks.allow-http}.
 * Fetched on its own daemon thread and the HTTP client's, never on a caller's: when opened (the
 * opener waits for that first fetch at most the fetch deadline), every refresh interval after the
 * last fetch, and when a token names an unknown {@code kid} (at most once per minimum refetch
 * interval). One fetch at a time: whoever needs a fetch while one is under way shares it.
 *
 * <p>A fetch has a deadline on the whole response, headers and body: when it passes, the exchange
 * is cancelled (its connection closed) and the fetch has failed. The body is bounded (1 MiB). A
 * failed fetch keeps the previous keys and logs one WARNING line (the URL without credentials or
 * query, no stack trace). Until the first key set arrives there are no keys ({@link #current()} is
 * null, {@link #missing()} says why) and fetches are retried with a backoff: 1 s, doubling to 30 s,
 * never further apart than the refresh interval.
 *
 * <p>A token with an unknown {@code kid} waits for the refetch at most {@link #UNKNOWN_KID_WAIT},
 * counted from the first such token of that fetch, so a flood of made-up {@code kid}s holds its
 * threads at most once per fetch.
 *
 * <p>Locking: the monitor {@code this} guards the fetch state (the fetch under way, when the last
 * one started, the failures in a row, the next scheduled fetch); it is never held across a network
 * call or a wait. {@code keys} is volatile and replaced whole.
 */
final class RemoteJwks implements KeySource {
    /** How long a token with an unknown {@code kid} waits, at most, for the refetch it caused or joined. */
    static final Duration UNKNOWN_KID_WAIT = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger("dev.gatehouse.handshake");
    private static final int MAX_BYTES = 1 << 20;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final URI uri;
    /** The URL without user info, query or fragment, which may hold credentials: the only form logged. */
    private final String printable;
    private final HttpClient http;
    private final Clock clock;
    private final Duration refreshInterval;
    private final Duration refetchMinInterval;
    private final Duration fetchTimeout;
    private final System.Logger log;
    /** The JWKS' own thread: starts fetches, handles their outcome, keeps their deadlines and the schedule. */
    private final ScheduledThreadPoolExecutor thread;
    private final CompletableFuture<KeySet> firstKeys = new CompletableFuture<>();
    /** The keys in use, null until the first fetch succeeds; replaced whole by a successful fetch. */
    private volatile KeySet keys;
    /** Why the last fetch failed, client-safe (no URL, no exception message); null after a success. */
    private volatile String lastFailure;

    /** The fetch under way, or null. Guarded by this. */
    private Fetch fetch;
    /** When the last fetch started, successful or not. Guarded by this. */
    private Instant lastFetch;
    /** Failed fetches since the last success. Guarded by this. */
    private int failures;
    /** The next scheduled fetch, or null. Guarded by this. */
    private ScheduledFuture<?> next;
    /** Guarded by this. */
    private boolean closed;

    private RemoteJwks(URI uri, JwtSettings settings, Clock clock, System.Logger log) {
        this.uri = uri;
        this.printable = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getRawPath();
        this.clock = clock;
        this.refreshInterval = settings.jwksRefreshInterval();
        this.refetchMinInterval = settings.jwksRefetchMinInterval();
        this.fetchTimeout = settings.jwksFetchTimeout();
        this.log = log;
        this.http = HttpClient.newBuilder()
                .connectTimeout(fetchTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL) // never from https to http
                .build();
        this.thread = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "gatehouse-jwks");
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts fetching the keys of {@code mp.jwt.verify.publickey.location} and waits for that first
     * fetch at most the fetch deadline; a fetch that fails does not fail this.
     *
     * @throws dev.gatehouse.ConfigurationException naming {@value KeyLocation#PROPERTY} when the location is not
     *     an https URL (nor an http one with {@code gatehouse.jwks.allow-http})
     */
    static RemoteJwks open(JwtSettings settings, Clock clock) {
        return open(settings, clock, LOG);
    }

    /** As {@link #open(JwtSettings, Clock)}, logging on {@code log}. */
    static RemoteJwks open(JwtSettings settings, Clock clock, System.Logger log) {
        URI uri = KeyLocation.remote(settings.publicKeyLocation().orElseThrow(), settings.jwksAllowHttp());
        RemoteJwks jwks = new RemoteJwks(uri, settings, clock, log);
        try {
            jwks.start().done.get(jwks.fetchTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the fetch has its own deadline and logs its failure; readiness says there are no keys yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return jwks;
    }

    @Override
    public KeySet current() {
        return keys;
    }

    @Override
    public CompletionStage<KeySet> afterUnknownKid() {
        Fetch f = joinForUnknownKid();
        return f == null ? CompletableFuture.completedStage(keys) : f.done.minimalCompletionStage();
    }

    @Override
    public KeySet awaitAfterUnknownKid() {
        Fetch f = joinForUnknownKid();
        if (f == null) {
            return keys;
        }
        try {
            return f.done.get(Math.max(0, f.waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return keys;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return keys;
        }
    }

    @Override
    public synchronized boolean refreshing() {
        return fetch != null;
    }

    @Override
    public Optional<String> missing() {
        if (keys != null) {
            return Optional.empty();
        }
        String failure = lastFailure;
        return Optional.of("no key set yet from " + KeyLocation.PROPERTY + (failure == null
                ? ": the first fetch is under way" : ": the last fetch failed (" + failure + "); retrying"));
    }

    @Override
    public boolean remote() {
        return true;
    }

    /** {@return the first key set, when it arrives} */
    CompletionStage<KeySet> firstKeys() {
        return firstKeys;
    }

    @Override
    public void close() {
        Fetch f;
        synchronized (this) {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
            f = fetch;
        }
        thread.shutdownNow();
        if (f != null) {
            f.abort.run();
            f.done.complete(keys);
        }
    }

    /**
     * The fetch a token with an unknown {@code kid} waits for: the one under way, else a new one
     * unless the last started less than the minimum refetch interval ago (then null). The first
     * such token of a fetch opens the wait that every later one shares.
     */
    private synchronized Fetch joinForUnknownKid() {
        long now = System.nanoTime();
        Fetch f = fetch;
        if (f == null) {
            if (closed || clock.instant().isBefore(lastFetch.plus(refetchMinInterval))) {
                return null;
            }
            f = start();
        }
        if (f != null && !f.waitOpened) {
            f.waitOpened = true;
            f.waitUntil = now + UNKNOWN_KID_WAIT.toNanos();
        }
        return f;
    }

    /** Starts a fetch on the JWKS thread unless one is under way, which it returns; null once closed. */
    private synchronized Fetch start() {
        if (fetch != null || closed) {
            return fetch;
        }
        Fetch f = new Fetch();
        lastFetch = clock.instant();
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        try {
            thread.execute(() -> send(f));
        } catch (RejectedExecutionException stopped) {
            return null;
        }
        fetch = f;
        return f;
    }

    /** On the JWKS thread: sends the request and arms the deadline; the outcome comes back to this thread. */
    private void send(Fetch f) {
        BoundedBody body = new BoundedBody(MAX_BYTES);
        AtomicBoolean late = new AtomicBoolean();
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(fetchTimeout)
                    .header("Accept", "application/jwk-set+json, application/json")
                    .GET()
                    .build();
            exchange = http.sendAsync(request, body::forStatus);
        } catch (RuntimeException e) {
            finish(f, null, e, false);
            return;
        }
        f.abort = () -> {
            body.abort();
            exchange.cancel(true);
        };
        ScheduledFuture<?> deadline = thread.schedule(() -> {
            late.set(true);
            f.abort.run();
        }, fetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
        exchange.whenCompleteAsync((response, failure) -> {
            deadline.cancel(false);
            finish(f, response, failure, late.get());
        }, thread);
    }

    /** On the JWKS thread: takes the keys or logs the failure, schedules the next fetch, and answers the waiters. */
    private void finish(Fetch f, HttpResponse<byte[]> response, Throwable failure, boolean late) {
        KeySet fetched = null;
        FetchFailure why;
        try {
            why = late ? FetchFailure.of("no complete answer within " + fetchTimeout.toMillis() + " ms")
                    : failure != null ? FetchFailure.of(failure, fetchTimeout, uri) : null;
            fetched = why != null ? null : KeyMaterial.parse(new String(response.body(), StandardCharsets.UTF_8));
        } catch (KeyMaterial.Invalid e) {
            why = new FetchFailure("not a key set", "not a key set: " + e.getMessage());
        } catch (RuntimeException e) {
            why = new FetchFailure("not a key set", "not a key set: " + e.getClass().getSimpleName());
        }
        if (fetched != null) {
            keys = fetched;
        }
        lastFailure = why == null ? null : why.kind();
        KeySet now = keys;
        Duration delay = scheduleNext(fetched != null, now != null);
        if (fetched != null) {
            firstKeys.complete(fetched);
        } else if (now != null) {
            log.log(Level.WARNING, "Keeping the previous JWKS keys; cannot fetch keys from {0}: {1}", printable, why.detail());
        } else {
            log.log(Level.WARNING, "No JWKS keys yet, so handshakes are refused as not ready; cannot fetch keys"
                    + " from {0}: {1}; retrying in {2} ms", printable, why.detail(), String.valueOf(delay.toMillis()));
        }
        f.done.complete(now);
    }

    /** Ends the fetch under way and schedules the next one: a refresh, or a retry while there are no keys. */
    private synchronized Duration scheduleNext(boolean succeeded, boolean hasKeys) {
        fetch = null;
        failures = succeeded ? 0 : failures + 1;
        Duration delay = hasKeys ? refreshInterval : backoff(failures);
        if (!closed) {
            next = thread.schedule(() -> {
                start();
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        return delay;
    }

    /** 1 s doubling to 30 s, never longer than the refresh interval. */
    private Duration backoff(int failed) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(failed - 1, 5));
        delay = delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
        return delay.compareTo(refreshInterval) > 0 ? refreshInterval : delay;
    }

    /** One fetch and the tokens waiting for it. */
    private static final class Fetch {
        /** Completes with the keys after the fetch (the previous ones when it failed; null when there are none). */
        final CompletableFuture<KeySet> done = new CompletableFuture<>();
        /** Cancels the exchange; set on the JWKS thread once it is sent. */
        volatile Runnable abort = () -> { };
        /** Whether a token with an unknown kid has started the wait. Guarded by the RemoteJwks. */
        boolean waitOpened;
        /** Until when ({@link System#nanoTime()}) tokens with an unknown kid wait for this fetch. */
        volatile long waitUntil;
    }
}
