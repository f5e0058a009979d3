package dev.gatehouse.internal.standalone;

import dev.gatehouse.testkit.ClientFrames;
import static dev.gatehouse.testkit.ClientFrames.close;
import static dev.gatehouse.testkit.ClientFrames.concat;
import static dev.gatehouse.testkit.ClientFrames.frame;
import static dev.gatehouse.testkit.ClientFrames.header;
import static dev.gatehouse.testkit.ClientFrames.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 §5 and the size limit, checked from the bytes on the wire whatever the read boundaries. */
class FrameGuardTest {
    private static final int LIMIT = 1000;

    /** Feeds {@code bytes} in reads of {@code chunk} bytes; the first violation, or null. */
    private static FrameGuard.Violation feed(FrameGuard guard, byte[] bytes, int chunk) {
        FrameGuard.Violation v = null;
        for (int from = 0; from < bytes.length && v == null; from += chunk) {
            v = guard.accept(i -> bytes[i], from, Math.min(bytes.length, from + chunk));
        }
        return v;
    }

    private static FrameGuard.Violation everyChunking(byte[] bytes) {
        FrameGuard.Violation first = feed(new FrameGuard(LIMIT), bytes, bytes.length);
        for (int chunk : new int[] {1, 2, 3, 7, 64}) {
            assertEquals(first, feed(new FrameGuard(LIMIT), bytes, chunk), "chunk " + chunk);
        }
        return first;
    }

    @Test
    void wellFormedTrafficPassesWhateverTheReadBoundaries() {
        byte[] stream = concat(
                text("{\"type\":\"ping\"}"),
                text("h\u00e9llo \ud83d\ude00"),
                ClientFrames.frame(0x01, true, utf8("part \u00e9")), // first fragment: no FIN
                frame(0x9, new byte[] {1, 2}), // a ping between the fragments
                ClientFrames.frame(0x80, true, utf8(" two")), // the last fragment
                frame(0x2, new byte[] {(byte) 0xff, 0}),
                frame(0xA, new byte[0]),
                frame(0x1, new byte[LIMIT]),
                close(1000, utf8("bye")));
        assertNull(everyChunking(stream));
    }

    @Test
    void frameOverTheLimitIsCaughtFromItsHeaderAlone() {
        assertEquals(FrameGuard.TOO_BIG, everyChunking(header(0x81, 5_000_000)));
    }

    @Test
    void fragmentedMessageIsCountedAcrossItsFrames() {
        byte[] stream = concat(ClientFrames.frame(0x01, true, new byte[600]), ClientFrames.frame(0x00, true, new byte[300]),
                ClientFrames.frame(0x80, true, new byte[200]));
        assertEquals(FrameGuard.TOO_BIG, everyChunking(stream));
    }

    @Test
    void controlFramesBetweenFragmentsDoNotCount() {
        byte[] stream = concat(ClientFrames.frame(0x01, true, new byte[600]), frame(0x9, new byte[125]),
                ClientFrames.frame(0x80, true, new byte[400]), frame(0x1, new byte[LIMIT]));
        assertNull(everyChunking(stream));
    }

