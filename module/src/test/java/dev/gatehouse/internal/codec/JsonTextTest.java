package dev.gatehouse.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.json.Json;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.CharBuffer;
import org.junit.jupiter.api.Test;

/** JSON text written by Gatehouse is always valid JSON and always encodable as UTF-8. */
class JsonTextTest {

    @Test
    void unpairedSurrogatesAreWrittenAsEscapesThatDecodeToTheSameText() throws Exception {
        for (String s : new String[] {"\ud800", "a\udc00b", "\udbff\ud800", "x\ud83d"}) {
            StringBuilder out = new StringBuilder();
            JsonText.string(out, s);
            assertEncodable(out.toString());
            assertEquals(s, Json.createReader(new StringReader("[" + out + "]")).readArray().getString(0));
        }
    }

    @Test
    void surrogatePairsAndOrdinaryTextAreWrittenAsTheyAre() {
        StringBuilder out = new StringBuilder();
        JsonText.string(out, "h\u00e9llo \ud83d\ude00 \"q\" \\ \n\u0001");
        assertEquals("\"h\u00e9llo \ud83d\ude00 \\\"q\\\" \\\\ \\n\\u0001\"", out.toString());
    }

    @Test
    void foreignJsonWithUnpairedSurrogatesGetsThemEscaped() throws Exception {
        String escaped = JsonText.withEscapedSurrogates("{\"t\":\"a\ud800b\",\"p\":\"\ud83d\ude00\"}");
        assertEquals("{\"t\":\"a\\ud800b\",\"p\":\"\ud83d\ude00\"}", escaped);
        assertEncodable(escaped);
    }

    @Test
    void foreignJsonWithoutUnpairedSurrogatesIsReturnedAsItIs() {
        String json = "{\"p\":\"\ud83d\ude00\"}";
        assertSame(json, JsonText.withEscapedSurrogates(json));
    }

    @Test
    void encodedFramesCarryEscapedSurrogatesFromJsonbAndJsonP() throws Exception {
        EnvelopeCodec codec = new EnvelopeCodec(32, 64);
        assertEncodable(codec.encode("t", java.util.Map.of("text", "\ud800"), "\udc00", 0));
        assertEncodable(codec.encode("t", Json.createObjectBuilder().add("text", "\ud800").build(), null, 0));
    }

    private static void assertEncodable(String text) throws Exception {
        StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text)); // throws on an unpaired surrogate
    }
}
