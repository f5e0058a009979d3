package dev.gatehouse.internal.codec;

import dev.gatehouse.spi.Envelope;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.regex.Pattern;

/**
 * Turns text frames into {@link Envelope}s and payloads into frames (PROTOCOL.md §2), and binds a
 * frame's data to its handler's payload class (§2.2). Decoding never throws: a frame that is not an
 * envelope is a {@link Decoded.Malformed}. Thread-safe.
 */
public final class EnvelopeCodec {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.:-]{0,63}");
    private static final int MAX_ID_LENGTH = 128;
    private static final String NOT_JSON = "Frame is not valid JSON";
    /**
     * The data of an envelope decoded from a frame without {@code data} (or with {@code "data": null}):
     * empty, and told apart from a client's own {@code {}} by identity, so that binding can require it.
     */
    private static final JsonObject NO_DATA = JsonProvider.provider().createObjectBuilder().build();

    private final JsonProvider json = JsonProvider.provider();
    private final Jsonb jsonb = JsonbBuilder.create();
    private final int maxDepth;
    private final int maxNumberLength;

    /**
     * A codec refusing frames that nest deeper than {@code maxDepth} levels (the envelope is level 1)
     * or hold a number longer than {@code maxNumberLength} characters
     * ({@code gatehouse.json.max-depth} and {@code gatehouse.json.max-number-length}).
     */
    public EnvelopeCodec(int maxDepth, int maxNumberLength) {
        this.maxDepth = maxDepth;
        this.maxNumberLength = maxNumberLength;
    }

    /** Whether a string is a valid message type. */
    public static boolean isValidType(String type) {
        return type != null && TYPE.matcher(type).matches();
    }

    /**
     * Decodes one text frame. Never throws: whatever the parser cannot take, including its own
     * failures, is a {@link Decoded.Malformed} carrying the frame's id when it could be read.
     */
    public Decoded decode(String text) {
        FrameScan.Result scan = FrameScan.scan(text, maxDepth, maxNumberLength);
        if (scan.problem() != null) {
            return new Decoded.Malformed(scan.problem(), scan.id());
        }
        JsonValue value;
        try (JsonParser parser = json.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                return new Decoded.Malformed(NOT_JSON, null);
            }
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) { // content after the value: not one JSON value
                return new Decoded.Malformed(NOT_JSON, scan.id());
            }
        } catch (RuntimeException e) { // JsonException, and the parser's own limits (plain RuntimeExceptions)
            return new Decoded.Malformed(NOT_JSON, scan.id());
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return new Decoded.Malformed("Frame is not a JSON object", null);
        }
        return decodeObject(value.asJsonObject());
    }

    /** A client frame's correlation id when it can be read, as {@link #decode} finds it, else null. Never throws. */
    public String idOf(String text) {
        Decoded decoded = decode(text);
        return decoded instanceof Decoded.Frame frame ? frame.envelope().id() : ((Decoded.Malformed) decoded).id();
    }

    private static Decoded decodeObject(JsonObject object) {
        JsonValue idValue = object.get("id");
        String id = idValue instanceof JsonString s && s.getString().length() <= MAX_ID_LENGTH ? s.getString() : null;
        if (idValue != null && idValue != JsonValue.NULL && id == null) {
            return new Decoded.Malformed("'id' must be a string of at most " + MAX_ID_LENGTH + " characters", null);
        }
        JsonValue typeValue = object.get("type");
        if (!(typeValue instanceof JsonString typeString) || !isValidType(typeString.getString())) {
            return new Decoded.Malformed("'type' must match [a-z][a-z0-9_.:-]{0,63}", id);
        }
        JsonValue data = object.get("data");
        if (data == null || data == JsonValue.NULL) {
            return new Decoded.Frame(new Envelope(typeString.getString(), NO_DATA, id));
        }
        if (data.getValueType() != JsonValue.ValueType.OBJECT) {
            return new Decoded.Malformed("'data' must be an object", id);
        }
        return new Decoded.Frame(new Envelope(typeString.getString(), data.asJsonObject(), id));
    }

    /**
     * Works out a handler's payload class's shape now, when the handler is registered, rather than
     * at its first frame.
     *
     * @param type the payload class
     */
    public void prepare(Class<?> type) {
        if (!JsonValue.class.isAssignableFrom(type)) {
            PayloadShape.of(type);
        }
    }

    /**
     * Binds a frame's data to its handler's payload class (PROTOCOL.md §2.2). A class that takes the
     * data as it comes ({@code JsonObject}, {@code JsonStructure}, {@code JsonValue}) gets it as is, and
     * {@code {}} for a frame without data; every other class needs data whose JSON types fit its
     * properties, checked before JSON-B binds it.
     *
     * @throws UnfitPayload when the frame has no data, or data whose JSON types do not fit the class
     * @throws JsonbException when JSON-B cannot bind what fits
     */
    public <T> T bind(Envelope envelope, Class<T> type) {
        JsonObject data = envelope.data();
        if (JsonValue.class.isAssignableFrom(type) && type.isAssignableFrom(JsonObject.class)) {
            return type.cast(data);
        }
        if (data == NO_DATA) {
            throw new UnfitPayload("'data' is required for type '" + envelope.type() + "'");
        }
        String problem = PayloadShape.of(type).problem(data);
        if (problem != null) {
            throw new UnfitPayload(problem);
        }
        return jsonb.fromJson(data.toString(), type);
    }

    /**
     * A frame's data that does not fit its handler's payload class; the message is client-safe: it
     * names the field, never a value from the frame. Without a stack trace: hostile frames make many.
     */
    public static final class UnfitPayload extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnfitPayload(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Encodes a server frame. The timestamp is seconds since the epoch with millisecond precision.
     *
     * @param type the message type
     * @param data the payload: a JSON-P value, or any object JSON-B can serialize; null for none
     * @param replyTo the correlation id being answered, or null
     * @param epochMillis the send time
     * @return the frame text
     * @throws JsonbException when JSON-B cannot serialize the data
     */
    public String encode(String type, Object data, String replyTo, long epochMillis) {
        StringBuilder out = start(type);
        if (data instanceof JsonValue value) {
            JsonText.append(out.append(",\"data\":"), value, maxNumberLength);
        } else if (data != null) {
            out.append(",\"data\":").append(JsonText.withEscapedSurrogates(jsonb.toJson(data)));
        }
        return finish(out, replyTo, epochMillis);
    }

    /** Encodes a frame whose data is JSON text already: the protocol's own frames. */
    String encodeJson(String type, String dataJson, String replyTo, long epochMillis) {
        return finish(start(type).append(",\"data\":").append(dataJson), replyTo, epochMillis);
    }

    private static StringBuilder start(String type) {
        StringBuilder out = new StringBuilder(128).append("{\"type\":");
        JsonText.string(out, type);
        return out;
    }

    /** Ends a frame begun as {@code {"type":...,"data":...}}: its {@code reply_to}, if any, and {@code timestamp}. */
    static String finish(StringBuilder out, String replyTo, long epochMillis) {
        if (replyTo != null) {
            JsonText.string(out.append(",\"reply_to\":"), replyTo);
        }
        out.append(",\"timestamp\":").append(epochMillis / 1000).append('.');
        long millis = epochMillis % 1000;
        if (millis < 100) {
            out.append(millis < 10 ? "00" : "0");
        }
        return out.append(millis).append('}').toString();
    }

}
