package dev.gatehouse.internal.codec;

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

/** Envelopes (PROTOCOL.md §2) to decode: of every sort, ones that keep every rule, and mangled ones. */
final class EnvelopeSamples {

    private EnvelopeSamples() {
    }

    /** Envelopes of every sort: each of type, id and data present or not, valid or not, in any order. */
    static Arbitrary<Obj> envelopes() {
        Arbitrary<Num> numbers = JsonSamples.numbers();
        Arbitrary<Value> anything = JsonSamples.values(1, true, numbers);
        Arbitrary<Value> types = Arbitraries.frequencyOf(Tuple.of(4, validTypes()), Tuple.of(1, Arbitraries.of("", "Chat", "1a",
                "a b", "a/b", "\u00e9", "a".repeat(65)).flatMap(JsonSamples::spelled)), Tuple.of(1, anything));
        Arbitrary<Value> ids = Arbitraries.frequencyOf(Tuple.of(4, ids(true)), Tuple.of(1, JsonSamples.strings(true)),
                Tuple.of(1, anything));
        Arbitrary<Value> data = Arbitraries.frequencyOf(Tuple.of(5, JsonSamples.objects(3, true, numbers)),
                Tuple.of(2, deepData(numbers)), Tuple.of(1, anything));
        Arbitrary<List<Member>> extras = Combinators.combine(JsonSamples.keys(true), anything).as(Member::new).list().ofMaxSize(3);
        return Combinators.combine(maybe("type", types), maybe("id", ids), maybe("data", data), extras, spaces())
                .as((t, i, d, x, space) -> members(space, t, i, d, x))
                .flatMap(o -> Arbitraries.shuffle(o.members()).map(ms -> new Obj(ms, o.space())));
    }

    /** Envelopes that keep every rule under the default limits (valid type and id, data nested at most 5 deep). */
    static Arbitrary<Obj> frames() {
        Arbitrary<Num> numbers = JsonSamples.acceptableNumbers();
        Arbitrary<Value> data = Arbitraries.frequencyOf(Tuple.of(5, JsonSamples.objects(3, false, numbers)),
                Tuple.of(1, Arbitraries.just(new Lit("null"))));
        Arbitrary<Value> ids = Arbitraries.frequencyOf(Tuple.of(3, ids(false).filter(v -> ((Str) v).value().length() <= 128)),
                Tuple.of(1, Arbitraries.just(new Lit("null"))));
        Arbitrary<List<Member>> extras = Combinators.combine(Arbitraries.of("timestamp", "reply_to", "x").map(JsonTree::plain),
                JsonSamples.values(1, false, numbers)).as(Member::new).list().ofMaxSize(2);
        return Combinators.combine(maybe("type", validTypes()).filter(l -> !l.isEmpty()), maybe("id", ids), maybe("data", data),
                extras, spaces()).as((t, i, d, x, space) -> members(space, t, i, d, x))
                .flatMap(o -> Arbitraries.shuffle(o.members()).map(ms -> new Obj(ms, o.space())));
    }

    @SafeVarargs
    private static Obj members(String space, List<Member>... groups) {
        List<Member> all = new ArrayList<>();
        for (List<Member> g : groups) {
            all.addAll(g);
        }
        return new Obj(all, space);
    }

    private static Arbitrary<List<Member>> maybe(String key, Arbitrary<Value> values) {
        Arbitrary<List<Member>> one = Combinators.combine(JsonSamples.spelled(key), values).as((k, v) -> List.of(new Member(k, v)));
        return Arbitraries.frequencyOf(Tuple.of(4, one), Tuple.of(1, Arbitraries.just(List.<Member>of())));
    }

    private static Arbitrary<Value> validTypes() {
        return Combinators.combine(Arbitraries.chars().range('a', 'z'),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_.:-").ofMaxLength(64))
                .as((first, rest) -> first + rest).filter(t -> t.length() <= 64).flatMap(JsonSamples::spelled).map(s -> s);
    }

    /** Plain ids around the 128-character limit, with lone surrogates when {@code lone}. */
    private static Arbitrary<Value> ids(boolean lone) {
        Arbitrary<String> plain = Arbitraries.strings().alpha().numeric().withChars('-', '_', ' ').ofMaxLength(140)
                .edgeCases(c -> c.add("a".repeat(128), "a".repeat(129)));
        return Arbitraries.frequencyOf(Tuple.of(3, plain.flatMap(JsonSamples::spelled)), Tuple.of(1, JsonSamples.strings(lone)));
    }

    /** Data nested around the default limit of 32, and now and then 1000 deep. */
    private static Arbitrary<Value> deepData(Arbitrary<Num> numbers) {
        Arbitrary<Integer> levels = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(0, 40)),
                Tuple.of(1, Arbitraries.just(1000)));
        return Combinators.combine(JsonSamples.values(1, true, numbers), levels)
                .as((inner, n) -> new Obj(List.of(new Member(JsonTree.plain("k"), JsonTree.nest(inner, n))), ""));
    }

    private static Arbitrary<String> spaces() {
        return Arbitraries.of("", " ", "\n");
    }

    /** Envelopes with up to four edits: characters deleted, inserted or duplicated, or the text cut short. */
    static Arbitrary<String> mangled() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 8), Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '\\', 'u', '1', 'e',
                        '-', '\ud800', '\udc00', ' ')).as(Edit::new);
        return Combinators.combine(envelopes(), edit.list().ofMinSize(1).ofMaxSize(4)).as((e, edits) -> {
            String text = e.text();
            for (Edit x : edits) {
                text = x.apply(text);
            }
            return text;
        });
    }

    /** One change to a text: delete, insert, duplicate or cut at a position. */
    record Edit(int kind, int at, int length, char c) {
        String apply(String text) {
            int i = text.isEmpty() ? 0 : at % (text.length() + 1);
            int j = Math.min(text.length(), i + length);
            return switch (kind) {
                case 0 -> text.substring(0, i) + text.substring(j);
                case 1 -> text.substring(0, i) + c + text.substring(i);
                case 2 -> text.substring(0, j) + text.substring(i, j) + text.substring(j);
                default -> text.substring(0, i);
            };
        }
    }
}
