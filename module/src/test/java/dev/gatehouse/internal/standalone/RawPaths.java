package dev.gatehouse.internal.standalone;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Request paths as clients spell them (PROTOCOL.md §1.4): the reference reading of a raw path
 * (RFC 3986 percent-decoding, segment by segment, of ASCII hex digits only, {@code ;} parameters
 * dropped), the spellings of a path, and the hostile changes to a spelling.
 */
final class RawPaths {

    private RawPaths() {
    }

    /** The path as PROTOCOL.md §1.4 reads it, or null when it does not decode. */
    static String decode(String raw) {
        if (!raw.startsWith("/")) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : raw.substring(1).split("/", -1)) {
            int params = segment.indexOf(';');
            String s = decodeSegment(params < 0 ? segment : segment.substring(0, params));
            if (s == null || s.contains("/")) {
                return null;
            }
            out.append('/').append(s);
        }
        return out.toString();
    }

    private static String decodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length() || hex(segment.charAt(i + 1)) < 0 || hex(segment.charAt(i + 2)) < 0) {
                    return null;
                }
                run.write(hex(segment.charAt(i + 1)) << 4 | hex(segment.charAt(i + 2)));
                i += 2;
                continue;
            }
            if (!flush(run, out)) {
                return null;
            }
            out.append(c);
        }
        return flush(run, out) ? out.toString() : null;
    }

    private static boolean flush(ByteArrayOutputStream run, StringBuilder out) {
        try {
            out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(run.toByteArray())));
            run.reset();
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** Each segment percent-encoded, every character but letters, digits and {@code -._~}. */
    static String encode(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.substring(1).split("/", -1)) {
            out.append('/');
            for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0);
                out.append(plain ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /**
     * A spelling of a path: each character as it is or percent-encoded (either case of hex), and
     * {@code ;} parameters after any segment.
     *
     * @param encode which characters are percent-encoded, by position
     * @param lowerHex which encodings use lower-case hex
     * @param params the parameters after each segment, by position (empty: none)
     */
    record Spelling(List<Boolean> encode, List<Boolean> lowerHex, List<String> params) {
        String of(String path) {
            StringBuilder out = new StringBuilder();
            int k = 0;
            String[] segments = path.substring(1).split("/", -1);
            for (int s = 0; s < segments.length; s++) {
                out.append('/');
                for (char c : segments[s].toCharArray()) {
                    boolean pct = encode.get(k % encode.size());
                    String hex = String.format("%%%02X", (int) c);
                    out.append(!pct ? String.valueOf(c) : lowerHex.get(k % lowerHex.size()) ? hex.toLowerCase() : hex);
                    k++;
                }
                out.append(params.get(s % params.size()));
            }
            return out.toString();
        }
    }

    /** One hostile change to a spelling of a path. */
    enum Mutation {
        UPPER_CASE, DROP, SLASH_BEFORE, SLASH_AFTER, DOUBLE_SLASH, ENCODED_SLASH, ENCODED_PERCENT, ENCODED_SEMICOLON, DOT_SEGMENT,
        LOOKALIKE_HEX_DIGIT, OVERLONG_UTF8, TRUNCATED_ESCAPE, NON_ASCII, NUL;

        String apply(String path, int at) {
            int i = 1 + at % Math.max(1, path.length() - 1);
            String head = path.substring(0, Math.min(i, path.length()));
            String tail = path.substring(Math.min(i, path.length()));
            return switch (this) {
                case UPPER_CASE -> path.toUpperCase();
                case DROP -> head.substring(0, head.length() - 1) + tail;
                case SLASH_BEFORE -> "/" + path;
                case SLASH_AFTER -> path + "/";
                case DOUBLE_SLASH -> head + "/" + tail;
                case ENCODED_SLASH -> head + (at % 2 == 0 ? "%2F" : "%2f") + tail;
                case ENCODED_PERCENT -> path.replace("%", "%25");
                case ENCODED_SEMICOLON -> head + "%3B" + tail;
                case DOT_SEGMENT -> head + (at % 2 == 0 ? "/./" : "/../") + tail;
                case LOOKALIKE_HEX_DIGIT -> lookalike(path, at);
                case OVERLONG_UTF8 -> head + "%C1%B7" + tail; // 'w' in two bytes
                case TRUNCATED_ESCAPE -> path.contains("%")
                        ? path.substring(0, Math.min(path.length(), path.lastIndexOf('%') + 2)) : path + "%7";
                case NON_ASCII -> head + "\u00e9" + tail;
                case NUL -> head + "%00" + tail;
            };
        }

        /**
         * A hex digit of a percent escape (a new one at the end if the path has none) replaced by a
         * character of the same value that is not an ASCII hex digit: an Arabic-Indic, Devanagari or
         * fullwidth digit, or a fullwidth letter. Not a percent-encoding (RFC 3986: HEXDIG is ASCII).
         */
        private static String lookalike(String path, int at) {
            int pct = path.indexOf('%');
            while (pct >= 0 && !(pct + 2 < path.length() && isHex(path.charAt(pct + 1)) && isHex(path.charAt(pct + 2)))) {
                pct = path.indexOf('%', pct + 1);
            }
            String p = pct >= 0 ? path : path + "%77";
            int digit = (pct >= 0 ? pct : path.length()) + 1 + at % 2;
            int value = Character.digit(p.charAt(digit), 16);
            char[] same = value < 10 ? new char[] {(char) ('\u0660' + value), (char) ('\u06f0' + value), (char) ('\u0966' + value),
                (char) ('\uff10' + value)} : new char[] {(char) ('\uff21' + value - 10), (char) ('\uff41' + value - 10)};
            return p.substring(0, digit) + same[at / 2 % same.length] + p.substring(digit + 1);
        }

        private static boolean isHex(char c) {
            return hex(c) >= 0;
        }
    }
}
