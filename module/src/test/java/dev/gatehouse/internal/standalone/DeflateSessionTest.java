package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.PermessageDeflate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.glassfish.tyrus.core.frame.Frame;
import org.junit.jupiter.api.Test;

/** One connection's permessage-deflate, frame by frame, against the JDK's zlib as the peer. */
class DeflateSessionTest {
    private static final int LIMIT = 4096;
    private static final byte[] TEXT = "hello hello hello hello hello hello hello hello hello hello hello"
            .getBytes(StandardCharsets.UTF_8);

    private final Compression compression = new Compression(6, false, 16, LIMIT, () -> { }, () -> { });
    private final List<FrameGuard.Violation> refused = new ArrayList<>();

    private DeflateSession session(DeflateAgreement agreement) {
        return new DeflateSession(agreement, compression, refused::add);
    }

    private static DeflateAgreement noContext() {
        return new DeflateAgreement(true, true, 15, false);
    }

    @Test
    void aCompressedMessageSplitOverFramesIsInflatedFrameByFrame() {
        DeflateSession session = session(noContext());
        byte[] compressed = deflate(new Deflater(6, true), TEXT);
        Frame first = session.processIncoming(null, frame(0x1, false, true, Arrays.copyOf(compressed, 5)));
        Frame last = session.processIncoming(null, frame(0x0, true, false, Arrays.copyOfRange(compressed, 5, compressed.length)));
        assertFalse(first.isRsv1());
        assertArrayEquals(TEXT, concat(first.getPayloadData(), last.getPayloadData()));
        assertTrue(refused.isEmpty());
        assertEquals(1, compression.inflaters.idle(), "without client context takeover the inflater went back to the pool");
    }

    @Test
    void aMessageInflatingPastTheLimitIsRefusedAndLaterFramesAreDropped() {
        DeflateSession session = session(noContext());
        Frame answer = session.processIncoming(null, frame(0x2, true, true, deflate(new Deflater(9, true), new byte[1 << 20])));
        assertEquals(List.of(FrameGuard.TOO_BIG), refused);
        assertEquals(0xA, answer.getOpcode(), "an empty pong stands in for the refused frame");
        assertEquals(0, answer.getPayloadLength());
        assertEquals(0xA, session.processIncoming(null, frame(0x1, true, false, TEXT)).getOpcode());
    }

    @Test
    void compressedTextThatIsNotUtf8IsInvalidPayload() {
        session(noContext()).processIncoming(null, frame(0x1, true, true,
                deflate(new Deflater(6, true), new byte[] {'a', (byte) 0xc3})));
        assertEquals(List.of(FrameGuard.INVALID_PAYLOAD), refused);
    }

    @Test
    void withContextTakeoverBothDirectionsKeepTheirStreamAcrossMessages() throws Exception {
        DeflateSession session = session(new DeflateAgreement(false, false, 15, false));
        Deflater client = new Deflater(6, true);
        Inflater clientInflater = new Inflater(true);
        for (int i = 0; i < 3; i++) {
            Frame in = session.processIncoming(null, frame(0x1, true, true, deflate(client, TEXT)));
            assertArrayEquals(TEXT, in.getPayloadData());
            Frame out = session.processOutgoing(null, frame(0x1, true, false, TEXT));
            assertTrue(out.isRsv1());
            assertArrayEquals(TEXT, inflate(clientInflater, out.getPayloadData()));
        }
        assertEquals(0, compression.deflaters.idle(), "a kept stream is the connection's, not the pool's");
        session.release();
        assertEquals(0, compression.deflaters.idle(), "and is ended, not pooled");
    }

    @Test
    void shortMessagesAndOnesThatWouldNotShrinkGoUncompressed() {
        DeflateSession session = session(noContext());
        assertFalse(session.processOutgoing(null, frame(0x1, true, false, "short".getBytes(StandardCharsets.UTF_8))).isRsv1());
        byte[] noise = new byte[200];
        new java.util.Random(7).nextBytes(noise);
        Frame out = session.processOutgoing(null, frame(0x2, true, false, noise));
        assertFalse(out.isRsv1());
        assertArrayEquals(noise, out.getPayloadData());
    }

    @Test
    void aSmallClientWindowLimitsCompressionToMessagesThatFitIt() {
        DeflateSession session = session(new DeflateAgreement(true, true, 8, true));
        byte[] fits = Arrays.copyOf(TEXT, 60);
        byte[] longer = "abc".repeat(100).getBytes(StandardCharsets.UTF_8);
        assertTrue(session.processOutgoing(null, frame(0x1, true, false, fits)).isRsv1());
        assertFalse(session.processOutgoing(null, frame(0x1, true, false, longer)).isRsv1(), "300 bytes > 2^8");
    }

    @Test
    void controlFramesPassUntouched() {
        DeflateSession session = session(noContext());
        Frame ping = frame(0x9, true, false, new byte[] {1, 2});
        assertTrue(ping == session.processOutgoing(null, ping));
        assertTrue(ping == session.processIncoming(null, ping));
    }

    private static Frame frame(int opcode, boolean fin, boolean rsv1, byte[] payload) {
        return Frame.builder().opcode((byte) opcode).fin(fin).rsv1(rsv1).payloadData(payload).build();
    }

    private static byte[] deflate(Deflater deflater, byte[] data) {
        return PermessageDeflate.compress(deflater, data);
    }

    private static byte[] inflate(Inflater inflater, byte[] payload) throws Exception {
        return PermessageDeflate.inflate(inflater, payload);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
