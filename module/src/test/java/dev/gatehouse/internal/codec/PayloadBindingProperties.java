package dev.gatehouse.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.internal.codec.JsonTree.Value;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;

/**
 * {@link EnvelopeCodec#bind} against data of every JSON type (PROTOCOL.md §2.2): data whose values
 * fit the payload's properties binds to exactly what JSON-B alone makes of it; data with one that
 * does not is {@code MALFORMED_MESSAGE} naming the first such value's path. What fits is decided
 * here by the rules as the protocol writes them, independently of the code under test.
 */
class PayloadBindingProperties {
    private static final EnvelopeCodec CODEC = new EnvelopeCodec(32, 64);
    private static final Jsonb JSONB = JsonbBuilder.create();

    /** A payload with a property of every kind the rules name. */
    public record Sample(String s, int i, long l, double d, boolean b, Kind kind, List<String> tags, Part part, List<Part> parts) {
    }

    /** A nested record. */
    public record Part(String name, int n, Kind kind) {
    }

    /** An enum. */
    public enum Kind { SMALL, LARGE }

    /** The rules, as PROTOCOL.md §2.2 writes them, for the types above. */
    private sealed interface Rule permits Scalar, ListOf, RecordOf {
        String expectation();
    }

    private enum Scalar implements Rule {
        STRING("must be a string"),
        INT("must be an integer from -2147483648 to 2147483647"),
        LONG("must be an integer from -9223372036854775808 to 9223372036854775807"),
        DOUBLE("must be a number within the range of a double"),
        BOOLEAN("must be true or false"),
        KIND("must be one of SMALL, LARGE");

        private final String expectation;

        Scalar(String expectation) {
            this.expectation = expectation;
        }

        @Override
        public String expectation() {
            return expectation;
        }

        /** A primitive takes no null. */
        boolean primitive() {
            return this == INT || this == LONG || this == DOUBLE || this == BOOLEAN;
        }

        boolean fits(JsonValue v) {
            return switch (this) {
                case STRING -> v.getValueType() == ValueType.STRING;
                case BOOLEAN -> v == JsonValue.TRUE || v == JsonValue.FALSE;
                case KIND -> v.getValueType() == ValueType.STRING && List.of("SMALL", "LARGE").contains(((jakarta.json.JsonString) v).getString());
                case DOUBLE -> v instanceof JsonNumber n && Double.isFinite(n.bigDecimalValue().doubleValue());
                case INT -> whole(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case LONG -> whole(v, Long.MIN_VALUE, Long.MAX_VALUE);
            };
        }

        private static boolean whole(JsonValue v, long min, long max) {
            if (!(v instanceof JsonNumber n)) {
                return false;
            }
            BigDecimal d = n.bigDecimalValue();
            return d.stripTrailingZeros().scale() <= 0 && d.compareTo(BigDecimal.valueOf(min)) >= 0
                    && d.compareTo(BigDecimal.valueOf(max)) <= 0;
        }
    }

    private record ListOf(Rule element) implements Rule {
        @Override
        public String expectation() {
            return "must be an array";
        }
    }

    private record RecordOf(Map<String, Rule> properties) implements Rule {
        @Override
        public String expectation() {
            return "must be an object";
        }
    }

    private static final RecordOf PART = new RecordOf(ordered("name", Scalar.STRING, "n", Scalar.INT, "kind", Scalar.KIND));
    private static final RecordOf SAMPLE = new RecordOf(ordered("s", Scalar.STRING, "i", Scalar.INT, "l", Scalar.LONG,
            "d", Scalar.DOUBLE, "b", Scalar.BOOLEAN, "kind", Scalar.KIND, "tags", new ListOf(Scalar.STRING), "part", PART,
            "parts", new ListOf(PART)));

    @Property
    void dataThatFitsBindsAsJsonbAloneBindsItAndDataThatDoesNotIsRefusedNamingTheFirstMisfit(@ForAll("samples") String data) {
        JsonObject object = ((Decoded.Frame) CODEC.decode("{\"type\":\"t\",\"data\":" + data + "}")).envelope().data();
        String misfit = misfit("data", SAMPLE, object);
        Statistics.collect(misfit == null ? "fits" : "does not fit");
        if (misfit == null) {
            // JSON-B alone, on the data as the server holds it: JSON-P keeps numbers as BigDecimals, so -0.0 is 0 by then
            assertEquals(JSONB.fromJson(object.toString(), Sample.class), bind(data));
        } else {
            assertEquals(misfit, assertThrows(EnvelopeCodec.UnfitPayload.class, () -> bind(data)).getMessage());
        }
    }

