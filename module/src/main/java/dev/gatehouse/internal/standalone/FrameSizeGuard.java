package dev.gatehouse.internal.standalone;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Follows the frames a client sends on one WebSocket connection (RFC 6455 §5.2), across reads, and
 * notices a data message that grows past the size limit from its frame headers alone, before any
 * of it is buffered. Once over, it keeps following frames so the connection can be closed after the
 * client's close frame rather than under its feet. One per connection; Grizzly delivers a
 * connection's reads one at a time.
 */
final class FrameSizeGuard {
    private static final int MAX_HEADER = 14;

    private final long limit;
    /** The bytes of the current frame header seen so far. */
    private final byte[] header = new byte[MAX_HEADER];
    private int headerLength;
    /** Payload bytes of the current frame still to come. */
    private long payloadLeft;
    /** Payload bytes of the current (possibly fragmented) data message so far. */
    private long messageBytes;
    /** A message went over the limit; everything from here on is discarded. */
    private boolean overLimit;
    /** The client sent a close frame. */
    private boolean closeSeen;

    FrameSizeGuard(long limit) {
        this.limit = limit;
    }

    /** Reads the bytes {@code at(from)} … {@code at(to - 1)}; false once a message went over the limit. */
    boolean accept(ByteSource bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, to - i);
                payloadLeft -= skip;
                i += (int) skip;
            } else {
                header[headerLength++] = bytes.at(i++);
                if (headerLength >= 2 && headerLength == headerSize()) {
                    frameHeaderComplete();
                }
            }
        }
        return !overLimit;
    }

    /** Whether a message went over the limit. */
    boolean isOver() {
        return overLimit;
    }

    /** Whether the client has sent its close frame. */
    boolean closeSeen() {
        return closeSeen;
    }

    private int headerSize() {
        int length7 = header[1] & 0x7f;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        boolean masked = (header[1] & 0x80) != 0;
        return 2 + extended + (masked ? 4 : 0);
    }

    private void frameHeaderComplete() {
        boolean fin = (header[0] & 0x80) != 0;
        int opcode = header[0] & 0x0f;
        payloadLeft = payloadLength();
        headerLength = 0;
        if (opcode >= 8) {
            closeSeen |= opcode == 8; // control frames are at most 125 bytes and not part of a message
            return;
        }
        messageBytes += payloadLeft;
        overLimit |= messageBytes > limit;
        if (fin) {
            messageBytes = 0;
        }
    }

    private long payloadLength() {
        int length7 = header[1] & 0x7f;
        if (length7 < 126) {
            return length7;
        }
        int bytes = length7 == 126 ? 2 : 8;
        long length = 0;
        for (int k = 0; k < bytes; k++) {
            length = (length << 8) | (header[2 + k] & 0xff);
        }
        return length < 0 ? Long.MAX_VALUE : length;
    }

    /** An unmasked server frame (text, close, ...) with the given payload. */
    static byte[] serverFrame(int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 10);
        out.write(0x80 | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length < 65536) {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >>> shift));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** A close frame with a code and a reason. */
    static byte[] closeFrame(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return serverFrame(0x8, payload);
    }

    /** Random access to bytes, so the guard reads Grizzly buffers without copying them. */
    @FunctionalInterface
    interface ByteSource {
        /** The byte at an absolute index. */
        byte at(int index);
    }
}
