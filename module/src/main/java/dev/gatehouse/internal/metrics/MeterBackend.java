package dev.gatehouse.internal.metrics;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Where meters are created: a metrics library's adapter, or {@link #NONE}. Each meter is created
 * once, with all its tags, when Gatehouse starts; the hot paths only call the returned instruments.
 * Tags are given as name, value, name, value.
 */
public interface MeterBackend {
    /** Creates nothing: every instrument does nothing. */
    MeterBackend NONE = new MeterBackend() {
        @Override
        public Counter counter(MeterSpec spec, List<String> tags) {
            return Counter.NONE;
        }

        @Override
        public Timer timer(MeterSpec spec, List<String> tags) {
            return Timer.NONE;
        }

        @Override
        public void gauge(MeterSpec spec, List<String> tags, DoubleSupplier value) {
        }

        @Override
        public String toString() {
            return "none";
        }
    };

    /** A counter of this name and these tags. */
    Counter counter(MeterSpec spec, List<String> tags);

    /** A timer (a histogram of durations) of this name and these tags. */
    Timer timer(MeterSpec spec, List<String> tags);

    /** A gauge reading {@code value} whenever the library collects. */
    void gauge(MeterSpec spec, List<String> tags, DoubleSupplier value);

    /** Counts. */
    @FunctionalInterface
    interface Counter {
        /** Does nothing. */
        Counter NONE = n -> { };

        /** Adds {@code n}. */
        void add(long n);

        /** Adds one. */
        default void increment() {
            add(1);
        }
    }

    /** Records durations. */
    @FunctionalInterface
    interface Timer {
        /** Does nothing. */
        Timer NONE = nanos -> { };

        /** Records one duration, in nanoseconds. */
        void record(long nanos);
    }
}
