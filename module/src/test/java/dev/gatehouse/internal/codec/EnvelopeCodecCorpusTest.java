package dev.gatehouse.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.gatehouse.spi.Envelope;
import dev.gatehouse.testkit.FuzzCorpus;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every frame of {@code fuzz-corpus/codec/} gets its documented answer (PROTOCOL.md §2). */
class EnvelopeCodecCorpusTest {

    @TestFactory
    Stream<DynamicTest> everyCorpusFrameGetsItsDocumentedAnswer() {
        return FuzzCorpus.entries("codec").stream().map(e -> dynamicTest(e.name(), () -> replay(e)));
    }

    private static void replay(FuzzCorpus.Entry e) throws Exception {
        EnvelopeCodec codec = new EnvelopeCodec(Integer.parseInt(e.option("depth").orElse("32")),
                Integer.parseInt(e.option("numbers").orElse("64")));
        Decoded decoded = codec.decode(e.line());
        String id = e.option("id").orElse(null);
        if (e.expected().equals("malformed")) {
            assertEquals(id, assertInstanceOf(Decoded.Malformed.class, decoded).id());
            return;
        }
        assertEquals("frame", e.expected());
        Envelope in = assertInstanceOf(Decoded.Frame.class, decoded).envelope();
        assertEquals(id, in.id());
        String sent = codec.encode(in.type(), in.data(), in.id(), 1_763_805_600_123L);
        StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(sent));
        String again = sent.substring(0, sent.indexOf(",\"reply_to\":") > 0 ? sent.indexOf(",\"reply_to\":")
                : sent.indexOf(",\"timestamp\":")) + "}"; // what is the server's own is not the client's data
        assertEquals(in.data(), assertInstanceOf(Decoded.Frame.class, codec.decode(again), again).envelope().data());
    }
}
