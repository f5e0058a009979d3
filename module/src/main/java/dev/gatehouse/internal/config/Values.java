package dev.gatehouse.internal.config;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The values of a group of {@link Setting}s: those set explicitly, else each setting's default.
 * Immutable; built by {@link Builder}, which checks every value as it is set.
 */
public final class Values {
    private final Map<Setting<?>, Object> set;

    private Values(Map<Setting<?>, Object> set) {
        this.set = Map.copyOf(set);
    }

    /** The value of a setting: the one set, else its default (null when it has none). */
    @SuppressWarnings("unchecked") // the builder only stores a Setting<T>'s values under it
    public <T> T get(Setting<T> setting) {
        Object value = set.get(setting);
        return value != null ? (T) value : setting.defaultValue();
    }

    /** Whether a setting was set explicitly, in code or from a source. */
    public boolean isSet(Setting<?> setting) {
        return set.containsKey(setting);
    }

    /** The names of the settings set explicitly. */
    public Set<String> namesSet() {
        return set.keySet().stream().map(Setting::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.set.putAll(set);
        return b;
    }

    /** Collects values, checking each as it is set. Not thread-safe. */
    public static final class Builder {
        private final Map<Setting<?>, Object> set = new HashMap<>();

        /**
         * Sets a value, or unsets it with null.
         *
         * @throws ConfigurationException when the setting's check refuses it
         */
        public <T> Builder set(Setting<T> setting, T value) {
            T accepted = setting.accept(value);
            if (accepted == null) {
                set.remove(setting);
            } else {
                set.put(setting, accepted);
            }
            return this;
        }

        /** Sets every one of {@code settings} that {@code source} has (blank counts as unset). */
        public Builder read(ConfigSource source, Collection<Setting<?>> settings) {
            for (Setting<?> setting : settings) {
                readOne(source, setting);
            }
            return this;
        }

        private <T> void readOne(ConfigSource source, Setting<T> setting) {
            source.get(setting.name()).map(String::trim).filter(v -> !v.isEmpty())
                    .ifPresent(text -> set.put(setting, setting.parse(text)));
        }

        /** Whether a setting was set. */
        public boolean isSet(Setting<?> setting) {
            return set.containsKey(setting);
        }

        /** The value so far: the one set, else the default. */
        @SuppressWarnings("unchecked")
        public <T> T get(Setting<T> setting) {
            Object value = set.get(setting);
            return value != null ? (T) value : setting.defaultValue();
        }

        /** The values. */
        public Values build() {
            return new Values(set);
        }
    }
}
