package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class FrameSizeGuardTest {
    private static final int LIMIT = 1000;

    /** A masked client frame header for a payload of {@code length}, followed by that many bytes. */
    private static byte[] clientFrame(int opcode, boolean fin, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            out.write(0x80 | length);
        } else if (length < 65536) {
            out.write(0x80 | 126);
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >>> shift));
            }
        }
        out.writeBytes(new byte[] {1, 2, 3, 4});
        out.writeBytes(new byte[length]);
        return out.toByteArray();
    }

    private static boolean feed(FrameSizeGuard guard, byte[] bytes, int chunk) {
        for (int from = 0; from < bytes.length; from += chunk) {
            int to = Math.min(bytes.length, from + chunk);
            if (!guard.accept(i -> bytes[i], from, to)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void framesWithinTheLimitPassWhateverTheReadBoundaries() {
        byte[] stream = concat(clientFrame(1, true, 10), clientFrame(1, true, 200), clientFrame(1, true, LIMIT));
        for (int chunk : new int[] {1, 3, 7, 64, stream.length}) {
            assertTrue(feed(new FrameSizeGuard(LIMIT), stream, chunk), "chunk " + chunk);
        }
    }

    @Test
    void frameOverTheLimitIsCaughtFromItsHeaderAlone() {
        byte[] header = java.util.Arrays.copyOf(clientFrame(1, true, 5_000_000), 14);
        assertFalse(feed(new FrameSizeGuard(LIMIT), header, 1));
    }

    @Test
    void fragmentedMessageIsCountedAcrossItsFrames() {
        byte[] stream = concat(clientFrame(1, false, 600), clientFrame(0, false, 300), clientFrame(0, true, 200));
        assertFalse(feed(new FrameSizeGuard(LIMIT), stream, 50));
    }

    @Test
    void controlFramesBetweenFragmentsDoNotCount() {
        byte[] stream = concat(clientFrame(1, false, 600), clientFrame(0x9, true, 125), clientFrame(0, true, 400),
                clientFrame(1, true, LIMIT));
        assertTrue(feed(new FrameSizeGuard(LIMIT), stream, 13));
    }

    @Test
    void closeFrameCarriesCodeAndReason() {
        byte[] frame = FrameSizeGuard.closeFrame(1009, "MESSAGE_TOO_LARGE");
        assertArrayEquals(new byte[] {(byte) 0x88, 19, 0x03, (byte) 0xF1}, java.util.Arrays.copyOf(frame, 4));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
