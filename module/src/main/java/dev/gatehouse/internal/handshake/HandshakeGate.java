package dev.gatehouse.internal.handshake;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.lifecycle.BurstLog;
import dev.gatehouse.internal.lifecycle.Timer;
import dev.gatehouse.internal.lifecycle.Workers;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.UpgradeCheck;
import dev.gatehouse.spi.Verification;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Decides whether an upgrade request may become a WebSocket (PROTOCOL.md §1.2): origin, token,
 * whether this node knows the revocations its backplane keeps yet ({@code SERVICE_UNAVAILABLE}
 * until it does, {@link RevocationList#unread()}), signature and claims, required groups, revocations (checked after every verification, a cached
 * one too), then the application's {@link UpgradeCheck}s on the verified token and a copy of the
 * request. Container-independent; each container adapter turns a
 * rejection into its answer. Never throws.
 *
 * <p>Gatehouse's own verifier ({@link NonBlockingVerifier}) answers on the caller's thread. An
 * application's verifier may block (a token introspection call, a database): it runs on
 * Gatehouse's verifier threads, and at {@code gatehouse.auth.timeout} the handshake is answered
 * {@code SERVICE_UNAVAILABLE} whatever it does, its thread left to it and replaced. A container
 * thread that must wait for that verdict ({@link #check}: a WAR's servlet filter, a configurator)
 * waits only while fewer than {@code gatehouse.auth.waiting-threads} do: the server's request
 * threads may also run its WebSocket messages (WildFly), so a verifier that hangs must not hold
 * them all. Beyond, the handshake is refused {@code SERVICE_UNAVAILABLE} at once. Upgrade checks
 * may block too: with any, every handshake is decided on the verifier threads, under the same limit.
 *
 * <p>Thread-safe; the waiting threads are counted by a semaphore, and no lock is held.
 */
public final class HandshakeGate {
    private static final Logger LOG = System.getLogger("dev.gatehouse.handshake");
    /** The verdict when an application's verifier or an upgrade check has not answered in time. */
    static final Verification LATE = Verification.rejected(ErrorCode.SERVICE_UNAVAILABLE,
            "The token could not be checked in time; try again later");
    /** The verdict while the revocations the backplane keeps are not read yet (a node just started). */
    static final Verification UNREAD = Verification.rejected(ErrorCode.SERVICE_UNAVAILABLE,
            "This node has not read the revocations yet; try again");
    /** The verdict when too many threads wait for an application's verifier already. */
    static final Verification BUSY = Verification.rejected(ErrorCode.SERVICE_UNAVAILABLE,
            "Too many tokens are being verified; try again later");
    private final Set<String> origins;
    private final Set<String> requiredGroups;
    private final List<String> subprotocols;
    private final TokenExtractor extractor;
    private final TokenVerifier verifier;
    private final UpgradeChecks checks;
    private final RevocationList revocations;
    /** Where an application's verifier runs, or null when the verifier answers on the caller's thread. */
    private final Workers verifierThreads;
    private final Timer timer;
    private final long timeoutMillis;
    /** Container threads that may still wait in {@link #check} for an application's verifier. */
    private final Semaphore waiting;
    private final BurstLog busy;
    /** Once a minute at most, however many handshakes a verifier that hangs holds. */
    private final BurstLog late;
    private final String busyDetail;

    /** A gate whose verifier answers on the caller's thread (Gatehouse's own, or one in a test), nothing revoked. */
    public HandshakeGate(GatehouseConfig config, TokenVerifier verifier) {
        this(config, verifier, List.of(), null, null,
                RevocationList.of(config, java.time.Clock.systemUTC(), GatehouseMetrics.none()));
    }

    /**
     * A gate.
     *
     * @param config the configuration
     * @param verifier verifies tokens
     * @param checks the application's upgrade checks, in order
     * @param verifierThreads runs a verifier that is not a {@link NonBlockingVerifier}, and the
     *     upgrade checks; null to run both on the caller's thread
     * @param timer times them ({@code gatehouse.auth.timeout})
     * @param revocations the revoked tokens and users
     */
    public HandshakeGate(GatehouseConfig config, TokenVerifier verifier, List<UpgradeCheck> checks,
            Workers verifierThreads, Timer timer, RevocationList revocations) {
        this.origins = config.origins();
        this.requiredGroups = config.requiredGroups();
        this.subprotocols = config.subprotocols();
        this.extractor = new TokenExtractor(config);
        this.verifier = verifier;
        this.checks = new UpgradeChecks(checks);
        this.revocations = revocations;
        this.verifierThreads = verifier instanceof NonBlockingVerifier && this.checks.isEmpty() ? null : verifierThreads;
        this.timer = timer;
        this.timeoutMillis = config.authTimeout().toMillis();
        this.waiting = new Semaphore(config.authWaitingThreads());
        this.busy = new BurstLog(LOG, "Handshakes refused as SERVICE_UNAVAILABLE at once: request threads already"
                + " wait for the token verifier", 60);
        this.late = new BurstLog(LOG, "Handshakes refused as SERVICE_UNAVAILABLE: the token verifier or an upgrade"
                + " check did not answer within gatehouse.auth.timeout", 60);
        this.busyDetail = config.authWaitingThreads() + " of them, gatehouse.auth.waiting-threads";
    }

    /** {@return whether the verifier or the checks run on the verifier threads, so that a verdict may come later} */
    public boolean verifiesLater() {
        return verifierThreads != null;
    }

    /**
     * Checks one upgrade request, on this thread; with a verifier that {@linkplain #verifiesLater
     * verifies later}, waits for it, at most {@code gatehouse.auth.timeout}, unless
     * {@code gatehouse.auth.waiting-threads} threads wait already: then {@code SERVICE_UNAVAILABLE}
     * at once.
     */
    public Verification check(RequestView request) {
        Object read = read(request);
        if (read instanceof Verification early) {
            return early;
        }
        Read pending = (Read) read;
        if (verifierThreads == null) {
            return decide(pending);
        }
        if (!waiting.tryAcquire()) {
            busy.event(busyDetail);
            return BUSY;
        }
        try {
            return verifyLater(pending).join(); // completes at the latest at the time limit
        } finally {
            waiting.release();
        }
    }

    /**
     * Checks one upgrade request: completed at once unless the verifier {@linkplain #verifiesLater
     * verifies later}; then on a verifier thread, or at {@code gatehouse.auth.timeout} with
     * {@code SERVICE_UNAVAILABLE}. The request is read before this returns, never after.
     */
    public CompletableFuture<Verification> checkLater(RequestView request) {
        Object read = read(request);
        if (read instanceof Verification early) {
            return CompletableFuture.completedFuture(early);
        }
        Read pending = (Read) read;
        return verifierThreads == null ? CompletableFuture.completedFuture(decide(pending)) : verifyLater(pending);
    }

    /**
     * The request's origin and token: a verdict already (a refusal), or the token to verify with a
     * copy of the request for the checks.
     */
    private Object read(RequestView request) {
        if (!origins.isEmpty()) {
            Optional<String> origin = request.header("Origin");
            if (origin.isEmpty() || !origins.contains(origin.get())) {
                return Verification.rejected(ErrorCode.FORBIDDEN_ORIGIN, "Origin is not allowed");
            }
        }
        Optional<String> token = extractor.extract(request);
        if (token.isEmpty()) {
            return Verification.rejected(ErrorCode.NO_TOKEN, "No bearer token in the request");
        }
        if (revocations.unread()) {
            return UNREAD;
        }
        return new Read(token.get(), checks.isEmpty() ? null : new RequestCopy(request));
    }

    /** The token and, when there are upgrade checks, their copy of the request. */
    private record Read(String token, RequestCopy request) {
    }

    /** The token's verification, then the upgrade checks on an accepted one. */
    private Verification decide(Read read) {
        Verification verification = verifyToken(read.token());
        return read.request() != null && verification instanceof Verification.Accepted accepted
                ? checks.apply(accepted, read.request(), read.token()) : verification;
    }

    /** The application's verifier and checks on a verifier thread, answered at the latest at the time limit. */
    private CompletableFuture<Verification> verifyLater(Read pending) {
        CompletableFuture<Verification> verdict = new CompletableFuture<>();
        Timer.Cancellable limit = timer.schedule(() -> {
            if (verdict.complete(LATE)) {
                late.event("no answer within " + timeoutMillis + " ms");
            }
        }, timeoutMillis);
        try {
            verifierThreads.execute(() -> {
                Verification v = decide(pending);
                limit.cancel();
                verdict.complete(v);
            }, timeoutMillis);
        } catch (RejectedExecutionException stopping) {
            limit.cancel();
            verdict.complete(Verification.rejected(ErrorCode.SERVICE_UNAVAILABLE, "The server is stopping"));
        }
        return verdict;
    }

    /**
     * Verifies a token, its groups and its revocations on this thread; used for the handshake and for
     * {@code auth_refresh}. An acceptance comes back {@linkplain Verification.Accepted#tokenId named}
     * with the token's revocation id, for the connection to keep: as Gatehouse's own verifier named
     * it (the verified-token cache, from the digest it is keyed by), else named here.
     */
    public Verification verifyToken(String token) {
        Verification verification = safeVerify(token);
        if (verification instanceof Verification.Accepted accepted) {
            if (!accepted.token().groups().containsAll(requiredGroups)) {
                return Verification.rejected(ErrorCode.FORBIDDEN, "Token lacks a required group");
            }
            Verification.Accepted named = accepted.tokenId() != null && verifier instanceof NonBlockingVerifier
                    ? accepted : new Verification.Accepted(accepted.token(), accepted.attributes(),
                            RevocationList.tokenId(accepted.token(), token));
            return revocations.check(named.token(), named.tokenId()).orElse(named);
        }
        return verification;
    }

    /**
     * The plain application subprotocol to select: the first one the client offered that the
     * server accepts; a token-bearing entry never. Empty string for none.
     */
    public String negotiateSubprotocol(List<String> requested) {
        for (String entry : requested) {
            String e = entry.trim();
            if (!TokenEntries.isTokenBearing(e) && subprotocols.contains(e)) {
                return e;
            }
        }
        return "";
    }

    private Verification safeVerify(String token) {
        try {
            Verification v = verifier.verify(token);
            return v != null ? v : Verification.rejected(ErrorCode.INVALID_TOKEN, "Token could not be verified");
        } catch (Throwable e) { // an Error too (NoClassDefFoundError of an optional library): the gate never throws
            // The class only, never the message: it may hold the token. A missing library shows here.
            LOG.log(Level.WARNING, "The token verifier threw {0}; the handshake is refused as INVALID_TOKEN",
                    e.getClass().getName());
            return Verification.rejected(ErrorCode.INVALID_TOKEN, "Token could not be verified");
        }
    }
}
