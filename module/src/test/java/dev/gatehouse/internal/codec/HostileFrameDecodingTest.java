package dev.gatehouse.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frames built to break a JSON parser or to carry text that has no UTF-8 encoding are refused as
 * malformed, with the frame's id whenever it can be read, and never by an exception.
 */
class HostileFrameDecodingTest {
    private final EnvelopeCodec codec = new EnvelopeCodec(32, 64);

    @Test
    void thousandLevelsOfNestingAreMalformedAndKeepTheId() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        Decoded.Malformed m = malformed("{\"type\":\"echo\",\"id\":\"d1\",\"data\":{\"a\":" + deep + "}}");
        assertEquals("d1", m.id());
        assertTrue(m.reason().contains("32 levels"), m.reason());
    }

    @Test
    void idAfterTheTooDeepPartIsStillRead() {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertEquals("late", malformed("{\"type\":\"echo\",\"data\":" + deep + ",\"id\":\"late\"}").id());
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        String data = "{\"a\":".repeat(30) + "1" + "}".repeat(30); // envelope 1, data 2 .. 31
        assertInstanceOf(Decoded.Frame.class, codec.decode("{\"type\":\"echo\",\"data\":" + data + "}"));
    }

    @Test
    void depthLimitIsTheConfiguredOne() {
        EnvelopeCodec strict = new EnvelopeCodec(3, 64);
        assertInstanceOf(Decoded.Frame.class, strict.decode("{\"type\":\"a\",\"data\":{\"b\":[]}}"));
        assertInstanceOf(Decoded.Malformed.class, strict.decode("{\"type\":\"a\",\"data\":{\"b\":[[]]}}"));
    }

    @Test
    void numberOfTwelveHundredDigitsIsMalformedAndKeepsTheId() {
        Decoded.Malformed m = malformed("{\"id\":\"n1\",\"type\":\"echo\",\"data\":{\"a\":" + "1".repeat(1200) + "}}");
        assertEquals("n1", m.id());
        assertTrue(m.reason().contains("64 characters"), m.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e99999999999", "1E1001", "-2.5e-1001", "1e+99999"})
    void absurdExponentsAreMalformed(String number) {
        assertEquals("x", malformed("{\"id\":\"x\",\"type\":\"echo\",\"data\":{\"a\":" + number + "}}").id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e308", "-4.9E-324", "1e1000", "123456789012345678901234567890", "0.5"})
    void ordinaryNumbersAreAccepted(String number) {
        assertInstanceOf(Decoded.Frame.class, codec.decode("{\"type\":\"echo\",\"data\":{\"a\":" + number + "}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "x\\ud800", "\\ud800x", "\\udc00", "\\udc00\\ud800", "\\ud800\\ud800\\udc00"})
    void escapedUnpairedSurrogateInDataIsMalformedAndKeepsTheId(String text) {
        Decoded.Malformed m = malformed("{\"type\":\"chat.send\",\"id\":\"s1\",\"data\":{\"text\":\"" + text + "\"}}");
        assertEquals("s1", m.id());
        assertTrue(m.reason().contains("surrogate"), m.reason());
    }

    @Test
    void rawUnpairedSurrogateIsMalformed() {
        assertEquals("s2", malformed("{\"type\":\"chat.send\",\"id\":\"s2\",\"data\":{\"text\":\"\ud800\"}}").id());
    }

    @Test
    void unpairedSurrogateInTheIdLeavesNoReadableId() {
        assertNull(malformed("{\"type\":\"ping\",\"id\":\"\\ud800\"}").id());
    }

    @Test
    void unpairedSurrogateInAKeyIsMalformed() {
        assertEquals("k", malformed("{\"type\":\"echo\",\"id\":\"k\",\"data\":{\"\\udfff\":1}}").id());
    }

    @Test
    void surrogatePairsEscapedOrRawAreAccepted() {
        Decoded decoded = codec.decode("{\"type\":\"echo\",\"data\":{\"a\":\"\\ud83d\\ude00\",\"b\":\"\ud83d\ude00\"}}");
        var data = assertInstanceOf(Decoded.Frame.class, decoded).envelope().data();
        assertEquals("\ud83d\ude00", data.getString("a"));
        assertEquals("\ud83d\ude00", data.getString("b"));
    }

    @Test
    void idOfAFrameThatIsNotValidJsonIsStillRead() {
        assertEquals("j", malformed("{\"id\":\"j\",\"type\":\"echo\",\"data\":{\"a\":tru}}").id());
    }

    @Test
    void idNestedInsideDataIsNotTakenForTheFramesId() {
        assertNull(malformed("{\"type\":\"echo\",\"data\":{\"id\":\"inner\",\"a\":" + "1".repeat(100) + "}}").id());
    }

    private Decoded.Malformed malformed(String text) {
        return assertInstanceOf(Decoded.Malformed.class, codec.decode(text), text);
    }
}
