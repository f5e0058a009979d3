package dev.gatehouse.internal.standalone;

import dev.gatehouse.internal.BoundedPool;
import jakarta.websocket.Extension;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.Frame;

/**
 * permessage-deflate on one connection (RFC 7692 §6, §7.2): Tyrus' extension for it, created per
 * agreement by {@link Compression}, so that it carries the agreed parameters and its own streams.
 *
 * <p>A client's message whose first frame has RSV1 is inflated a frame at a time, at most 8 KiB
 * at a time, and refused as soon as it grows past {@code gatehouse.max-message-size}: a frame of
 * a kilobyte that would inflate to a gigabyte costs one chunk beyond the limit, then the client
 * gets the same {@code MESSAGE_TOO_LARGE} and 1009 as for a message too large on the wire. Data
 * that is no deflate stream, or text that is not UTF-8 once inflated, is answered 1007. Tyrus
 * passes a frame on unchanged when an extension throws, so nothing here throws: a refused frame,
 * and every frame after it, becomes an empty pong, the one frame Tyrus takes without answering
 * the peer or delivering a message (the connection is closing by then).
 *
 * <p>The server's messages of at least {@code gatehouse.compression.min-size} bytes (and no longer
 * than the client's window, {@link DeflateAgreement#largestCompressible()}) are compressed with
 * RSV1 set; a message that would not get smaller goes as it is.
 *
 * <p>Locking: reads deliver a connection's frames one at a time, and Tyrus compresses and queues a
 * connection's data frames under its own send lock, in the order they go out; each direction's
 * state is guarded by its own lock all the same ({@code in}, {@code out}), because
 * {@link #release()} comes from the socket's close on another thread. Nothing under them does I/O
 * or calls user code.
 */
final class DeflateSession implements ExtendedExtension {
    private static final byte CONTINUATION = 0x0;
    private static final byte TEXT = 0x1;
    private static final byte PONG = 0xA;
    /** §7.2.1: what a sender removes from the end of a message, and §7.2.2: what the receiver appends. */
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
    private static final int CHUNK = 8192;

    private final DeflateAgreement agreement;
    private final Compression compression;
    private final Consumer<FrameGuard.Violation> refuse;

    private final Object in = new Object();
    private Inflater inflater;
    private boolean inCompressed;
    private boolean inText;
    private long inflated;
    private final FrameGuard.Utf8Check utf8 = new FrameGuard.Utf8Check();
    private boolean refused;

    private final Object out = new Object();
    private Deflater deflater;
    private boolean outCompressed;

    private volatile boolean released;

    DeflateSession(DeflateAgreement agreement, Compression compression, Consumer<FrameGuard.Violation> refuse) {
        this.agreement = agreement;
        this.compression = compression;
        this.refuse = refuse;
    }

    @Override
    public String getName() {
        return DeflateAgreement.NAME;
    }

    @Override
    public List<Parameter> getParameters() {
        return agreement.response();
    }

    @Override
    public List<Parameter> onExtensionNegotiation(ExtensionContext context, List<Parameter> requestedParameters) {
        return agreement.response();
    }

    @Override
    public void onHandshakeResponse(ExtensionContext context, List<Parameter> responseParameters) {
        // server side only
    }

    @Override
    public void destroy(ExtensionContext context) {
        release();
    }

    @Override
    public Frame processIncoming(ExtensionContext context, Frame frame) {
        Frame passed;
        FrameGuard.Violation violation;
        synchronized (in) {
            if (refused || released) {
                return ignored();
            }
            if (frame.isControlFrame() || !compressedMessage(frame)) {
                return frame;
            }
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            try {
                violation = inflate(frame.getPayloadData(), (int) frame.getPayloadLength(), message);
                if (violation == null && frame.isFin()) {
                    violation = inflate(TAIL, TAIL.length, message);
                    if (violation == null && inText && !utf8.complete()) {
                        violation = FrameGuard.INVALID_PAYLOAD;
                    }
                }
            } catch (DataFormatException e) {
                violation = FrameGuard.INVALID_PAYLOAD;
            }
            if (violation != null) {
                refused = true; // this and every later frame is dropped
                compression.inflaters.end(inflater);
                inflater = null;
                passed = ignored();
            } else {
                if (frame.isFin()) {
                    messageInflated();
                }
                passed = Frame.builder(frame).rsv1(false).payloadData(message.toByteArray()).build();
            }
        }
        if (violation != null) {
            refuse.accept(violation); // outside the lock: the filter writes the answer
        }
        return passed;
    }

