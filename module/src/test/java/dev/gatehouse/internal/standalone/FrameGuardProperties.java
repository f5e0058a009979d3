package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatehouse.internal.standalone.ClientTraffic.Frame;
import dev.gatehouse.internal.standalone.ClientTraffic.Stream;
import dev.gatehouse.internal.standalone.Defects.Defect;
import dev.gatehouse.internal.standalone.Defects.Kind;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link FrameGuard} against any bytes a client can send (RFC 6455 §5, PROTOCOL.md §5): it never
 * throws, it reaches the same verdict however the bytes are split into reads, it lets well-formed
 * traffic through, and it answers each kind of defect with its own violation.
 */
class FrameGuardProperties {
    private static final int LIMIT = 1000;

    /**
     * How the bytes arrive: read sizes, used in turn, and where the bytes stand in the buffer.
     *
     * @param sizes the sizes of the reads, repeated until the bytes are used up
     * @param offset the index of the first byte in the buffer the guard reads
     */
    record Reads(List<Integer> sizes, int offset) {
    }

    /** What the guard made of a stream: its violation, and whether it saw a close frame. */
    record Verdict(FrameGuard.Violation violation, boolean closeSeen) {
    }

    @Property
    void arbitraryBytesNeverThrowAndTheVerdictIgnoresReadBoundaries(@ForAll("noise") byte[] bytes, @ForAll("reads") Reads reads) {
        assertEquals(feed(bytes, LIMIT, oneRead(bytes)), feed(bytes, LIMIT, reads));
    }

    @Property
    void frameShapedNoiseNeverThrowsAndTheVerdictIgnoresReadBoundaries(@ForAll("frameNoise") List<Frame> frames,
            @ForAll("reads") Reads reads) {
        byte[] bytes = new Stream(LIMIT, frames).bytes();
        assertEquals(feed(bytes, LIMIT, oneRead(bytes)), feed(bytes, LIMIT, reads));
    }

    @Property
    void wellFormedTrafficGetsNoViolationWhateverTheReadBoundaries(@ForAll("wellFormed") Stream traffic,
            @ForAll("reads") Reads reads) {
        byte[] bytes = traffic.bytes();
        Verdict verdict = feed(bytes, traffic.limit(), reads);
        assertNull(verdict.violation(), traffic::toString);
        assertEquals(traffic.hasClose(), verdict.closeSeen());
        assertEquals(verdict, feed(bytes, traffic.limit(), oneRead(bytes)));
    }

    @Property
    void oneDefectGetsExactlyItsViolationWhateverTheReadBoundaries(@ForAll("wellFormed") Stream traffic,
            @ForAll("defects") Defect defect, @ForAll("reads") Reads reads) {
        Defects.Spoilt spoilt = Defects.inject(traffic, defect);
        byte[] bytes = spoilt.stream().bytes();
        assertEquals(spoilt.expected(), feed(bytes, traffic.limit(), reads).violation(), () -> spoilt.stream().toString());
        assertEquals(spoilt.expected(), feed(bytes, traffic.limit(), oneRead(bytes)).violation());
    }

    /** Feeds all of {@code bytes}, placed at {@code reads.offset()} in a larger buffer, in reads of the given sizes. */
    static Verdict feed(byte[] bytes, long limit, Reads reads) {
        byte[] buffer = new byte[reads.offset() + bytes.length + 3];
        System.arraycopy(bytes, 0, buffer, reads.offset(), bytes.length);
        FrameGuard guard = new FrameGuard(limit);
        int from = reads.offset();
        int end = reads.offset() + bytes.length;
        for (int r = 0; from < end; r++) {
            int to = Math.min(end, from + reads.sizes().get(r % reads.sizes().size()));
            guard.accept(i -> buffer[i], from, to);
            from = to;
        }
        return new Verdict(guard.violation(), guard.closeSeen());
    }

    static Reads oneRead(byte[] bytes) {
        return new Reads(List.of(Math.max(1, bytes.length)), 0);
    }

    @Provide
    Arbitrary<Reads> reads() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(1, 16)),
                Tuple.of(1, Arbitraries.integers().between(17, 5000)));
        return Combinators.combine(size.list().ofMinSize(1).ofMaxSize(6), Arbitraries.integers().between(0, 20)).as(Reads::new);
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
    }

    /** Frames with any first byte, masked or not, of any size up to a little over the limit. */
    @Provide
    Arbitrary<List<Frame>> frameNoise() {
        Arbitrary<Frame> frame = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.oneOf(ClientTraffic.masks(), Arbitraries.<byte[]>just(null)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(LIMIT + 200)).as(Frame::new);
        return frame.list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<Stream> wellFormed() {
        return ClientTraffic.wellFormed();
    }

    @Provide
    Arbitrary<Defect> defects() {
        Arbitrary<Integer> free = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Combinators.combine(Arbitraries.of(Kind.class), free, free, free, ClientTraffic.masks()).as(Defect::new);
    }
}
