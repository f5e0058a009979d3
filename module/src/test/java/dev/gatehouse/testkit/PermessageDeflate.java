package dev.gatehouse.testkit;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** A permessage-deflate peer's side of RFC 7692 §7.2, on the JDK's zlib, for tests. */
public final class PermessageDeflate {
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    private PermessageDeflate() {
    }

    /** A message's payload compressed on its own (§7.2.1): raw deflate, flushed, without the final {@code 00 00 ff ff}. */
    public static byte[] compress(byte[] message) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            return compress(deflater, message);
        } finally {
            deflater.end();
        }
    }

    /** A message's payload compressed with a stream that keeps the context of the messages before it. */
    public static byte[] compress(Deflater deflater, byte[] message) {
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length);
        byte[] bytes = out.toByteArray();
        return Arrays.copyOf(bytes, bytes.length - TAIL.length);
    }

    /** A compressed message's payload inflated on its own (§7.2.2: {@code 00 00 ff ff} appended). */
    public static byte[] inflate(byte[] payload) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            return inflate(inflater, payload);
        } finally {
            inflater.end();
        }
    }

    /** A compressed message's payload inflated with a stream that keeps the context of the messages before it. */
    public static byte[] inflate(Inflater inflater, byte[] payload) throws DataFormatException {
        byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
        System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = inflater.inflate(chunk)) > 0) {
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }
}
