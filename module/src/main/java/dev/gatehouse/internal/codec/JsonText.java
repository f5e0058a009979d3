package dev.gatehouse.internal.codec;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * Writes JSON text straight into a {@link StringBuilder}: JSON-P values, and the small objects of
 * the protocol frames. The JSON-P writer allocates a generator and buffers per call, which showed as
 * the largest part of Gatehouse's own cost per handshake (the welcome) and per echoed frame.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private boolean first = true;

    private JsonText(StringBuilder out) {
        this.out = out;
    }

    /** Starts an object; add fields, then {@link #end()}. */
    public static JsonText object(int capacity) {
        StringBuilder out = new StringBuilder(capacity).append('{');
        return new JsonText(out);
    }

    /** A string field. */
    public JsonText field(String name, String value) {
        name(name);
        string(out, value);
        return this;
    }

    /** A number field. */
    public JsonText field(String name, long value) {
        name(name).append(value);
        return this;
    }

    /** A boolean field. */
    public JsonText field(String name, boolean value) {
        name(name).append(value);
        return this;
    }

    /** A field whose value is already JSON text. */
    public JsonText rawField(String name, String json) {
        name(name).append(json);
        return this;
    }

    /** Closes the object and returns its text. */
    public String end() {
        return out.append('}').toString();
    }

    private StringBuilder name(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        string(out, name);
        return out.append(':');
    }

    /**
     * Appends a JSON-P value as JSON text. A number is spelled so that a codec refusing numbers longer
     * than {@code maxNumberLength} takes it back whenever it took it in (see {@link NumberText}).
     */
    public static void append(StringBuilder out, JsonValue value, int maxNumberLength) {
        switch (value.getValueType()) {
            case OBJECT -> {
                out.append('{');
                boolean firstField = true;
                for (Map.Entry<String, JsonValue> e : ((JsonObject) value).entrySet()) {
                    if (!firstField) {
                        out.append(',');
                    }
                    firstField = false;
                    string(out, e.getKey());
                    out.append(':');
                    append(out, e.getValue(), maxNumberLength);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                boolean firstItem = true;
                for (JsonValue item : (JsonArray) value) {
                    if (!firstItem) {
                        out.append(',');
                    }
                    firstItem = false;
                    append(out, item, maxNumberLength);
                }
                out.append(']');
            }
            case STRING -> string(out, ((JsonString) value).getString());
            case NUMBER -> out.append(NumberText.of((JsonNumber) value, maxNumberLength));
            default -> out.append(value); // true, false, null: their toString is their JSON text
        }
    }

    /**
     * Appends a JSON string literal, escaping what JSON requires. An unpaired UTF-16 surrogate,
     * which has no UTF-8 encoding, is written as its {@code \\u} escape, so every frame can be sent.
     */
    public static void string(StringBuilder out, String s) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a pair: written as it is
                continue;
            }
            out.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> unicodeEscape(out, c);
            }
        }
        out.append(s, start, s.length()).append('"');
    }

    /**
     * JSON text from elsewhere (JSON-B) with every unpaired surrogate replaced by its escape. Such a
     * surrogate can only stand inside a string literal, where the escape means the same character.
     */
    public static String withEscapedSurrogates(String json) {
        StringBuilder out = null;
        int start = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                i++;
                continue;
            }
            out = out != null ? out : new StringBuilder(json.length() + 16);
            unicodeEscape(out.append(json, start, i), c);
            start = i + 1;
        }
        return out == null ? json : out.append(json, start, json.length()).toString();
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }
}
