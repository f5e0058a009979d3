package dev.gatehouse.internal;

import dev.gatehouse.ClusterStatus;
import dev.gatehouse.ReadinessCheck;
import dev.gatehouse.internal.codec.JsonText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Liveness and readiness in MicroProfile Health's JSON format ({@code {"status":"UP","checks":[…]}}):
 * ready means the server is not stopping, the backplane reaches the other nodes (always, for a node
 * alone), and every application {@link ReadinessCheck} passes. The checks run on Gatehouse's workers,
 * all of them together bounded by the ready timeout, so that a probe is answered within it, never
 * hanging. Thread-safe; holds no lock.
 */
public final class Health {
    /** An answer: UP or DOWN, and its JSON. */
    public record Report(boolean up, String json) {
    }

    private record Check(String name, boolean up, String detail) {
    }

    private final List<ReadinessCheck> checks;
    private final Executor workers;
    private final Duration bound;
    private final BooleanSupplier stopping;
    private final Supplier<ClusterStatus> cluster;

    Health(List<ReadinessCheck> checks, Executor workers, Duration bound, BooleanSupplier stopping,
            Supplier<ClusterStatus> cluster) {
        this.checks = List.copyOf(checks);
        this.workers = workers;
        this.bound = bound;
        this.stopping = stopping;
        this.cluster = cluster;
    }

    /** {@return liveness: UP while the process serves requests at all} */
    public Report live() {
        return report(List.of(new Check("gatehouse-live", true, null)));
    }

    /** Readiness, completed within the ready timeout. */
    public CompletionStage<Report> ready() {
        List<Check> fixed = new ArrayList<>();
        fixed.add(new Check("gatehouse-server", !stopping.getAsBoolean(), stopping.getAsBoolean() ? "stopping" : null));
        ClusterStatus status = cluster.get();
        fixed.add(new Check("gatehouse-backplane", status.connected(), status.connected() ? null
                : "node " + status.nodeId() + " cannot reach the other nodes"));
        List<CompletableFuture<Check>> running = checks.stream().map(this::run).toList();
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Check> all = new ArrayList<>(fixed);
            running.forEach(f -> all.add(f.join()));
            return report(all);
        });
    }

    private CompletableFuture<Check> run(ReadinessCheck check) {
        String name = check.name();
        CompletableFuture<Check> result;
        try {
            result = CompletableFuture.supplyAsync(() -> {
                try {
                    boolean ok = check.isReady();
                    return new Check(name, ok, ok ? null : "not ready");
                } catch (Throwable e) { // an application's bug is a DOWN check, not a failed probe
                    return new Check(name, false, "threw " + e.getClass().getName());
                }
            }, workers);
        } catch (RejectedExecutionException stopped) {
            return CompletableFuture.completedFuture(new Check(name, false, "stopping"));
        }
        return result.completeOnTimeout(new Check(name, false, "no answer within " + bound.toMillis() + " ms"),
                bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Report report(List<Check> checks) {
        boolean up = checks.stream().allMatch(Check::up);
        StringBuilder list = new StringBuilder("[");
        for (Check c : checks) {
            if (list.length() > 1) {
                list.append(',');
            }
            JsonText check = JsonText.object(64).field("name", c.name()).field("status", c.up() ? "UP" : "DOWN");
            list.append(c.detail() == null ? check.end()
                    : check.rawField("data", JsonText.object(48).field("reason", c.detail()).end()).end());
        }
        return new Report(up, JsonText.object(32 + list.length()).field("status", up ? "UP" : "DOWN")
                .rawField("checks", list.append(']').toString()).end());
    }
}
