package dev.gatehouse.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.Envelope;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link EnvelopeCodec#bind}: what fits a payload class binds as JSON-B binds it; what does not is refused naming the field (PROTOCOL.md §2.2). */
class PayloadBindingTest {
    private final EnvelopeCodec codec = new EnvelopeCodec(32, 64);

    /** The payload. */
    public record Join(String room) {
    }

    /** Every kind of property. */
    public record Everything(String s, int i, long l, double d, boolean b, Kind kind, List<String> tags, Inner inner,
            Integer boxed, char c, Optional<String> note, Instant at, Map<String, Integer> scores, int[] grid, List<Inner> inners) {
    }

    /** A nested record, renamed. */
    public record Inner(@JsonbProperty("nick_name") String nickName, short n) {
    }

    /** An enum. */
    public enum Kind { SMALL, LARGE }

    /** A bean: a public field, a private field with a setter, a renamed setter, a transient field. */
    public static class Bean {
        public String name;
        private int count;
        private String label;
        @JsonbTransient
        public String secret;
        public final String fixed = "fixed";

        public void setCount(int count) {
            this.count = count;
        }

        @JsonbProperty("the_label")
        public void setLabel(String label) {
            this.label = label;
        }
    }

    /** A tree: a class that contains itself. */
    public record Node(String name, List<Node> children) {
    }

    /** A property read by the application's own deserializer: anything goes to it. */
    public record Custom(@JsonbTypeDeserializer(Lenient.class) String anything, String strict) {
    }

