package dev.gatehouse.internal.standalone;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Follows the frames a client sends on one WebSocket connection (RFC 6455 §5), across reads, and
 * finds the first one that breaks the protocol or the size limit before Tyrus sees it: a message
 * that grows past the limit (from its frame headers alone, before any of it is buffered), an
 * unmasked frame, reserved bits or opcodes, a bad control frame, a continuation out of place, a bad
 * close code, or text that is not UTF-8. After that it keeps following frame headers, so that the
 * connection can be closed after the client's close frame rather than under its feet. One per
 * connection; Grizzly delivers a connection's reads one at a time.
 *
 * <p>On a connection that agreed permessage-deflate ({@link #allowCompressed()}) a message's first
 * frame may carry RSV1: such a message is limited here by its compressed size, and its text is
 * checked after inflating, by {@link DeflateSession}, which also limits its inflated size.
 */
final class FrameGuard {
    private static final int MAX_HEADER = 14;
    private static final int CLOSE = 0x8;

    /**
     * What the client did wrong, and the close it gets.
     *
     * @param code the close code
     * @param reason the close reason (a code of PROTOCOL.md §5)
     */
    record Violation(int code, String reason) {
    }

    /** A message over the size limit: 1009. */
    static final Violation TOO_BIG = new Violation(1009, "MESSAGE_TOO_LARGE");
    /** A frame that breaks RFC 6455: 1002. */
    static final Violation PROTOCOL_ERROR = new Violation(1002, "PROTOCOL_ERROR");
    /** Text (or a close reason) that is not UTF-8: 1007. */
    static final Violation INVALID_PAYLOAD = new Violation(1007, "INVALID_PAYLOAD");

    private final long limit;
    /** The bytes of the current frame header seen so far. */
    private final byte[] header = new byte[MAX_HEADER];
    private int headerLength;
    private int opcode;
    private boolean fin;
    private final byte[] mask = new byte[4];
    /** Payload bytes of the current frame still to come, and how many came so far. */
    private long payloadLeft;
    private int payloadIndex;
    /** Whether the current frame's payload is unmasked and checked (text, close). */
    private boolean inspect;
    /** A data message is in progress (its first frame had no FIN). */
    private boolean inMessage;
    private boolean textMessage;
    private long messageBytes;
    private final Utf8Check utf8 = new Utf8Check();
    /** The payload of the current close frame (at most 125 bytes), for its code and reason. */
    private byte[] closePayload;
    private int closeLength;
    /** The first violation, or null. */
    private Violation violation;
    private boolean closeSeen;
    /** Whether permessage-deflate was agreed: RSV1 is allowed on a message's first frame. */
    private boolean compressed;

    FrameGuard(long limit) {
        this.limit = limit;
    }

    /** Reads the bytes {@code at(from)} … {@code at(to - 1)}; returns the first violation so far, or null. */
    Violation accept(ByteSource bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (payloadLeft > 0) {
                i = payload(bytes, i, to);
            } else {
                header[headerLength++] = bytes.at(i++);
                if (headerLength >= 2 && headerLength == headerSize()) {
                    frameHeaderComplete();
                }
            }
        }
        return violation;
    }

    /** The first violation, or null. */
    Violation violation() {
        return violation;
    }

    /** permessage-deflate was agreed: from now on a message's first frame may carry RSV1. */
    void allowCompressed() {
        compressed = true;
    }

    /**
     * A violation found above the guard (in a message once inflated): every later read is refused
     * as after one of the guard's own. False when the guard had already found one, which was answered.
     */
    boolean failAbove(Violation v) {
        boolean first = violation == null;
        fail(v);
        return first;
    }

    /** Whether the client has sent its close frame. */
    boolean closeSeen() {
        return closeSeen;
    }

    private int payload(ByteSource bytes, int i, int to) {
        if (!inspect) {
            long skip = Math.min(payloadLeft, to - i);
            payloadLeft -= skip;
            i += (int) skip;
        } else {
            for (; i < to && payloadLeft > 0; i++, payloadLeft--) {
                byte b = (byte) (bytes.at(i) ^ mask[payloadIndex++ & 3]);
                if (opcode == CLOSE) {
                    closePayload[closeLength++] = b;
                } else if (!utf8.accept(b)) {
                    fail(INVALID_PAYLOAD);
                    inspect = false;
                }
            }
        }
        if (payloadLeft == 0) {
            frameEnd();
        }
        return i;
    }

    private int headerSize() {
        int length7 = header[1] & 0x7f;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        boolean masked = (header[1] & 0x80) != 0;
        return 2 + extended + (masked ? 4 : 0);
    }

    private void frameHeaderComplete() {
        fin = (header[0] & 0x80) != 0;
        opcode = header[0] & 0x0f;
        boolean masked = (header[1] & 0x80) != 0;
        payloadLeft = payloadLength();
        if (masked) {
            System.arraycopy(header, headerLength - 4, mask, 0, 4);
        }
        headerLength = 0;
        payloadIndex = 0;
        closeSeen |= opcode == CLOSE;
        boolean checking = violation == null;
        if (checking) {
            int rsv = header[0] & 0x70;
            boolean compressedStart = compressed && rsv == 0x40 && (opcode == 0x1 || opcode == 0x2);
            check((rsv == 0 || compressedStart) && masked && payloadLeft != Long.MAX_VALUE);
            if (opcode >= 0x8) {
                check(opcode <= 0xA && fin && payloadLeft <= 125);
            } else {
                dataFrame();
            }
        }
        inspect = violation == null && (opcode == CLOSE || (opcode < 0x8 && textMessage));
        if (inspect && opcode == CLOSE) {
            closePayload = new byte[(int) payloadLeft];
            closeLength = 0;
        }
        if (payloadLeft == 0) {
            frameEnd();
        }
    }

    private void dataFrame() {
        boolean continuation = opcode == 0;
        check(opcode <= 0x2 && continuation == inMessage);
        if (violation != null) {
            return;
        }
        if (!continuation) {
            inMessage = true;
            textMessage = opcode == 0x1 && (header[0] & 0x40) == 0; // compressed text is checked once inflated
            messageBytes = 0;
            utf8.reset();
        }
        messageBytes += payloadLeft;
        if (messageBytes > limit) {
            fail(TOO_BIG);
        }
    }

    private void frameEnd() {
        if (violation == null && opcode == CLOSE) {
            checkClose();
        } else if (violation == null && opcode < 0x8 && fin) {
            if (textMessage && !utf8.complete()) {
                fail(INVALID_PAYLOAD);
            }
            inMessage = false;
            textMessage = false;
        }
        inspect = false;
    }

    private void checkClose() {
        if (closeLength == 0) {
            return;
        }
        int code = closeLength >= 2 ? (closePayload[0] & 0xff) << 8 | (closePayload[1] & 0xff) : 0;
        check(closeLength >= 2 && isValidCloseCode(code));
        if (violation == null) {
            Utf8Check reason = new Utf8Check();
            for (int k = 2; k < closeLength; k++) {
                if (!reason.accept(closePayload[k])) {
                    fail(INVALID_PAYLOAD);
                    return;
                }
            }
            if (!reason.complete()) {
                fail(INVALID_PAYLOAD);
            }
        }
    }

    /** RFC 6455 §7.4: the codes a peer may send. */
    static boolean isValidCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private void check(boolean ok) {
        if (!ok) {
            fail(PROTOCOL_ERROR);
        }
    }

    private void fail(Violation v) {
        if (violation == null) {
            violation = v;
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
        return length < 0 ? Long.MAX_VALUE : length; // the most significant bit must be 0 (§5.2)
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
        return serverFrame(CLOSE, payload);
    }

    /** Random access to bytes, so the guard reads Grizzly buffers without copying them. */
    @FunctionalInterface
    interface ByteSource {
        /** The byte at an absolute index. */
        byte at(int index);
    }

    /**
     * Checks UTF-8 a byte at a time (RFC 3629): no overlong forms, no surrogates, nothing above
     * U+10FFFF. The state is the number of continuation bytes still expected and the range the next
     * one must fall in.
     */
    static final class Utf8Check {
        private int remaining;
        private int low = 0x80;
        private int high = 0xbf;

        void reset() {
            remaining = 0;
        }

        /** Takes one byte; false when the text so far can no longer be UTF-8. */
        boolean accept(byte value) {
            int b = value & 0xff;
            if (remaining > 0) {
                if (b < low || b > high) {
                    return false;
                }
                remaining--;
                low = 0x80;
                high = 0xbf;
                return true;
            }
            if (b < 0x80) {
                return true;
            }
            if (b >= 0xc2 && b <= 0xdf) {
                remaining = 1;
            } else if (b >= 0xe0 && b <= 0xef) {
                remaining = 2;
                low = b == 0xe0 ? 0xa0 : 0x80;
                high = b == 0xed ? 0x9f : 0xbf;
            } else if (b >= 0xf0 && b <= 0xf4) {
                remaining = 3;
                low = b == 0xf0 ? 0x90 : 0x80;
                high = b == 0xf4 ? 0x8f : 0xbf;
            } else {
                return false;
            }
            return true;
        }

        /** Whether the text ends on a character boundary. */
        boolean complete() {
            return remaining == 0;
        }
    }
}
