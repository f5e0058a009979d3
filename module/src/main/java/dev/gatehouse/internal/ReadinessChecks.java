package dev.gatehouse.internal;

import dev.gatehouse.Connection;
import dev.gatehouse.internal.lifecycle.NotReadyException;
import dev.gatehouse.internal.lifecycle.Workers;
import dev.gatehouse.internal.metrics.GatehouseMetrics.ReadinessFailure;
import dev.gatehouse.spi.ConnectionSetup;
import dev.gatehouse.spi.LifecycleManager;
import dev.gatehouse.spi.ReadinessCheck;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The application's readiness checks, shared by the health probes and every connection's
 * preparation. Each check runs at most once at a time, on the lifecycle pool, and its answer serves
 * every caller for {@value #FRESH_MILLIS} ms, so a probe every few milliseconds, or a thousand
 * connections opening at once, cost one run. A run is answered within the ready timeout (DOWN, "no
 * answer within …", if the check has not answered by then); a check that is still running after it
 * is not started again until it returns (DOWN meanwhile), so a check that hangs holds one thread,
 * not one per probe or connection.
 *
 * <p>Thread-safe; each check's state is guarded by its own monitor, and no check runs under it.
 */
final class ReadinessChecks {
    /** How long a check's answer serves every caller. */
    static final long FRESH_MILLIS = 1000;

    /**
     * One check's answer.
     *
     * @param check the answer, as the health probes report it
     * @param cause why it is DOWN, for the readiness failure meter; null when UP
     */
    record Outcome(Health.Check check, ReadinessFailure cause) {
    }

    private final List<Entry> entries;
    private final Workers lifecycle;
    private final long boundMillis;
    private final Clock clock;

    ReadinessChecks(List<ReadinessCheck> checks, Workers lifecycle, long boundMillis, Clock clock) {
        this.entries = checks.stream().map(Entry::new).toList();
        this.lifecycle = lifecycle;
        this.boundMillis = boundMillis;
        this.clock = clock;
    }

    /** {@return whether there is no check} */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Every check's answer, in their order; completes within the ready timeout, never exceptionally. */
    CompletableFuture<List<Outcome>> current() {
        List<CompletableFuture<Outcome>> answers = entries.stream().map(Entry::answer).toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(v -> answers.stream().map(CompletableFuture::join).toList());
    }

    /**
     * The default lifecycle manager on these checks: when every check is UP, every setup step starts
     * at once, each on the lifecycle pool (a setup that blocks past the ready timeout leaves its thread
     * to it); ready when all completed. Its {@code prepare} returns at once, on any thread.
     */
    LifecycleManager manager(List<ConnectionSetup> setups) {
        List<ConnectionSetup> steps = List.copyOf(setups);
        return connection -> current().thenCompose(outcomes -> {
            for (Outcome o : outcomes) {
                if (!o.check().up()) {
                    return CompletableFuture.failedFuture(
                            new NotReadyException(o.check().name() + ": " + o.check().reason(), o.cause()));
                }
            }
            return CompletableFuture.allOf(steps.stream().map(s -> setUp(s, connection)).toArray(CompletableFuture[]::new));
        });
    }

    private CompletableFuture<?> setUp(ConnectionSetup setup, Connection connection) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        try {
            lifecycle.execute(() -> {
                try {
                    CompletionStage<?> stage = setup.setUp(connection);
                    if (stage == null) {
                        done.complete(null);
                    } else {
                        stage.whenComplete((v, e) -> {
                            if (e == null) {
                                done.complete(v);
                            } else {
                                done.completeExceptionally(e);
                            }
                        });
                    }
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, boundMillis);
        } catch (RejectedExecutionException stopping) {
            done.completeExceptionally(stopping);
        }
        return done;
    }

    /** One check and its last answer. */
    private final class Entry {
        private final ReadinessCheck check;
        private final String name;
        /** The run being waited for; completes at the bound even if the check does not. Guarded by this. */
        private CompletableFuture<Outcome> pending;
        /** Whether the check's code is running, perhaps past the bound. Guarded by this. */
        private boolean running;
        /** The last answer and when it came (clock millis). Guarded by this. */
        private Outcome last;
        private long lastMillis;

        Entry(ReadinessCheck check) {
            this.check = check;
            this.name = nameOf(check);
        }

        synchronized CompletableFuture<Outcome> answer() {
            if (last != null && clock.millis() - lastMillis < FRESH_MILLIS) {
                return CompletableFuture.completedFuture(last);
            }
            if (pending != null && !pending.isDone()) {
                return pending; // a run is under way: its answer serves this caller too
            }
            if (running) {
                return CompletableFuture.completedFuture(down("still running after " + boundMillis + " ms",
                        ReadinessFailure.TIMEOUT));
            }
            CompletableFuture<Outcome> run = new CompletableFuture<>();
            pending = run;
            running = true;
            try {
                lifecycle.execute(() -> answered(run, runCheck()), boundMillis);
            } catch (RejectedExecutionException stopping) {
                running = false;
                run.complete(down("stopping", ReadinessFailure.NOT_READY));
                return run;
            }
            return run.completeOnTimeout(down("no answer within " + boundMillis + " ms", ReadinessFailure.TIMEOUT),
                    boundMillis, TimeUnit.MILLISECONDS);
        }

        /** The check returned, in time or late (then it still tells the next caller how the check stands). */
        private void answered(CompletableFuture<Outcome> run, Outcome outcome) {
            synchronized (this) {
                running = false;
                last = outcome; // before the run completes: its callers' next probe finds it fresh
                lastMillis = clock.millis();
            }
            run.complete(outcome);
        }

        private Outcome runCheck() {
            try {
                boolean ok = check.isReady();
                return ok ? new Outcome(new Health.Check(name, true, null), null)
                        : down("not ready", ReadinessFailure.NOT_READY);
            } catch (Throwable e) { // an application's bug is a DOWN check, not a failed probe
                return down("threw " + e.getClass().getName(), ReadinessFailure.CHECK_THREW);
            }
        }

        private Outcome down(String reason, ReadinessFailure cause) {
            return new Outcome(new Health.Check(name, false, reason), cause);
        }
    }

    /** The check's name; a name() that throws is the class name. */
    private static String nameOf(ReadinessCheck check) {
        try {
            return check.name();
        } catch (Throwable e) {
            return check.getClass().getName();
        }
    }
}
