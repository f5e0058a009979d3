package dev.gatehouse.internal;

import dev.gatehouse.ClusterStatus;
import dev.gatehouse.internal.codec.JsonText;
import dev.gatehouse.internal.handshake.KeyReadiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Liveness and readiness in MicroProfile Health's JSON format ({@code {"status":"UP","checks":[…]}}):
 * ready means the server is not stopping, the backplane reaches the other nodes (always, for a node
 * alone), the token verifier has its keys (reported only for keys fetched from a URL), the revocations
 * the backplane keeps were read or are no longer waited for (reported only for a backplane that keeps
 * them, {@code gatehouse-revocations}), and every
 * application {@link dev.gatehouse.spi.ReadinessCheck} passes. The application's checks are the ones
 * every connection waits for ({@link ReadinessChecks}): each runs at most once at a time and its
 * answer serves every probe for a second, so probes cost nothing however often they come, and a
 * probe is answered within the ready timeout, never hanging. The same checks are also given as
 * values ({@link #readyChecks()}), for MicroProfile Health in a WAR. Thread-safe; holds no lock.
 */
public final class Health {
    /** An answer: UP or DOWN, and its JSON. */
    public record Report(boolean up, String json) {
    }

    /**
     * One check's outcome.
     *
     * @param name the check's name: {@code gatehouse-server}, {@code gatehouse-backplane},
     *     {@code gatehouse-keys}, {@code gatehouse-revocations} or the application check's {@link dev.gatehouse.spi.ReadinessCheck#name()}
     * @param up whether it passes
     * @param reason why it is DOWN, null when UP: a fixed text or an exception's class name, never its
     *     message (which may hold a secret)
     * @param engine for the backplane check, its engine and topology; null for the others
     */
    public record Check(String name, boolean up, String reason, String engine) {
        /** A check that names no backplane engine. */
        public Check(String name, boolean up, String reason) {
            this(name, up, reason, null);
        }
    }

    /** The check of the revocations a backplane keeps: DOWN until this node first read them, or gave up waiting. */
    static final String REVOCATIONS = "gatehouse-revocations";

    /** The backplane's engine and its topology, as the backplane check shows them. */
    static String engine(ClusterStatus status) {
        return status.topology().isEmpty() ? status.engine() : status.engine() + ": " + status.topology();
    }

    private final ReadinessChecks checks;
    private final Duration bound;
    private final BooleanSupplier stopping;
    private final Supplier<ClusterStatus> cluster;
    /** The token keys' readiness, or null when there are none to wait for. */
    private final KeyReadiness keys;
    /** Whether the revocations the backplane keeps are still to be read; null when it keeps none. */
    private final BooleanSupplier revocationsUnread;

    Health(ReadinessChecks checks, Duration bound, BooleanSupplier stopping, Supplier<ClusterStatus> cluster,
            KeyReadiness keys, BooleanSupplier revocationsUnread) {
        this.revocationsUnread = revocationsUnread;
        this.checks = checks;
        this.bound = bound;
        this.stopping = stopping;
        this.cluster = cluster;
        this.keys = keys;
    }

    /** {@return liveness: UP while the process serves requests at all} */
    public Report live() {
        return report(List.of(new Check("gatehouse-live", true, null)));
    }

    /** Readiness, completed within the ready timeout. */
    public CompletionStage<Report> ready() {
        List<Check> fixed = fixedChecks();
        return checks.current().thenApply(outcomes -> {
            List<Check> answers = new ArrayList<>(fixed);
            outcomes.forEach(o -> answers.add(o.check()));
            return report(answers);
        });
    }

    /**
     * Readiness as values, for a caller that must answer on its own thread: waits at most the ready
     * timeout (each check answers within it).
     *
     * @return the server's, the backplane's and the keys' checks, then the application's, in their order
     */
    public List<Check> readyChecks() {
        List<Check> answers = fixedChecks();
        try {
            checks.current().get(bound.toMillis() + 1000, TimeUnit.MILLISECONDS).forEach(o -> answers.add(o.check()));
        } catch (TimeoutException | ExecutionException e) { // cannot happen: every check answers within the bound
            answers.add(new Check("gatehouse-checks", false, "no answer within " + bound.toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answers.add(new Check("gatehouse-checks", false, "interrupted"));
        }
        return answers;
    }

    private List<Check> fixedChecks() {
        List<Check> fixed = new ArrayList<>();
        boolean stops = stopping.getAsBoolean();
        fixed.add(new Check("gatehouse-server", !stops, stops ? "stopping" : null));
        ClusterStatus status = cluster.get();
        fixed.add(new Check("gatehouse-backplane", status.connected(), status.connected() ? null
                : "node " + status.nodeId() + " cannot reach the other nodes", engine(status)));
        if (keys != null) {
            Optional<String> missing = keys.missing();
            fixed.add(new Check(KeyReadiness.CHECK, missing.isEmpty(), missing.orElse(null)));
        }
        if (revocationsUnread != null) {
            boolean unread = revocationsUnread.getAsBoolean();
            fixed.add(new Check(REVOCATIONS, !unread, unread ? "the revocations the backplane keeps are not read yet" : null));
        }
        return fixed;
    }

    private static Report report(List<Check> checks) {
        boolean up = checks.stream().allMatch(Check::up);
        StringBuilder list = new StringBuilder("[");
        for (Check c : checks) {
            if (list.length() > 1) {
                list.append(',');
            }
            JsonText check = JsonText.object(64).field("name", c.name()).field("status", c.up() ? "UP" : "DOWN");
            if (c.reason() != null || c.engine() != null) {
                JsonText data = JsonText.object(48);
                if (c.engine() != null) {
                    data.field("engine", c.engine());
                }
                if (c.reason() != null) {
                    data.field("reason", c.reason());
                }
                check.rawField("data", data.end());
            }
            list.append(check.end());
        }
        return new Report(up, JsonText.object(32 + list.length()).field("status", up ? "UP" : "DOWN")
                .rawField("checks", list.append(']').toString()).end());
    }
}
