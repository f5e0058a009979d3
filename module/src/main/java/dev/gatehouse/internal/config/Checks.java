package dev.gatehouse.internal.config;

import dev.gatehouse.ConfigurationException;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** The checks settings share; each throws a {@link ConfigurationException} naming the property. */
public final class Checks {
    private Checks() {
    }

    /** A whole number between {@code min} and {@code max}, inclusive. */
    public static UnaryOperator<Integer> between(String name, int min, int max) {
        return value -> {
            if (value < min || value > max) {
                throw new ConfigurationException(name, "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        };
    }

    /** A duration above zero. */
    public static UnaryOperator<Duration> positive(String name) {
        return value -> {
            if (value.isNegative() || value.isZero()) {
                throw new ConfigurationException(name, "must be a positive duration");
            }
            return value;
        };
    }

    /** A duration of zero or more. */
    public static UnaryOperator<Duration> notNegative(String name) {
        return value -> {
            if (value.isNegative()) {
                throw new ConfigurationException(name, "must not be negative");
            }
            return value;
        };
    }

    /** A string that is not blank. */
    public static UnaryOperator<String> notBlank(String name) {
        return value -> {
            if (value.isBlank()) {
                throw new ConfigurationException(name, "must not be blank");
            }
            return value;
        };
    }
}