    /**
     * Whether this data frame belongs to a compressed message (RSV1 on its first frame); a first
     * frame starts the message's inflation. Under {@code in}.
     */
    private boolean compressedMessage(Frame frame) {
        if (frame.getOpcode() == CONTINUATION) {
            return inCompressed;
        }
        inCompressed = frame.isRsv1();
        if (inCompressed) {
            inText = frame.getOpcode() == TEXT;
            inflated = 0;
            utf8.reset();
            if (inflater == null) {
                inflater = agreement.clientNoContextTakeover() ? compression.inflaters.take() : compression.inflaters.create();
            }
        }
        return inCompressed;
    }

    /** Inflates the input into the message a chunk at a time; the violation that stops it, or null. Under {@code in}. */
    private FrameGuard.Violation inflate(byte[] input, int length, ByteArrayOutputStream message) throws DataFormatException {
        inflater.setInput(input, 0, length);
        byte[] chunk = new byte[CHUNK];
        int n;
        while ((n = inflater.inflate(chunk)) > 0) {
            inflated += n;
            if (inflated > compression.maxMessageSize) {
                return FrameGuard.TOO_BIG;
            }
            if (inText) {
                for (int i = 0; i < n; i++) {
                    if (!utf8.accept(chunk[i])) {
                        return FrameGuard.INVALID_PAYLOAD;
                    }
                }
            }
            message.write(chunk, 0, n);
        }
        if (inflater.needsDictionary()) {
            throw new DataFormatException("a preset dictionary is not part of permessage-deflate");
        }
        return null;
    }

    /** The message is complete: without client context takeover its inflater goes back. Under {@code in}. */
    private void messageInflated() {
        if (agreement.clientNoContextTakeover()) {
            compression.inflaters.give(inflater);
            inflater = null;
        } else if (inflater.finished()) { // the client ended its stream (BFINAL): its next message starts afresh
            inflater.reset();
        }
    }

    private static Frame ignored() {
        return Frame.builder().fin(true).opcode(PONG).payloadData(new byte[0]).build();
    }

    @Override
    public Frame processOutgoing(ExtensionContext context, Frame frame) {
        synchronized (out) {
            if (released || frame.isControlFrame()) {
                return frame;
            }
            boolean first = frame.getOpcode() != CONTINUATION;
            int length = (int) frame.getPayloadLength();
            if (first) {
                int largest = agreement.largestCompressible();
                outCompressed = frame.isFin() ? length >= compression.minSize && length <= largest : largest == Integer.MAX_VALUE;
                if (!outCompressed) {
                    return frame;
                }
                if (deflater == null) {
                    deflater = agreement.serverNoContextTakeover() ? compression.deflaters.take() : compression.deflaters.create();
                }
            } else if (!outCompressed) {
                return frame;
            }
            byte[] compressed = deflate(frame.getPayloadData(), length, frame.isFin());
            if (frame.isFin() && agreement.serverNoContextTakeover()) {
                compression.deflaters.give(deflater);
                deflater = null;
                if (first && compressed.length >= length) {
                    return frame; // nothing to gain, and no context to keep in step with the client
                }
            }
            return Frame.builder(frame).rsv1(first).payloadData(compressed).build();
        }
    }

    /** Compresses one frame's payload, flushed to a byte boundary; the last frame's without the tail. Under {@code out}. */
    private byte[] deflate(byte[] payload, int length, boolean fin) {
        deflater.setInput(payload, 0, length);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(length / 2 + 16);
        byte[] chunk = new byte[Math.min(CHUNK, length + 64)];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            compressed.write(chunk, 0, n);
        } while (n == chunk.length);
        byte[] bytes = compressed.toByteArray();
        return fin && endsWithTail(bytes) ? Arrays.copyOf(bytes, bytes.length - TAIL.length) : bytes;
    }

    private static boolean endsWithTail(byte[] bytes) {
        return bytes.length >= TAIL.length
                && Arrays.equals(bytes, bytes.length - TAIL.length, bytes.length, TAIL, 0, TAIL.length);
    }

    /**
     * Lets the connection's streams go: back to the pools when they are shared ones, else ended.
     * Called when the socket closes, and by Tyrus when it closes the session; the second call does nothing.
     */
    void release() {
        released = true;
        synchronized (in) {
            letGo(compression.inflaters, inflater, agreement.clientNoContextTakeover());
            inflater = null;
        }
        synchronized (out) {
            letGo(compression.deflaters, deflater, agreement.serverNoContextTakeover());
            deflater = null;
        }
    }

    /** A stream back to its pool when it is a shared one, else ended. */
    private static <Z> void letGo(BoundedPool<Z> pool, Z stream, boolean shared) {
        if (stream == null) {
            return;
        }
        if (shared) {
            pool.give(stream);
        } else {
            pool.end(stream);
        }
    }
}
