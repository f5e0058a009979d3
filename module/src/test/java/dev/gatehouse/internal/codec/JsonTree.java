package dev.gatehouse.internal.codec;

import java.util.List;
import java.util.Optional;

/**
 * JSON text as a tree, so that a property knows what the codec's rules (PROTOCOL.md §2) make of it:
 * how deep it nests, whether a string holds an unpaired surrogate, whether a number breaks a limit.
 * Built by {@link JsonSamples}.
 */
final class JsonTree {
    /** Exponents beyond this are refused (FrameScan.MAX_EXPONENT, PROTOCOL.md §2). */
    static final int MAX_EXPONENT = 1000;

    private JsonTree() {
    }

    /** A JSON value and the text it is written as. */
    sealed interface Value permits Obj, Arr, Str, Num, Lit, Nested {
        /** Appends the value's JSON text. */
        void write(StringBuilder out);

        /** The value's JSON text. */
        default String text() {
            StringBuilder out = new StringBuilder();
            write(out);
            return out.toString();
        }
    }

    /** A string: what it holds, and how it is spelled (quotes included). */
    record Str(String value, String literal) implements Value {
        @Override
        public void write(StringBuilder out) {
            out.append(literal);
        }
    }

    /** A number as spelled. */
    record Num(String literal) implements Value {
        @Override
        public void write(StringBuilder out) {
            out.append(literal);
        }
    }

    /** {@code true}, {@code false} or {@code null}. */
    record Lit(String literal) implements Value {
        @Override
        public void write(StringBuilder out) {
            out.append(literal);
        }
    }

    /** An array; {@code space} is written around its separators. */
    record Arr(List<Value> items, String space) implements Value {
        @Override
        public void write(StringBuilder out) {
            out.append('[').append(space);
            for (int i = 0; i < items.size(); i++) {
                out.append(i == 0 ? "" : "," + space);
                items.get(i).write(out);
            }
            out.append(space).append(']');
        }
    }

    /** {@code inner} in {@code levels} arrays and objects, alternately (arrays innermost), written without recursion. */
    record Nested(Value inner, int levels) implements Value {
        @Override
        public void write(StringBuilder out) {
            for (int i = levels - 1; i >= 0; i--) {
                out.append(i % 2 == 0 ? "[" : "{\"k\":");
            }
            inner.write(out);
            for (int i = 0; i < levels; i++) {
                out.append(i % 2 == 0 ? ']' : '}');
            }
        }
    }

    /** One member of an object. */
    record Member(Str key, Value value) {
    }

    /** An object, members in the order written, duplicates kept. */
    record Obj(List<Member> members, String space) implements Value {
        @Override
        public void write(StringBuilder out) {
            out.append('{').append(space);
            for (int i = 0; i < members.size(); i++) {
                out.append(i == 0 ? "" : "," + space);
                members.get(i).key().write(out);
                out.append(space).append(':').append(space);
                members.get(i).value().write(out);
            }
            out.append(space).append('}');
        }

        /** The value of the last member named {@code key}: what a JSON-P parser keeps. */
        Optional<Value> last(String key) {
            Value found = null;
            for (Member m : members) {
                found = m.key().value().equals(key) ? m.value() : found;
            }
            return Optional.ofNullable(found);
        }

        /** How many members are named {@code key}. */
        long count(String key) {
            return members.stream().filter(m -> m.key().value().equals(key)).count();
        }
    }

    /** Nesting depth: an object or array is one level more than its deepest member. */
    static int depth(Value v) {
        int inner = 0;
        for (Value child : children(v)) {
            inner = Math.max(inner, depth(child));
        }
        if (v instanceof Nested n) {
            return inner + n.levels();
        }
        return v instanceof Obj || v instanceof Arr ? inner + 1 : 0;
    }

    /** Whether a string anywhere (a key or a value) holds an unpaired surrogate. */
    static boolean anyUnpaired(Value v) {
        if (v instanceof Str s) {
            return hasUnpaired(s.value());
        }
        if (v instanceof Obj o && o.members().stream().anyMatch(m -> hasUnpaired(m.key().value()))) {
            return true;
        }
        return children(v).stream().anyMatch(JsonTree::anyUnpaired);
    }

    /** Whether a number anywhere is longer than {@code maxLength} or has an exponent beyond ±1000. */
    static boolean anyBadNumber(Value v, int maxLength) {
        if (v instanceof Num n) {
            return n.literal().length() > maxLength || exponent(n.literal()) > MAX_EXPONENT;
        }
        return children(v).stream().anyMatch(c -> anyBadNumber(c, maxLength));
    }

    /** The absolute value of a number's written exponent, capped at Integer.MAX_VALUE; 0 without one. */
    static long exponent(String literal) {
        int e = Math.max(literal.indexOf('e'), literal.indexOf('E'));
        long value = 0;
        for (int i = e + 1; e >= 0 && i < literal.length(); i++) {
            char c = literal.charAt(i);
            value = c >= '0' && c <= '9' ? Math.min(value * 10 + c - '0', Integer.MAX_VALUE) : value;
        }
        return value;
    }

    /** Whether {@code s} holds a UTF-16 surrogate without its partner. */
    static boolean hasUnpaired(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static List<Value> children(Value v) {
        if (v instanceof Arr a) {
            return a.items();
        }
        if (v instanceof Obj o) {
            return o.members().stream().map(Member::value).toList();
        }
        return v instanceof Nested n ? List.of(n.inner()) : List.of();
    }

    /** {@code inner} wrapped in {@code levels} arrays and objects (none when {@code levels} is not positive). */
    static Value nest(Value inner, int levels) {
        return levels <= 0 ? inner : new Nested(inner, levels);
    }

    /** A string spelled without escapes (the value must need none). */
    static Str plain(String value) {
        return new Str(value, "\"" + value + "\"");
    }
}
