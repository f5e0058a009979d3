package dev.gatehouse.bench.jmh;

import dev.gatehouse.internal.codec.Decoded;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import jakarta.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The envelope codec on a 100-byte frame: decode, encode, and the echo round trip. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBench {
    static final String FRAME = "{\"type\":\"echo\",\"id\":\"12345\",\"data\":{\"text\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}}";

    private final EnvelopeCodec codec = new EnvelopeCodec(32, 64);
    private final JsonObject data = ((Decoded.Frame) codec.decode(FRAME)).envelope().data();

    @Benchmark
    public Decoded decode() {
        return codec.decode(FRAME);
    }

    @Benchmark
    public String encode() {
        return codec.encode("echo", data, "12345", 1_763_805_600_123L);
    }

    @Benchmark
    public String echoRoundTrip() {
        Decoded.Frame f = (Decoded.Frame) codec.decode(FRAME);
        return codec.encode(f.envelope().type(), f.envelope().data(), f.envelope().id(), 1_763_805_600_123L);
    }
}
