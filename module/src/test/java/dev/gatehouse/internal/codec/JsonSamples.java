package dev.gatehouse.internal.codec;

import dev.gatehouse.internal.codec.JsonTree.Arr;
import dev.gatehouse.internal.codec.JsonTree.Lit;
import dev.gatehouse.internal.codec.JsonTree.Member;
import dev.gatehouse.internal.codec.JsonTree.Num;
import dev.gatehouse.internal.codec.JsonTree.Obj;
import dev.gatehouse.internal.codec.JsonTree.Str;
import dev.gatehouse.internal.codec.JsonTree.Value;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * JSON values from a small grammar, as {@link JsonTree}s: strings spelled with every kind of escape
 * and holding lone or paired surrogates, raw or escaped; numbers of any length and exponent; objects
 * and arrays; keys drawn from a small pool, so that duplicates and the envelope's own keys come up
 * often.
 */
final class JsonSamples {
    private static final String[] KEYS = {"a", "b", "x", "id", "type", "data", "ID", "i d"};

    private JsonSamples() {
    }

    /** Strings of every kind; {@code lone} allows unpaired surrogates. */
    static Arbitrary<Str> strings(boolean lone) {
        return Combinators.combine(unit(lone), Arbitraries.integers().between(0, 4))
                .as(JsonSamples::spell).list().ofMaxSize(12).map(JsonSamples::join);
    }

    /** {@code value} spelled in any of the ways JSON allows. */
    static Arbitrary<Str> spelled(String value) {
        return Arbitraries.integers().between(0, 4).list().ofSize(value.length()).map(styles -> {
            List<Str> pieces = new ArrayList<>();
            for (int i = 0; i < value.length(); i++) {
                pieces.add(spell(String.valueOf(value.charAt(i)), styles.get(i)));
            }
            return join(pieces);
        });
    }

    /** One character, or a surrogate pair, of a string. */
    private static Arbitrary<String> unit(boolean lone) {
        Arbitrary<String> ascii = Arbitraries.chars().alpha().numeric().with(' ', '-', '.').map(String::valueOf);
        Arbitrary<String> special = Arbitraries.of("\"", "\\", "/", "\n", "\t", "\b", "\f", "\r", "\u0000", "\u001f",
                "\u007f", "\u2028", "\ufeff", "\uffff");
        Arbitrary<String> bmp = Arbitraries.chars().range('\u00a0', '\ud7ff').map(String::valueOf);
        Arbitrary<String> pair = Arbitraries.of("\ud83d\ude00", "\udbff\udfff", "\ud800\udc00", "\ud834\udd1e");
        Arbitrary<String> surrogate = Arbitraries.chars().range('\ud800', '\udfff').map(String::valueOf);
        Arbitrary<String> common = Arbitraries.frequencyOf(Tuple.of(12, ascii), Tuple.of(3, special), Tuple.of(2, bmp),
                Tuple.of(2, pair));
        return lone ? Arbitraries.frequencyOf(Tuple.of(9, common), Tuple.of(1, surrogate)) : common;
    }

    /**
     * {@code chars} spelled in one style: 0 raw, 1 and 2 {@code \}u escapes (lower or upper case hex),
     * 3 the short escape where there is one, 4 raw where allowed, else escaped.
     */
    private static Str spell(String chars, int style) {
        StringBuilder literal = new StringBuilder();
        for (char c : chars.toCharArray()) {
            boolean rawAllowed = c >= 0x20 && c != '"' && c != '\\';
            String shortEscape = shortEscape(c);
            if ((style == 0 || style == 4) && rawAllowed) {
                literal.append(c);
            } else if (style == 3 && shortEscape != null || style == 4 && shortEscape != null) {
                literal.append(shortEscape);
            } else {
                literal.append(String.format(style == 2 ? "\\u%04X" : "\\u%04x", (int) c));
            }
        }
        return new Str(chars, "\"" + literal + "\"");
    }

    private static String shortEscape(char c) {
        return switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '/' -> "\\/";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> null;
        };
    }

    private static Str join(List<Str> pieces) {
        StringBuilder value = new StringBuilder();
        StringBuilder literal = new StringBuilder("\"");
        for (Str p : pieces) {
            value.append(p.value());
            literal.append(p.literal(), 1, p.literal().length() - 1);
        }
        return new Str(value.toString(), literal.append('"').toString());
    }

    /** Numbers of every length and exponent, ordinary ones most often. */
    static Arbitrary<Num> numbers() {
        Arbitrary<String> sign = Arbitraries.of("", "-");
        Arbitrary<String> integer = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("0")),
                Tuple.of(6, digits(70).map(d -> d.charAt(0) == '0' ? "1" + d.substring(1) : d)),
                Tuple.of(1, Arbitraries.just("1".repeat(1200))));
        Arbitrary<String> fraction = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("")),
                Tuple.of(1, digits(70).map(d -> "." + d)));
        Arbitrary<String> exponent = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")),
                Tuple.of(3, Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"),
                        Arbitraries.of("", "0", "00"),
                        Arbitraries.integers().between(0, 1100).edgeCases(c -> c.add(999, 1000, 1001)))
                        .as((e, s, z, n) -> e + s + z + n)),
                Tuple.of(1, Arbitraries.of("e99999999999", "E+1001", "e-1001", "e1000", "e-1000", "e+0")));
        return Combinators.combine(sign, integer, fraction, exponent).as((s, i, f, e) -> new Num(s + i + f + e));
    }

    /** Numbers the codec accepts under the default limits (64 characters, exponent within ±1000). */
    static Arbitrary<Num> acceptableNumbers() {
        return numbers().filter(n -> n.literal().length() <= 64 && JsonTree.exponent(n.literal()) <= JsonTree.MAX_EXPONENT);
    }

    private static Arbitrary<String> digits(int maxLength) {
        return Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(maxLength);
    }

    /** Any value nested at most {@code depth} levels, strings with lone surrogates when {@code lone}. */
    static Arbitrary<Value> values(int depth, boolean lone, Arbitrary<Num> numbers) {
        Arbitrary<Value> scalar = Arbitraries.frequencyOf(Tuple.of(3, strings(lone)), Tuple.of(3, numbers),
                Tuple.of(1, Arbitraries.of("true", "false", "null").map(Lit::new)));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Value> array = Combinators.combine(values(depth - 1, lone, numbers).list().ofMaxSize(4), spaces())
                .as(Arr::new);
        return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, array),
                Tuple.of(1, objects(depth - 1, lone, numbers)));
    }

    /** Objects whose members are nested at most {@code depth} levels. */
    static Arbitrary<Value> objects(int depth, boolean lone, Arbitrary<Num> numbers) {
        Arbitrary<Member> member = Combinators.combine(keys(lone), values(depth, lone, numbers)).as(Member::new);
        return Combinators.combine(member.list().ofMaxSize(4), spaces()).as(Obj::new);
    }

    /** Keys: mostly from a small pool (so duplicates come up), sometimes anything. */
    static Arbitrary<Str> keys(boolean lone) {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(KEYS).flatMap(JsonSamples::spelled)),
                Tuple.of(1, strings(lone)));
    }

    private static Arbitrary<String> spaces() {
        return Arbitraries.of("", "", " ", "\n\t ", "\r\n");
    }
}
