package dev.gatehouse.internal.codec;

import static dev.gatehouse.internal.codec.JsonTree.anyBadNumber;
import static dev.gatehouse.internal.codec.JsonTree.anyUnpaired;
import static dev.gatehouse.internal.codec.JsonTree.depth;
import static dev.gatehouse.internal.codec.JsonTree.hasUnpaired;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.internal.codec.JsonTree.Lit;
import dev.gatehouse.internal.codec.JsonTree.Member;
import dev.gatehouse.internal.codec.JsonTree.Num;
import dev.gatehouse.internal.codec.JsonTree.Obj;
import dev.gatehouse.internal.codec.JsonTree.Str;
import dev.gatehouse.internal.codec.JsonTree.Value;
import dev.gatehouse.spi.Envelope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link EnvelopeCodec#decode} against hostile text (PROTOCOL.md §2): it never throws; what it calls
 * a frame keeps every rule of the envelope and survives being sent on; what the rules refuse is
 * malformed, and carries the frame's id whenever the frame has a readable one.
 */
class EnvelopeCodecProperties {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.:-]{0,63}");
    private static final EnvelopeCodec DEFAULTS = new EnvelopeCodec(32, 64);

    /** The codec's two limits: nesting depth and number length. */
    record Limits(int depth, int numberLength) {
        EnvelopeCodec codec() {
            return depth == 32 && numberLength == 64 ? DEFAULTS : new EnvelopeCodec(depth, numberLength);
        }
    }

    @Property
    void arbitraryTextNeverThrowsAndDecodesToAFrameOrMalformed(@ForAll("anyText") String text) {
        assertSound(DEFAULTS.decode(text));
    }

    @Property
    void mangledEnvelopesNeverThrowAndDecodeToAFrameOrMalformed(@ForAll("mangled") String text) {
        assertSound(DEFAULTS.decode(text));
    }

    @Property
    void envelopeIsAFrameExactlyWhenItKeepsEveryRule(@ForAll("envelopes") Obj envelope, @ForAll("limits") Limits limits) {
        Decoded decoded = limits.codec().decode(envelope.text());
        assertSound(decoded);
        assertEquals(keepsEveryRule(envelope, limits), decoded instanceof Decoded.Frame, () -> envelope.text() + " -> " + decoded);
        if (decoded instanceof Decoded.Frame f) {
            assertEquals(((Str) envelope.last("type").orElseThrow()).value(), f.envelope().type());
            assertEquals(readableId(envelope).orElse(null), f.envelope().id());
        }
    }

    @Property
    void malformedEnvelopeCarriesItsReadableId(@ForAll("envelopes") Obj envelope, @ForAll("limits") Limits limits) {
        Decoded decoded = limits.codec().decode(envelope.text());
        if (decoded instanceof Decoded.Malformed m && envelope.count("id") <= 1) {
            assertEquals(readableId(envelope).orElse(null), m.id(), envelope::text);
        }
    }

    @Property
    void unpairedSurrogateAnywhereIsMalformedAndKeepsTheId(@ForAll("frames") Obj frame, @ForAll("loneSurrogates") Str lone,
            @ForAll("positions") int where) {
        Obj spoilt = withUnpaired(frame, lone, where);
        Decoded.Malformed m = assertInstanceOf(Decoded.Malformed.class, DEFAULTS.decode(spoilt.text()), spoilt::text);
        assertEquals(readableId(spoilt).orElse(null), m.id(), spoilt::text);
    }

    @Property
    void nestingDeeperThanTheLimitIsMalformedAndKeepsTheId(@ForAll("frames") Obj frame, @ForAll("limits") Limits limits,
            @ForAll("positions") int where) {
        Value nested = JsonTree.nest(new Num("1"), limits.depth() - 3 + where % 4); // data is level 2
        Obj spoilt = withMember(frame, new Member(JsonTree.plain("data"), new Obj(List.of(
                new Member(JsonTree.plain("k"), nested)), "")), where);
        Decoded decoded = limits.codec().decode(spoilt.text());
        assertEquals(keepsEveryRule(spoilt, limits), decoded instanceof Decoded.Frame, spoilt::text);
        if (depth(spoilt) > limits.depth()) {
            assertEquals(readableId(spoilt).orElse(null), assertInstanceOf(Decoded.Malformed.class, decoded).id());
        }
    }

    @Property
    void frameReencodesToUtf8ThatDecodesToTheSameFrame(@ForAll("frames") Obj frame) throws CharacterCodingException {
        Envelope in = assertInstanceOf(Decoded.Frame.class, DEFAULTS.decode(frame.text()), frame::text).envelope();
        String sent = DEFAULTS.encode(in.type(), in.data(), in.id(), 1_763_805_600_123L);
        StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(sent));
        Envelope again = assertInstanceOf(Decoded.Frame.class, DEFAULTS.decode(sent), sent).envelope();
        assertEquals(in.type(), again.type());
        assertEquals(in.data(), again.data(), sent);
        JsonObject parsed = Json.createReader(new StringReader(sent)).readObject();
        assertEquals(in.id(), parsed.containsKey("reply_to") ? parsed.getString("reply_to") : null);
    }

    @Property
    void numberTheCodecTakesInItTakesBackWhenSent(@ForAll("numbers") Num number, @ForAll("numberLengths") int maxLength) {
        EnvelopeCodec codec = new EnvelopeCodec(32, maxLength);
        Decoded in = codec.decode("{\"type\":\"n\",\"data\":{\"n\":" + number.literal() + "}}");
        Assume.that(in instanceof Decoded.Frame);
        JsonObject data = ((Decoded.Frame) in).envelope().data();
        String sent = codec.encode("n", data, null, 0);
        String again = sent.substring(0, sent.indexOf(",\"timestamp\":")) + "}"; // the timestamp is the server's
        assertEquals(data, assertInstanceOf(Decoded.Frame.class, codec.decode(again), again).envelope().data(), again);
    }

    // ---- what the rules say

    private static boolean keepsEveryRule(Obj envelope, Limits limits) {
        if (depth(envelope) > limits.depth() || anyBadNumber(envelope, limits.numberLength()) || anyUnpaired(envelope)) {
            return false;
        }
        Optional<Value> id = envelope.last("id");
        Optional<Value> type = envelope.last("type");
        Optional<Value> data = envelope.last("data");
        boolean idOk = id.isEmpty() || isNull(id.get()) || id.get() instanceof Str s && s.value().length() <= 128;
        boolean typeOk = type.isPresent() && type.get() instanceof Str t && TYPE.matcher(t.value()).matches();
        boolean dataOk = data.isEmpty() || isNull(data.get()) || data.get() instanceof Obj;
        return idOk && typeOk && dataOk;
    }

    /** The top-level id a reply can carry: a string of at most 128 characters without unpaired surrogates. */
    private static Optional<String> readableId(Obj envelope) {
        return envelope.last("id").filter(v -> v instanceof Str).map(v -> ((Str) v).value())
                .filter(s -> s.length() <= 128 && !hasUnpaired(s));
    }

    private static boolean isNull(Value v) {
        return v instanceof Lit l && l.literal().equals("null");
    }

    private static void assertSound(Decoded decoded) {
        assertNotNull(decoded);
        if (decoded instanceof Decoded.Frame f) {
            assertTrue(TYPE.matcher(f.envelope().type()).matches(), f.envelope().type());
            assertTrue(f.envelope().id() == null || f.envelope().id().length() <= 128, f.envelope().id());
            assertFalse(holdsUnpaired(f.envelope().data()) || hasUnpaired(f.envelope().type())
                    || f.envelope().id() != null && hasUnpaired(f.envelope().id()), f.toString());
        } else {
            Decoded.Malformed m = assertInstanceOf(Decoded.Malformed.class, decoded);
            assertFalse(m.reason().isBlank());
            assertTrue(m.id() == null || m.id().length() <= 128 && !hasUnpaired(m.id()), m.id());
        }
    }

    private static boolean holdsUnpaired(JsonValue v) {
        return switch (v.getValueType()) {
            case STRING -> hasUnpaired(((JsonString) v).getString());
            case ARRAY -> v.asJsonArray().stream().anyMatch(EnvelopeCodecProperties::holdsUnpaired);
            case OBJECT -> v.asJsonObject().entrySet().stream()
                    .anyMatch(e -> hasUnpaired(e.getKey()) || holdsUnpaired(e.getValue()));
            default -> false;
        };
    }

    // ---- spoiling a frame

    private static Obj withMember(Obj envelope, Member member, int where) {
        List<Member> members = new ArrayList<>(envelope.members());
        members.removeIf(m -> m.key().value().equals(member.key().value()));
        members.add(Math.floorMod(where, members.size() + 1), member);
        return new Obj(members, envelope.space());
    }

    /** The frame with a lone surrogate in its type, its id, a key or a value at any depth, by {@code where}. */
    private static Obj withUnpaired(Obj frame, Str lone, int where) {
        Str padded = new Str("x" + lone.value(), "\"x" + lone.literal().substring(1));
        Member member = switch (Math.floorMod(where, 5)) {
            case 0 -> new Member(JsonTree.plain("type"), padded);
            case 1 -> new Member(JsonTree.plain("id"), padded);
            case 2 -> new Member(JsonTree.plain("data"), new Obj(List.of(new Member(padded, new Num("1"))), ""));
            case 3 -> new Member(JsonTree.plain("data"), new Obj(List.of(
                    new Member(JsonTree.plain("text"), JsonTree.nest(padded, where % 7))), ""));
            default -> new Member(padded, new Lit("true"));
        };
        return withMember(frame, member, where / 5);
    }

    // ---- generators

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200)),
                Tuple.of(2, Arbitraries.strings().withChars("{}[]\":,\\u0123456789abcdefE+-.tnrl \ud800\udc00\udbff")
                        .ofMaxLength(200)));
    }

    @Provide
    Arbitrary<Limits> limits() {
        Arbitrary<Limits> other = Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.integers().between(1, 80))
                .as(Limits::new);
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(new Limits(32, 64))), Tuple.of(1, other));
    }

    @Provide
    Arbitrary<Num> numbers() {
        return JsonSamples.numbers();
    }

    @Provide
    Arbitrary<Integer> numberLengths() {
        return Arbitraries.integers().between(1, 80);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Provide
    Arbitrary<Str> loneSurrogates() {
        return Arbitraries.chars().range('\ud800', '\udfff').map(String::valueOf)
                .flatMap(JsonSamples::spelled);
    }

    @Provide
    Arbitrary<String> mangled() {
        return EnvelopeSamples.mangled();
    }

    @Provide
    Arbitrary<Obj> envelopes() {
        return EnvelopeSamples.envelopes();
    }

    @Provide
    Arbitrary<Obj> frames() {
        return EnvelopeSamples.frames();
    }
}