    private static Sample bind(String data) {
        return CODEC.bind(((Decoded.Frame) CODEC.decode("{\"type\":\"t\",\"data\":" + data + "}")).envelope(), Sample.class);
    }

    /** The first value that breaks a rule, in the order of the properties and the elements, as its message; null when all fit. */
    private static String misfit(String path, Rule rule, JsonValue v) {
        if (v.getValueType() == ValueType.NULL) {
            return rule instanceof Scalar s && s.primitive() ? "'" + path + "' " + rule.expectation() : null;
        }
        if (rule instanceof Scalar s) {
            return s.fits(v) ? null : "'" + path + "' " + rule.expectation();
        }
        if (rule instanceof ListOf list) {
            if (!(v instanceof JsonArray array)) {
                return "'" + path + "' " + rule.expectation();
            }
            for (int i = 0; i < array.size(); i++) {
                String m = misfit(path + "[" + i + "]", list.element(), array.get(i));
                if (m != null) {
                    return m;
                }
            }
            return null;
        }
        if (!(v instanceof JsonObject object)) {
            return "'" + path + "' " + rule.expectation();
        }
        for (Map.Entry<String, Rule> p : ((RecordOf) rule).properties().entrySet()) {
            String m = object.containsKey(p.getKey()) ? misfit(path + "." + p.getKey(), p.getValue(), object.get(p.getKey())) : null;
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    @Provide
    Arbitrary<String> samples() {
        return objectOf(SAMPLE, 2);
    }

    /** An object with some of the rule's properties, each a value that fits or any JSON value, and some unknown ones. */
    private static Arbitrary<String> objectOf(RecordOf rule, int depth) {
        List<Arbitrary<String>> members = rule.properties().entrySet().stream()
                .map(p -> Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("")),
                        Tuple.of(4, valueOf(p.getValue(), depth).map(v -> "\"" + p.getKey() + "\":" + v))))
                .collect(Collectors.toList());
        members.add(Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of("extra", "S", "I", "nick").flatMap(k -> anyJson().map(v -> "\"" + k + "\":" + v)))));
        return Combinators.combine(members).as(list -> list).flatMap(Arbitraries::shuffle)
                .map(list -> list.stream().filter(m -> !m.isEmpty()).collect(Collectors.joining(",", "{", "}")));
    }

    /** A value for a rule: mostly one that fits or nearly fits, sometimes any JSON value at all. */
    private static Arbitrary<String> valueOf(Rule rule, int depth) {
        Arbitrary<String> near;
        if (rule instanceof Scalar s) {
            near = switch (s) {
                case STRING -> JsonSamples.strings(false).map(Value::text);
                case INT -> Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().map(String::valueOf)), Tuple.of(1, Arbitraries.of("2147483647",
                        "-2147483648", "2147483648", "-2147483649", "1.0", "1e2", "-0", "1.5", "1e-2", "\"5\"")));
                case LONG -> Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.longs().map(String::valueOf)), Tuple.of(1, Arbitraries.of("9223372036854775807",
                        "-9223372036854775808", "9223372036854775808", "1e18", "1e19", "2.50", "12.0e1")));
                case DOUBLE -> Arbitraries.frequencyOf(Tuple.of(4, JsonSamples.acceptableNumbers().map(Value::text)),
                        Tuple.of(1, Arbitraries.of("1e308", "1e309", "-1e400", "4.9e-324", "1e-400", "\"1.5\"")));
                case BOOLEAN -> Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("true", "false")),
                        Tuple.of(1, Arbitraries.of("\"true\"", "0", "1")));
                case KIND -> Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("\"SMALL\"", "\"LARGE\"")),
                        Tuple.of(1, Arbitraries.of("\"small\"", "\"MEDIUM\"", "0")));
            };
        } else if (rule instanceof ListOf list) {
            near = depth == 0 ? Arbitraries.just("[]") : valueOf(list.element(), depth - 1).list().ofMaxSize(3)
                    .map(items -> String.join(",", items)).map(items -> "[" + items + "]");
        } else {
            near = depth == 0 ? Arbitraries.just("{}") : objectOf((RecordOf) rule, depth - 1);
        }
        return Arbitraries.frequencyOf(Tuple.of(20, near), Tuple.of(1, Arbitraries.just("null")), Tuple.of(1, anyJson()));
    }

    /** Any JSON value: strings, numbers, literals, arrays and objects, nested a little. */
    private static Arbitrary<String> anyJson() {
        return JsonSamples.values(2, false, JsonSamples.acceptableNumbers()).map(Value::text);
    }

    private static Map<String, Rule> ordered(Object... pairs) {
        Map<String, Rule> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Rule) pairs[i + 1]);
        }
        return m;
    }
}