    @Test
    void unmaskedFrameIsAProtocolError() {
        assertEquals(FrameGuard.PROTOCOL_ERROR, everyChunking(ClientFrames.frame(0x81, false, "{}".getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @ValueSource(ints = {0xC1, 0xA1, 0x91, 0xF1})
    void reservedBitsAreAProtocolError(int firstByte) {
        assertEquals(FrameGuard.PROTOCOL_ERROR, everyChunking(ClientFrames.frame(firstByte, true, new byte[3])));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void reservedOpcodesAreAProtocolError(int opcode) {
        assertEquals(FrameGuard.PROTOCOL_ERROR, everyChunking(frame(opcode, new byte[2])));
    }

    /** Like {@link #everyChunking}, on a connection that agreed permessage-deflate. */
    private static FrameGuard.Violation everyChunkingCompressed(byte[] bytes) {
        FrameGuard.Violation first = null;
        for (int chunk : new int[] {bytes.length, 1, 2, 3, 7, 64}) {
            FrameGuard guard = new FrameGuard(LIMIT);
            guard.allowCompressed();
            FrameGuard.Violation v = feed(guard, bytes, chunk);
            if (chunk == bytes.length) {
                first = v;
            }
            assertEquals(first, v, "chunk " + chunk);
        }
        return first;
    }

    @Test
    void withPermessageDeflateRsv1StartsAMessageWhoseBytesAreNotCheckedAsText() {
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0x01};
        assertNull(everyChunkingCompressed(concat(ClientFrames.frame(0xC1, true, notUtf8),
                ClientFrames.frame(0x41, true, notUtf8), ClientFrames.frame(0x80, true, notUtf8),
                ClientFrames.frame(0xC2, true, notUtf8), text("plain text still checked"))));
        assertEquals(FrameGuard.INVALID_PAYLOAD, everyChunkingCompressed(ClientFrames.frame(0x81, true, notUtf8)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0xC0, 0xC9, 0xA1, 0xE1})
    void withPermessageDeflateRsv1ElsewhereAndRsv2Or3AreStillProtocolErrors(int firstByte) {
        byte[] start = firstByte == 0xC0 ? ClientFrames.frame(0x01, true, new byte[1]) : new byte[0];
        assertEquals(FrameGuard.PROTOCOL_ERROR, everyChunkingCompressed(concat(start, ClientFrames.frame(firstByte, true, new byte[1]))));
    }

    @Test
    void aViolationFoundAboveTheGuardRefusesEveryLaterRead() {
        FrameGuard guard = new FrameGuard(LIMIT);
        assertTrue(guard.failAbove(FrameGuard.TOO_BIG));
        assertFalse(guard.failAbove(FrameGuard.INVALID_PAYLOAD), "answered once");
        assertEquals(FrameGuard.TOO_BIG, feed(guard, text("{}"), 100));
    }

    @Test
    void controlFrameOver125BytesIsAProtocolError() {
        assertEquals(FrameGuard.PROTOCOL_ERROR, everyChunking(frame(0x9, new byte[126])));
    }

    @Test
    void fragmentedControlFrameIsAProtocolError() {
        assertEquals(FrameGuard.PROTOCOL_ERROR, everyChunking(ClientFrames.frame(0x09, true, new byte[1])));
    }

    @Test
    void continuationWithoutAMessageIsAProtocolError() {
        assertEquals(FrameGuard.PROTOCOL_ERROR, everyChunking(ClientFrames.frame(0x80, true, new byte[1])));
    }

    @Test
    void newMessageInsideAFragmentedOneIsAProtocolError() {
        assertEquals(FrameGuard.PROTOCOL_ERROR,
                everyChunking(concat(ClientFrames.frame(0x01, true, new byte[1]), frame(0x1, new byte[1]))));
    }

    @Test
    void lengthWithTheMostSignificantBitSetIsAProtocolError() {
        assertEquals(FrameGuard.PROTOCOL_ERROR, everyChunking(header(0x81, 0x8000_0000_0000_0001L)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
    void closeWithAnInvalidCodeIsAProtocolError(int code) {
        assertEquals(FrameGuard.PROTOCOL_ERROR, everyChunking(close(code, new byte[0])));
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1011, 1013, 1014, 3000, 4999})
    void closeWithAValidCodeIsAccepted(int code) {
        FrameGuard guard = new FrameGuard(LIMIT);
        byte[] bytes = close(code, "ok".getBytes(StandardCharsets.UTF_8));
        assertNull(feed(guard, bytes, 1));
        assertTrue(guard.closeSeen());
    }

    @Test
    void closeWithOneBytePayloadIsAProtocolError() {
        assertEquals(FrameGuard.PROTOCOL_ERROR, everyChunking(frame(0x8, new byte[] {3})));
    }

    @Test
    void closeWithAReasonThatIsNotUtf8IsInvalidPayload() {
        assertEquals(FrameGuard.INVALID_PAYLOAD, everyChunking(close(1000, new byte[] {(byte) 0xc3, 0x28})));
    }

    @Test
    void emptyCloseIsAccepted() {
        assertNull(everyChunking(frame(0x8, new byte[0])));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c328", "a0a1", "e28228", "f0288c28", "c0af", "e080af", "eda080", "f4908080", "f8a1a1a1a1", "ff"})
    void textThatIsNotUtf8IsInvalidPayload(String hex) {
        assertEquals(FrameGuard.INVALID_PAYLOAD, everyChunking(frame(0x1, bytes(hex))));
    }

    @Test
    void utf8CharacterSplitAcrossFragmentsIsAccepted() {
        byte[] smile = "\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
        byte[] stream = concat(ClientFrames.frame(0x01, true, new byte[] {smile[0], smile[1]}),
                ClientFrames.frame(0x80, true, new byte[] {smile[2], smile[3]}));
        assertNull(everyChunking(stream));
    }

    @Test
    void textMessageEndingInsideACharacterIsInvalidPayload() {
        assertEquals(FrameGuard.INVALID_PAYLOAD, everyChunking(frame(0x1, new byte[] {(byte) 0xe2, (byte) 0x82})));
    }

    @Test
    void binaryPayloadIsNotCheckedForUtf8() {
        assertNull(everyChunking(frame(0x2, bytes("c328ff"))));
    }

    @Test
    void afterAViolationTheCloseFrameIsStillSeen() {
        FrameGuard guard = new FrameGuard(LIMIT);
        byte[] stream = concat(ClientFrames.frame(0x81, false, new byte[3]), text("ignored"), close(1000, new byte[0]));
        assertEquals(FrameGuard.PROTOCOL_ERROR, guard.accept(i -> stream[i], 0, stream.length));
        assertTrue(guard.closeSeen());
    }

    @Test
    void serverCloseFrameCarriesCodeAndReason() {
        byte[] frame = FrameGuard.closeFrame(1009, "MESSAGE_TOO_LARGE");
        assertArrayEquals(new byte[] {(byte) 0x88, 19, 0x03, (byte) 0xF1}, java.util.Arrays.copyOf(frame, 4));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
