package dev.gatehouse.internal.handshake.jwt;

import io.jsonwebtoken.io.DeserializationException;
import io.jsonwebtoken.io.Deserializer;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jjwt's JSON {@link Deserializer} on JSON-P's streaming parser, which the module needs anyway for
 * frames: it builds the plain values jjwt's Gson deserializer builds (Map, List, String, Boolean,
 * null; a whole number that fits in a long as Long, any other number as Double), without Gson's
 * reflection-driven type adapters. jjwt still reads every header and claim from these values.
 *
 * <p>Stricter than Gson where the input is hostile: nesting deeper than {@value #MAX_DEPTH} (Gson's
 * own limit), a name given twice in one object (RFC 7519 section 4 allows refusing it, and two
 * parsers picking different values is how a claim gets smuggled), a number too large for a double
 * and anything after the top-level value are refused. A refusal is a {@link DeserializationException},
 * which jjwt reports as a malformed token. Thread-safe and stateless; public only for the bench.
 */
public final class JsonpDeserializer implements Deserializer<Map<String, ?>> {
    /** The deepest nesting accepted, the top-level object being level 1; Gson's default limit. */
    static final int MAX_DEPTH = 255;
    /** A whole number of at most this many digits certainly fits in a long. */
    private static final int LONG_DIGITS = 18;

    private final JsonParserFactory parsers = JsonProvider.provider().createParserFactory(Map.of());

    /** @deprecated as in jjwt, which reads through {@link #deserialize(Reader)}. */
    @Deprecated
    @Override
    public Map<String, ?> deserialize(byte[] bytes) {
        return parse(parsers.createParser(new ByteArrayInputStream(bytes == null ? new byte[0] : bytes), StandardCharsets.UTF_8));
    }

    @Override
    public Map<String, ?> deserialize(Reader reader) {
        return parse(parsers.createParser(reader));
    }

    private static Map<String, ?> parse(JsonParser opened) {
        try (JsonParser parser = opened) {
            return document(parser);
        } catch (DeserializationException e) {
            throw e;
        } catch (RuntimeException e) { // JSON-P's JsonException, or its refusal of an over-long number
            throw refused(e.getMessage(), e);
        }
    }

    private static Map<String, Object> document(JsonParser parser) {
        if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
            throw refused("not a JSON object", null);
        }
        Map<String, Object> result = object(parser, 1);
        if (parser.hasNext()) {
            throw refused("content after the JSON object", null);
        }
        return result;
    }

    private static Map<String, Object> object(JsonParser parser, int depth) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
            String name = parser.getString(); // the parser yields only KEY_NAME here
            int before = result.size();
            result.put(name, value(parser, parser.next(), depth));
            if (result.size() == before) {
                throw refused("duplicate name in a JSON object", null);
            }
        }
        return result;
    }

    private static List<Object> array(JsonParser parser, int depth) {
        List<Object> result = new ArrayList<>();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_ARRAY; event = parser.next()) {
            result.add(value(parser, event, depth));
        }
        return result;
    }

    private static Object value(JsonParser parser, JsonParser.Event event, int depth) {
        return switch (event) {
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER -> number(parser);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> object(parser, deeper(depth));
            case START_ARRAY -> array(parser, deeper(depth));
            default -> throw refused("unexpected " + event, null);
        };
    }

    /** As Gson's {@code LONG_OR_DOUBLE}: Long when whole and in range, else a finite Double. */
    private static Number number(JsonParser parser) {
        String text = parser.getString();
        if (parser.isIntegralNumber()) {
            if (text.length() <= LONG_DIGITS) {
                return parser.getLong();
            }
            BigDecimal whole = parser.getBigDecimal();
            if (whole.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0 && whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return whole.longValueExact();
            }
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw refused("number out of range", null);
        }
        return value;
    }

    private static int deeper(int depth) {
        if (depth >= MAX_DEPTH) {
            throw refused("JSON nested deeper than " + MAX_DEPTH + " levels", null);
        }
        return depth + 1;
    }

    private static DeserializationException refused(String reason, Throwable cause) {
        return new DeserializationException("Unable to deserialize: " + reason, cause);
    }
}