    /** Reads any JSON value as its text. */
    public static final class Lenient implements JsonbDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            return parser.getValue().toString();
        }
    }

    @Test
    void anArrayForAStringIsMalformedNotItsLastElement() {
        assertUnfit("'data.room' must be a string", "{\"room\":[\"not\",\"a\",\"string\"]}", Join.class);
    }

    @Test
    void aNumberForAStringIsMalformedNotItsText() {
        assertUnfit("'data.room' must be a string", "{\"room\":5}", Join.class);
    }

    @Test
    void aStringForAStringBinds() {
        assertEquals(new Join("lobby"), bind("{\"room\":\"lobby\"}", Join.class));
    }

    @Test
    void aFrameWithoutDataForAPayloadClassIsMalformedNamingTheType() {
        assertUnfit("'data' is required for type 'chat.join'", frame("{\"type\":\"chat.join\"}"), Join.class);
        assertUnfit("'data' is required for type 'chat.join'", frame("{\"type\":\"chat.join\",\"data\":null}"), Join.class);
    }

    @Test
    void anEmptyDataObjectIsData() {
        assertEquals(new Join(null), bind("{}", Join.class));
    }

    @ParameterizedTest
    @ValueSource(classes = {JsonObject.class, JsonStructure.class, JsonValue.class})
    void aHandlerTakingDataAsItComesGetsAnEmptyObjectForAFrameWithoutData(Class<?> type) {
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, codec.bind(frame("{\"type\":\"ping.app\"}"), type));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"i\":1.5}                         | 'data.i' must be an integer from -2147483648 to 2147483647",
        "{\"i\":3000000000}                  | 'data.i' must be an integer from -2147483648 to 2147483647",
        "{\"i\":\"5\"}                       | 'data.i' must be an integer from -2147483648 to 2147483647",
        "{\"i\":null}                        | 'data.i' must be an integer from -2147483648 to 2147483647",
        "{\"l\":1e19}                        | 'data.l' must be an integer from -9223372036854775808 to 9223372036854775807",
        "{\"d\":1e400}                       | 'data.d' must be a number within the range of a double",
        "{\"d\":\"1.5\"}                     | 'data.d' must be a number within the range of a double",
        "{\"b\":\"true\"}                    | 'data.b' must be true or false",
        "{\"b\":1}                           | 'data.b' must be true or false",
        "{\"kind\":\"MEDIUM\"}               | 'data.kind' must be one of SMALL, LARGE",
        "{\"kind\":0}                        | 'data.kind' must be one of SMALL, LARGE",
        "{\"tags\":\"x\"}                    | 'data.tags' must be an array",
        "{\"tags\":[\"a\",2]}                | 'data.tags[1]' must be a string",
        "{\"inner\":[]}                      | 'data.inner' must be an object",
        "{\"inner\":{\"nick_name\":7}}       | 'data.inner.nick_name' must be a string",
        "{\"inner\":{\"n\":40000}}           | 'data.inner.n' must be an integer from -32768 to 32767",
        "{\"boxed\":true}                    | 'data.boxed' must be an integer from -2147483648 to 2147483647",
        "{\"c\":\"ab\"}                      | 'data.c' must be a string of one character",
        "{\"note\":5}                        | 'data.note' must be a string",
        "{\"at\":1000}                       | 'data.at' must be a string",
        "{\"scores\":[]}                     | 'data.scores' must be an object",
        "{\"scores\":{\"alice\":\"x\"}}      | 'data.scores.alice' must be an integer from -2147483648 to 2147483647",
        "{\"scores\":{\"a b\":\"x\"}}        | 'data.scores.*' must be an integer from -2147483648 to 2147483647",
        "{\"grid\":[1,null]}                 | 'data.grid[1]' must be an integer from -2147483648 to 2147483647",
        "{\"inners\":[{},{\"n\":1.5}]}       | 'data.inners[1].n' must be an integer from -32768 to 32767",
    })
    void aValueOfTheWrongJsonTypeIsRefusedNamingItsPath(String data, String message) {
        assertUnfit(message, data, Everything.class);
    }

    @Test
    void valuesThatFitBindAsJsonbBindsThem() {
        Everything e = bind("{\"s\":\"x\",\"i\":1.0,\"l\":1e2,\"d\":2,\"b\":true,\"kind\":\"LARGE\",\"tags\":[\"a\",null],"
                + "\"inner\":{\"nick_name\":\"bo\",\"n\":-3},\"boxed\":null,\"c\":\"z\",\"note\":\"n\",\"at\":\"2026-01-01T00:00:00Z\","
                + "\"scores\":{\"alice\":3},\"grid\":[1,2],\"inners\":[],\"unknown\":[1,{\"deep\":true}]}", Everything.class);
        assertEquals("x", e.s());
        assertEquals(1, e.i());
        assertEquals(100L, e.l());
        assertEquals(2.0, e.d());
        assertTrue(e.b());
        assertEquals(Kind.LARGE, e.kind());
        assertEquals(java.util.Arrays.asList("a", null), e.tags());
        assertEquals(new Inner("bo", (short) -3), e.inner());
        assertEquals('z', e.c());
        assertEquals(Optional.of("n"), e.note());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), e.at());
        assertEquals(Map.of("alice", 3), e.scores());
    }

    @Test
    void unknownPropertiesAreIgnoredWhateverTheirJsonType() {
        assertEquals(new Join("r"), bind("{\"room\":\"r\",\"Room\":5,\"extra\":[1,{}],\"nested\":{\"x\":null}}", Join.class));
    }

    @Test
    void aNameJsonbRenamesIsCheckedByItsJsonNameOnly() {
        assertEquals(new Inner(null, (short) 0), bind("{\"nickName\":5}", Inner.class), "the Java name is unknown to JSON-B");
        assertUnfit("'data.nick_name' must be a string", "{\"nick_name\":5}", Inner.class);
    }

    @Test
    void aBeanIsCheckedByItsWritableProperties() {
        Bean bean = bind("{\"name\":\"n\",\"count\":2,\"the_label\":\"l\",\"secret\":5,\"fixed\":5,\"label\":5}", Bean.class);
        assertEquals("n", bean.name);
        assertEquals(2, bean.count);
        assertEquals("l", bean.label);
        assertEquals(null, bean.secret);
        assertUnfit("'data.count' must be an integer from -2147483648 to 2147483647", "{\"count\":\"2\"}", Bean.class);
        assertUnfit("'data.the_label' must be a string", "{\"the_label\":false}", Bean.class);
        assertUnfit("'data.name' must be a string", "{\"name\":{}}", Bean.class);
    }

    @Test
    void aClassThatContainsItselfIsCheckedAtEveryLevel() {
        assertEquals(new Node("a", List.of(new Node("b", List.of()))), bind("{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[]}]}", Node.class));
        assertUnfit("'data.children[0].children[0].name' must be a string",
                "{\"children\":[{\"children\":[{\"name\":1}]}]}", Node.class);
    }

    @Test
    void aPropertyWithItsOwnDeserializerTakesAnyJson() {
        assertEquals(new Custom("[1,2]", "s"), bind("{\"anything\":[1,2],\"strict\":\"s\"}", Custom.class));
        assertUnfit("'data.strict' must be a string", "{\"anything\":1,\"strict\":1}", Custom.class);
    }

    @Test
    void theMessageNeverCarriesAValueFromTheFrame() {
        String message = assertThrows(EnvelopeCodec.UnfitPayload.class,
                () -> bind("{\"room\":[\"<script>secret</script>\"]}", Join.class)).getMessage();
        assertFalse(message.contains("secret"), message);
    }

    private <T> T bind(String data, Class<T> type) {
        return codec.bind(frame("{\"type\":\"t\",\"data\":" + data + "}"), type);
    }

    private void assertUnfit(String message, String data, Class<?> type) {
        assertUnfit(message, frame("{\"type\":\"t\",\"data\":" + data + "}"), type);
    }

    private void assertUnfit(String message, Envelope envelope, Class<?> type) {
        assertEquals(message, assertThrows(EnvelopeCodec.UnfitPayload.class, () -> codec.bind(envelope, type)).getMessage());
    }

    private Envelope frame(String text) {
        return ((Decoded.Frame) codec.decode(text)).envelope();
    }
}
