package dev.gatehouse.internal.handshake.jwt;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converts parsed claims to plain, unmodifiable Java values: String, Long or Double, Boolean,
 * List and Map, with dates as epoch seconds and nulls left out.
 */
final class PlainClaims {

    private PlainClaims() {
    }

    /** All claims as plain values. */
    static Map<String, Object> of(Map<String, ?> claims) {
        return plainMap(claims);
    }

    /**
     * The MicroProfile JWT {@code groups} claim: an array of strings (or one string), empty when
     * absent; empty Optional when it has another shape.
     */
    static Optional<Set<String>> groups(Object value) {
        if (value == null) {
            return Optional.of(Set.of());
        }
        if (value instanceof String group) {
            return Optional.of(Set.of(group));
        }
        if (!(value instanceof Collection<?> values)) {
            return Optional.empty();
        }
        Set<String> groups = new LinkedHashSet<>();
        for (Object group : values) {
            if (!(group instanceof String name)) {
                return Optional.empty();
            }
            groups.add(name);
        }
        return Optional.of(Set.copyOf(groups));
    }

    private static Object plain(Object value) {
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            return plainNumber(number);
        }
        if (value instanceof Date date) {
            return Math.floorDiv(date.getTime(), 1000L);
        }
        if (value instanceof Instant instant) {
            return instant.getEpochSecond();
        }
        if (value instanceof Map<?, ?> map) {
            return plainMap(map);
        }
        if (value instanceof Collection<?> collection) {
            return plainList(collection);
        }
        return String.valueOf(value);
    }

    private static Map<String, Object> plainMap(Map<?, ?> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (key != null && value != null) {
                result.put(String.valueOf(key), plain(value));
            }
        });
        return Map.copyOf(result);
    }

    private static List<Object> plainList(Collection<?> collection) {
        List<Object> result = new ArrayList<>();
        for (Object element : collection) {
            if (element != null) {
                result.add(plain(element));
            }
        }
        return List.copyOf(result);
    }

    /** Whole numbers that fit become Long, everything else Double. */
    private static Number plainNumber(Number number) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        if (number instanceof Double || number instanceof Float) {
            return number.doubleValue();
        }
        BigDecimal decimal = new BigDecimal(number.toString());
        try {
            return decimal.longValueExact();
        } catch (ArithmeticException e) {
            return decimal.doubleValue();
        }
    }
}
