package dev.gatehouse.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Client frames as bytes on the wire (RFC 6455 §5.2), masked unless a test says otherwise. */
public final class ClientFrames {
    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private ClientFrames() {
    }

    /** A masked frame with FIN set. */
    public static byte[] frame(int opcode, byte[] payload) {
        return frame(0x80 | opcode, true, payload);
    }

    /** A masked text frame with FIN set. */
    public static byte[] text(String text) {
        return frame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A masked close frame with a code and a reason. */
    public static byte[] close(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return frame(0x8, payload);
    }

    /** A frame whose first byte (FIN, RSV, opcode) is given as is. */
    public static byte[] frame(int firstByte, boolean masked, byte[] payload) {
        return frame(firstByte, masked ? MASK : null, payload);
    }

    /** A frame whose first byte is given as is, masked with {@code mask}, or unmasked when it is null. */
    public static byte[] frame(int firstByte, byte[] mask, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write(firstByte);
        boolean masked = mask != null;
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            out.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            out.write(maskBit | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >>> shift));
            }
        }
        if (masked) {
            out.writeBytes(mask);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    /** A masked frame header announcing {@code length} bytes, without the payload. */
    public static byte[] header(int firstByte, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(14);
        out.write(firstByte);
        out.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (length >>> shift));
        }
        out.writeBytes(MASK);
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
