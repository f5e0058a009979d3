package dev.gatehouse.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever text Gatehouse writes can be sent as UTF-8 and means what it was given (PROTOCOL.md §2:
 * text the server sends never holds an unpaired surrogate unescaped).
 */
class JsonTextProperties {
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Property
    void stringLiteralIsEncodableAndParsesBackToTheString(@ForAll("text") String s) throws CharacterCodingException {
        StringBuilder out = new StringBuilder();
        JsonText.string(out, s);
        assertEncodable(out.toString());
        assertEquals(s, Json.createReader(new StringReader("[" + out + "]")).readArray().getString(0));
    }

    @Property
    void jsonPTextWithSurrogatesEscapedIsEncodableAndParsesToTheSameValue(@ForAll("texts") List<String> strings)
            throws CharacterCodingException {
        JsonArrayBuilder array = Json.createArrayBuilder();
        strings.forEach(s -> array.add(Json.createObjectBuilder().add(s, s)));
        JsonValue value = array.build();
        StringWriter written = new StringWriter();
        Json.createWriter(written).write(value);
        String escaped = JsonText.withEscapedSurrogates(written.toString());
        assertEncodable(escaped);
        assertEquals(value, Json.createReader(new StringReader(escaped)).readValue());
    }

    @Property
    void jsonBTextWithSurrogatesEscapedIsEncodableAndParsesToTheSameValue(@ForAll("text") String key, @ForAll("text") String s)
            throws CharacterCodingException {
        String escaped = JsonText.withEscapedSurrogates(JSONB.toJson(Map.of(key, List.of(s))));
        assertEncodable(escaped);
        assertEquals(Json.createObjectBuilder().add(key, Json.createArrayBuilder().add(s)).build(),
                Json.createReader(new StringReader(escaped)).readObject());
    }

    @Property
    void escapingSurrogatesTwiceChangesNothing(@ForAll("text") String s) {
        String once = JsonText.withEscapedSurrogates(s);
        assertEquals(once, JsonText.withEscapedSurrogates(once));
    }

    @Provide
    Arbitrary<List<String>> texts() {
        return text().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<Character> surrogate = Arbitraries.chars().range('\ud800', '\udfff');
        Arbitrary<Character> any = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.chars().all()), Tuple.of(1, surrogate),
                Tuple.of(1, Arbitraries.of('"', '\\', '\u0000', '\u001f', 'a')));
        return any.list().ofMaxSize(30).map(cs -> {
            StringBuilder b = new StringBuilder();
            cs.forEach(b::append);
            return b.toString();
        });
    }

    private static void assertEncodable(String text) throws CharacterCodingException {
        StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
    }
}
