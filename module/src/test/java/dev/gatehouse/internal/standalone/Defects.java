package dev.gatehouse.internal.standalone;

import dev.gatehouse.internal.standalone.ClientTraffic.Frame;
import dev.gatehouse.internal.standalone.ClientTraffic.Stream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One defect put into well-formed traffic, and the violation it must get (PROTOCOL.md §5): the
 * traffic before it is well-formed, so the defect is the first thing the guard can object to.
 */
final class Defects {
    private static final int[] RESERVED_OPCODES = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF};
    private static final int[] CONTROL_OPCODES = {0x8, 0x9, 0xA};
    /** Bytes that stand nowhere in UTF-8. */
    private static final int[] NEVER_UTF8 = {0xC0, 0xC1, 0xF5, 0xF8, 0xFE, 0xFF};

    private Defects() {
    }

    /** What can be wrong with a client's frames. */
    enum Kind {
        UNMASKED, RSV_BIT, RESERVED_OPCODE, CONTROL_TOO_LONG, CONTROL_NOT_FIN, CONTINUATION_OUT_OF_PLACE,
        INVALID_CLOSE_CODE, INVALID_UTF8_TEXT, INVALID_UTF8_CLOSE_REASON, MESSAGE_TOO_BIG
    }

    /**
     * A defect, placed and shaped by three free numbers.
     *
     * @param kind what is wrong
     * @param where which frame, or which gap between frames
     * @param pick which variant
     * @param size a size or a code, where the defect needs one
     * @param mask the masking key of an inserted frame
     */
    record Defect(Kind kind, int where, int pick, int size, byte[] mask) {
        @Override
        public String toString() {
            return kind + "@" + where + "/" + pick + "/" + size;
        }
    }

    /**
     * The traffic with the defect in it, and the violation it must get.
     *
     * @param stream the spoilt traffic
     * @param expected its violation
     */
    record Spoilt(Stream stream, FrameGuard.Violation expected) {
    }

    static Spoilt inject(Stream clean, Defect d) {
        List<Frame> frames = new ArrayList<>(clean.frames());
        int gap = Math.floorMod(d.where(), frames.size() + 1);
        boolean open = clean.openMessageAt()[gap];
        return switch (d.kind()) {
            case UNMASKED -> changed(clean, d, f -> f.withMask(null));
            case RSV_BIT -> changed(clean, d, f -> f.withFirstByte(f.firstByte() | 0x40 >> d.pick() % 3));
            case RESERVED_OPCODE -> inserted(clean, gap, frame(0x80 | RESERVED_OPCODES[d.pick() % 10], d, new byte[d.size() % 8]),
                    FrameGuard.PROTOCOL_ERROR);
            case CONTROL_TOO_LONG -> inserted(clean, gap, frame(0x80 | CONTROL_OPCODES[d.pick() % 3], d,
                    new byte[126 + d.size() % 300]), FrameGuard.PROTOCOL_ERROR);
            case CONTROL_NOT_FIN -> inserted(clean, gap, frame(CONTROL_OPCODES[d.pick() % 3], d,
                    ClientTraffic.closePayload(1000, new byte[d.size() % 100])), FrameGuard.PROTOCOL_ERROR);
            case CONTINUATION_OUT_OF_PLACE -> inserted(clean, gap, outOfPlace(open, d), FrameGuard.PROTOCOL_ERROR);
            case INVALID_CLOSE_CODE -> inserted(clean, gap, frame(0x88, d, invalidClosePayload(d)), FrameGuard.PROTOCOL_ERROR);
            case INVALID_UTF8_TEXT -> invalidText(clean, d);
            case INVALID_UTF8_CLOSE_REASON -> inserted(clean, gap, frame(0x88, d, ClientTraffic.closePayload(1000,
                    notUtf8(d))), FrameGuard.INVALID_PAYLOAD);
            case MESSAGE_TOO_BIG -> tooBig(clean, gap, open, d);
        };
    }

    private static Frame frame(int firstByte, Defect d, byte[] payload) {
        return new Frame(firstByte, d.mask(), payload);
    }

    private static Spoilt changed(Stream clean, Defect d, java.util.function.UnaryOperator<Frame> change) {
        if (clean.frames().isEmpty()) {
            return changed(new Stream(clean.limit(), List.of(new Frame(0x89, d.mask(), new byte[d.size() % 10]))), d, change);
        }
        List<Frame> frames = new ArrayList<>(clean.frames());
        int i = Math.floorMod(d.where(), frames.size());
        frames.set(i, change.apply(frames.get(i)));
        return new Spoilt(new Stream(clean.limit(), frames), FrameGuard.PROTOCOL_ERROR);
    }

    private static Spoilt inserted(Stream clean, int gap, Frame frame, FrameGuard.Violation expected) {
        return inserted(clean, gap, List.of(frame), expected);
    }

    private static Spoilt inserted(Stream clean, int gap, List<Frame> inserted, FrameGuard.Violation expected) {
        List<Frame> frames = new ArrayList<>(clean.frames());
        frames.addAll(gap, inserted);
        return new Spoilt(new Stream(clean.limit(), frames), expected);
    }

    /** Inside a fragmented message a new one; outside, a continuation. */
    private static Frame outOfPlace(boolean open, Defect d) {
        int fin = d.pick() % 2 == 0 ? 0x80 : 0;
        int opcode = open ? 0x1 + d.pick() / 2 % 2 : 0x0;
        return frame(fin | opcode, d, "abc".getBytes(StandardCharsets.US_ASCII));
    }

    /** A code RFC 6455 §7.4 does not let a client send, or a payload of one byte. */
    private static byte[] invalidClosePayload(Defect d) {
        int n = d.size();
        return switch (d.pick() % 5) {
            case 0 -> ClientTraffic.closePayload(n % 1000, new byte[0]);
            case 1 -> ClientTraffic.closePayload(1004 + n % 3, new byte[0]);
            case 2 -> ClientTraffic.closePayload(1015 + n % 1985, "bye".getBytes(StandardCharsets.US_ASCII));
            case 3 -> ClientTraffic.closePayload(5000 + n % 60536, new byte[0]);
            default -> new byte[] {(byte) n};
        };
    }

    private static byte[] notUtf8(Defect d) {
        byte[] bytes = "ok ok".getBytes(StandardCharsets.US_ASCII);
        bytes[d.size() % bytes.length] = (byte) NEVER_UTF8[d.pick() % NEVER_UTF8.length];
        return bytes;
    }

    /** A byte of a text message replaced by one that stands nowhere in UTF-8; a new such message if there is no text. */
    private static Spoilt invalidText(Stream clean, Defect d) {
        List<int[]> textBytes = new ArrayList<>();
        boolean text = false;
        for (int i = 0; i < clean.frames().size(); i++) {
            Frame f = clean.frames().get(i);
            text = f.opcode() == 0x1 || f.opcode() == 0x0 && text || f.opcode() > 0x7 && text;
            for (int k = 0; text && f.opcode() <= 0x1 && k < f.payload().length; k++) {
                textBytes.add(new int[] {i, k});
            }
        }
        if (textBytes.isEmpty()) {
            return inserted(clean, 0, frame(0x81, d, notUtf8(d)), FrameGuard.INVALID_PAYLOAD);
        }
        int[] at = textBytes.get(Math.floorMod(d.where(), textBytes.size()));
        List<Frame> frames = new ArrayList<>(clean.frames());
        byte[] payload = Arrays.copyOf(frames.get(at[0]).payload(), frames.get(at[0]).payload().length);
        payload[at[1]] = (byte) NEVER_UTF8[d.pick() % NEVER_UTF8.length];
        frames.set(at[0], frames.get(at[0]).withPayload(payload));
        return new Spoilt(new Stream(clean.limit(), frames), FrameGuard.INVALID_PAYLOAD);
    }

    /** A message over the limit: the open one grown by a continuation, or a new one in one or two frames. */
    private static Spoilt tooBig(Stream clean, int gap, boolean open, Defect d) {
        int over = clean.limit() + 1 + d.size() % 50;
        if (open) {
            return inserted(clean, gap, frame(0x0, d, new byte[over]), FrameGuard.TOO_BIG); // alone it is over
        }
        int opcode = 0x1 + d.pick() % 2;
        byte[] all = new byte[over];
        Arrays.fill(all, (byte) 'a');
        if (d.pick() / 2 % 2 == 0) {
            return inserted(clean, gap, frame(0x80 | opcode, d, all), FrameGuard.TOO_BIG);
        }
        int first = d.size() % over;
        return inserted(clean, gap, List.of(frame(opcode, d, Arrays.copyOf(all, first)),
                frame(0x80, d, Arrays.copyOfRange(all, first, over))), FrameGuard.TOO_BIG);
    }
}
