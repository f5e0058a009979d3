package dev.gatehouse.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.Envelope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeCodecTest {
    private final EnvelopeCodec codec = new EnvelopeCodec(32, 64);

    @Test
    void fullFrameDecodesToItsParts() {
        Envelope e = frame("{\"type\":\"chat.send\",\"id\":\"7\",\"data\":{\"text\":\"hi\"},\"timestamp\":1.5,\"x\":1}");
        assertEquals("chat.send", e.type());
        assertEquals("7", e.id());
        assertEquals(Json.createObjectBuilder().add("text", "hi").build(), e.data());
    }

    @Test
    void missingOrNullDataAndIdBecomeEmptyObjectAndNull() {
        Envelope e = frame("{\"type\":\"a\"}");
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, e.data());
        assertNull(e.id());
        Envelope n = frame("{\"type\":\"a\",\"data\":null,\"id\":null}");
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, n.data());
        assertNull(n.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "not json", "{\"type\":}", "[]", "[{\"type\":\"a\"}]", "\"a\"", "42", "null", "true"})
    void nonObjectsAreMalformedWithoutId(String text) {
        Decoded.Malformed m = malformed(text);
        assertNull(m.id());
        assertFalse(m.reason().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"i\"}", "{\"id\":\"i\",\"type\":null}", "{\"id\":\"i\",\"type\":7}",
        "{\"id\":\"i\",\"type\":\"\"}", "{\"id\":\"i\",\"type\":\"Chat\"}", "{\"id\":\"i\",\"type\":\"1chat\"}",
        "{\"id\":\"i\",\"type\":\"chat send\"}", "{\"id\":\"i\",\"type\":\"chat/send\"}",
        "{\"id\":\"i\",\"type\":\"a\",\"data\":[]}", "{\"id\":\"i\",\"type\":\"a\",\"data\":\"x\"}"})
    void badTypeOrDataIsMalformedAndKeepsTheId(String text) {
        assertEquals("i", malformed(text).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"a\"} x", "{\"type\":\"a\"}{\"type\":\"b\"}", "{\"type\":\"a\"},"})
    void trailingContentAfterTheObjectIsMalformed(String text) {
        malformed(text);
    }

    @Test
    void typeOfSixtyFourCharactersIsTheLongestAllowed() {
        String longest = "a" + "b".repeat(63);
        assertEquals(longest, frame("{\"type\":\"" + longest + "\"}").type());
        malformed("{\"type\":\"" + longest + "c\"}");
    }

    @Test
    void typeMayUseDigitsAndPunctuationAfterTheFirstLetter() {
        assertEquals("a0_.:-z", frame("{\"type\":\"a0_.:-z\"}").type());
    }

    @Test
    void idOfMoreThan128CharactersOrNotAStringIsMalformedWithoutId() {
        assertEquals("x".repeat(128), frame("{\"type\":\"a\",\"id\":\"" + "x".repeat(128) + "\"}").id());
        assertNull(malformed("{\"type\":\"a\",\"id\":\"" + "x".repeat(129) + "\"}").id());
        assertNull(malformed("{\"type\":\"a\",\"id\":42}").id());
    }

    @Test
    void encodeWritesTypeDataReplyToAndMillisecondTimestamp() {
        String frame = codec.encode("pong", Json.createObjectBuilder().add("k", 1).build(), "r", 1_763_805_600_123L);
        assertEquals("{\"type\":\"pong\",\"data\":{\"k\":1},\"reply_to\":\"r\",\"timestamp\":1763805600.123}", frame);
    }

    @Test
    void encodeLeavesOutNullDataAndReplyTo() {
        assertEquals("{\"type\":\"pong\",\"timestamp\":1763805600.123}", codec.encode("pong", null, null, 1_763_805_600_123L));
    }

    @Test
    void timestampKeepsThreeDigitsOfMilliseconds() {
        assertTrue(codec.encode("a", null, null, 1_763_805_600_000L).endsWith("\"timestamp\":1763805600.000}"));
        assertTrue(codec.encode("a", null, null, 1_763_805_600_005L).endsWith("\"timestamp\":1763805600.005}"));
        assertTrue(codec.encode("a", null, null, 1_763_805_600_050L).endsWith("\"timestamp\":1763805600.050}"));
        assertTrue(codec.encode("a", null, null, 1_763_805_600_999L).endsWith("\"timestamp\":1763805600.999}"));
    }

    @Test
    void replyToIsEscapedSoAClientIdCannotBreakOrInjectIntoTheFrame() {
        String hostile = "\",\"type\":\"evil\\\n\u0001";
        String frame = codec.encode("pong", null, hostile, 1_000L);
        JsonObject parsed = Json.createReader(new StringReader(frame)).readObject();
        assertEquals(hostile, parsed.getString("reply_to"));
        assertEquals("pong", parsed.getString("type"));
        assertEquals(3, parsed.size());
    }

    @Test
    void objectDataIsSerializedWithJsonb() {
        String frame = codec.encode("a", Map.of("n", 2), null, 1_000L);
        JsonObject parsed = Json.createReader(new StringReader(frame)).readObject();
        assertEquals(2, parsed.getJsonObject("data").getInt("n"));
        assertEquals(1.0, parsed.getJsonNumber("timestamp").doubleValue());
    }

    /**
     * Regression, found by EnvelopeCodecProperties: a number was sent back as BigDecimal spells it,
     * which moves the point next to the first digit, so {@code 0.0e-1000} went out as {@code 0E-1001}
     * and {@code 123456e998} as {@code 1.23456E+1003}, and the codec refused its own frame.
     */
    @ParameterizedTest
    @ValueSource(strings = {"0.0e-1000", "123456e998", "-0.000123e-998",
        "1234567890123456789012345678901234567890123456789012345678901e3",
        "0.0000000000000000000000000000000000000000000000000000001e-1000"})
    void numberTheCodecTookInIsSentInASpellingItTakesAgain(String number) {
        Envelope in = frame("{\"type\":\"echo\",\"data\":{\"n\":" + number + "}}");
        String sent = codec.encode(in.type(), in.data(), null, 1_000L);
        assertEquals(in.data(), frame(sent).data(), sent);
    }

    @Test
    void numberWithinATightLengthLimitIsSentWithinIt() {
        EnvelopeCodec tight = new EnvelopeCodec(32, 4);
        Envelope in = assertInstanceOf(Decoded.Frame.class, tight.decode("{\"type\":\"echo\",\"data\":{\"n\":10e1}}")).envelope();
        assertEquals("{\"n\":10e1}", dataText(tight.encode("echo", in.data(), null, 0))); // BigDecimal: 1.0E+2
    }

    @Test
    void ordinaryNumbersAreSentAsBigDecimalSpellsThem() {
        Envelope in = frame("{\"type\":\"echo\",\"data\":{\"a\":0.001,\"b\":1e2,\"c\":-12.50,\"d\":7}}");
        assertEquals("{\"a\":0.001,\"b\":1E+2,\"c\":-12.50,\"d\":7}", dataText(codec.encode("echo", in.data(), null, 0)));
    }

    private static String dataText(String frame) {
        return frame.substring(frame.indexOf("\"data\":") + 7, frame.indexOf(",\"timestamp\""));
    }

    private Envelope frame(String text) {
        return assertInstanceOf(Decoded.Frame.class, codec.decode(text), text).envelope();
    }

    private Decoded.Malformed malformed(String text) {
        return assertInstanceOf(Decoded.Malformed.class, codec.decode(text), text);
    }
}
