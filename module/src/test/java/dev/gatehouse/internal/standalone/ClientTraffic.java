package dev.gatehouse.internal.standalone;

import dev.gatehouse.testkit.ClientFrames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Well-formed client traffic (RFC 6455 §5) as generated frames: text messages of valid UTF-8 and
 * binary messages up to the size limit, fragmented anywhere (inside a character too), pings and
 * pongs between the fragments, and at the end, now and then, a close with a valid code and reason.
 */
final class ClientTraffic {
    private static final Integer[] CLOSE_CODES = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
        3000, 4999};

    private ClientTraffic() {
    }

    /**
     * One frame as sent.
     *
     * @param firstByte FIN, the RSV bits and the opcode
     * @param mask the masking key, null for an unmasked frame
     * @param payload the payload, unmasked
     */
    record Frame(int firstByte, byte[] mask, byte[] payload) {
        int opcode() {
            return firstByte & 0x0f;
        }

        boolean fin() {
            return (firstByte & 0x80) != 0;
        }

        Frame withFirstByte(int b) {
            return new Frame(b, mask, payload);
        }

        Frame withMask(byte[] m) {
            return new Frame(firstByte, m, payload);
        }

        Frame withPayload(byte[] p) {
            return new Frame(firstByte, mask, p);
        }

        byte[] bytes() {
            return ClientFrames.frame(firstByte, mask, payload);
        }

        @Override
        public String toString() {
            String shown = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 16)) + (payload.length > 16 ? "…" : "");
            return String.format("%02x%s[%d]%s", firstByte, mask == null ? " unmasked" : "", payload.length, shown);
        }
    }

    /**
     * Frames sent under a size limit.
     *
     * @param limit the guard's limit
     * @param frames the frames in order
     */
    record Stream(int limit, List<Frame> frames) {
        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            frames.forEach(f -> out.writeBytes(f.bytes()));
            return out.toByteArray();
        }

        boolean hasClose() {
            return frames.stream().anyMatch(f -> f.opcode() == 0x8);
        }

        /** For each gap before frame {@code i} (and after the last), whether a fragmented message is open there. */
        boolean[] openMessageAt() {
            boolean[] open = new boolean[frames.size() + 1];
            for (int i = 0; i < frames.size(); i++) {
                Frame f = frames.get(i);
                open[i + 1] = f.opcode() <= 0x2 ? !f.fin() : open[i];
            }
            return open;
        }
    }

    /**
     * Well-formed traffic under a limit of 200, 1000 or 70,000 bytes (7-, 16- and 64-bit lengths). No
     * flatMap: building the arbitraries for each sample made generation a hundred times slower.
     */
    static Arbitrary<Stream> wellFormed() {
        return Arbitraries.frequencyOf(Tuple.of(4, traffic(200)), Tuple.of(2, traffic(1000)), Tuple.of(1, traffic(70_000)));
    }

    private static Arbitrary<Stream> traffic(int limit) {
        Arbitrary<List<Frame>> item = Arbitraries.frequencyOf(Tuple.of(4, message(limit)), Tuple.of(1, control().map(List::of)));
        Arbitrary<List<Frame>> end = Arbitraries.frequencyOf(Tuple.of(1, close().map(List::of)),
                Tuple.of(1, Arbitraries.just(List.<Frame>of())));
        return Combinators.combine(item.list().ofMaxSize(5), end, masks().list().ofSize(8)).as((items, close, masks) -> {
            List<Frame> all = new ArrayList<>();
            items.forEach(all::addAll);
            all.addAll(close);
            for (int i = 0; i < all.size(); i++) {
                all.set(i, all.get(i).withMask(masks.get(i % masks.size())));
            }
            return new Stream(limit, all);
        });
    }

    static Arbitrary<byte[]> masks() {
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.bytes().array(byte[].class).ofSize(4)),
                Tuple.of(1, Arbitraries.just(new byte[4])));
    }

    /** A text or binary message, fragmented at up to three places, with control frames between the fragments. */
    static Arbitrary<List<Frame>> message(int limit) {
        Arbitrary<Tuple.Tuple2<Integer, byte[]>> content = Arbitraries.oneOf(text(limit).map(t -> Tuple.of(0x1, t)),
                binary(limit).map(b -> Tuple.of(0x2, b)));
        Arbitrary<List<Integer>> cuts = Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(3);
        Arbitrary<List<List<Frame>>> between = control().list().ofMaxSize(2).list().ofSize(3);
        return Combinators.combine(content, cuts, between).as((c, at, controls) -> fragments(c.get1(), c.get2(), at, controls));
    }

    private static List<Frame> fragments(int opcode, byte[] payload, List<Integer> at, List<List<Frame>> controls) {
        List<Integer> cuts = new ArrayList<>(at.stream().map(i -> i % (payload.length + 1)).sorted().toList());
        cuts.add(payload.length);
        List<Frame> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < cuts.size(); i++) {
            boolean last = i == cuts.size() - 1;
            byte[] part = Arrays.copyOfRange(payload, from, cuts.get(i));
            out.add(new Frame((last ? 0x80 : 0) | (i == 0 ? opcode : 0), null, part));
            if (!last) {
                out.addAll(controls.get(i));
            }
            from = cuts.get(i);
        }
        return out;
    }

    /**
     * UTF-8 text of every width (1 to 4 bytes a character), at most {@code limit} bytes: a run of up to
     * 24 characters repeated up to a length (a random character each made generation slow).
     */
    static Arbitrary<byte[]> text(int limit) {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(0, 0x7f)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0x7ff)),
                Tuple.of(2, Arbitraries.integers().between(0x800, 0xffff).filter(c -> c < 0xd800 || c > 0xdfff)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
        Arbitrary<Integer> length = Arbitraries.integers().between(0, limit).edgeCases(c -> c.add(limit));
        return Combinators.combine(codePoint.list().ofMinSize(1).ofMaxSize(24), length).as((run, n) -> utf8(run, n));
    }

    /** The code points of {@code run}, over and over, as long as they fit in {@code limit} bytes. */
    private static byte[] utf8(List<Integer> run, int limit) {
        StringBuilder s = new StringBuilder();
        int bytes = 0;
        for (int i = 0; ; i++) {
            int cp = run.get(i % run.size());
            int width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + width > limit) {
                return s.toString().getBytes(StandardCharsets.UTF_8);
            }
            s.appendCodePoint(cp);
            bytes += width;
        }
    }

    /**
     * Any bytes, up to the limit, the limit itself as an edge case: a random pattern of up to 64 bytes
     * repeated to the size (a random byte each, for 70,000 of them, made generation the slowest part).
     */
    static Arbitrary<byte[]> binary(int limit) {
        Integer[] edges = java.util.stream.Stream.of(125, 126, 65535, 65536, limit).filter(n -> n <= limit)
                .toArray(Integer[]::new);
        Arbitrary<Integer> size = Arbitraries.integers().between(0, limit).edgeCases(c -> c.add(edges));
        Arbitrary<byte[]> pattern = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
        return Combinators.combine(size, pattern).as((n, p) -> {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = p[i % p.length];
            }
            return out;
        });
    }

    /** A ping or pong of at most 125 bytes. */
    static Arbitrary<Frame> control() {
        return Combinators.combine(Arbitraries.of(0x9, 0xA), binary(125)).as((op, p) -> new Frame(0x80 | op, null, p));
    }

    /** A close: empty, or a valid code and a UTF-8 reason of at most 123 bytes. */
    static Arbitrary<Frame> close() {
        Arbitrary<Integer> code = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(CLOSE_CODES)),
                Tuple.of(1, Arbitraries.integers().between(3000, 4999)));
        Arbitrary<byte[]> withCode = Combinators.combine(code, text(123)).as(ClientTraffic::closePayload);
        return Arbitraries.frequencyOf(Tuple.of(4, withCode), Tuple.of(1, Arbitraries.just(new byte[0])))
                .map(p -> new Frame(0x88, null, p));
    }

    static byte[] closePayload(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return payload;
    }
}
