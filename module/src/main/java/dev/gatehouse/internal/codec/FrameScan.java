package dev.gatehouse.internal.codec;

/**
 * One lexical pass over a frame's text before it is parsed. It refuses what the JSON parser would
 * choke on or what could not travel on as UTF-8 (nesting deeper than the limit, over-long numbers,
 * absurd exponents, unpaired UTF-16 surrogates, raw or {@code \}u-escaped), and it reads the
 * top-level {@code "id"} wherever it stands, so that even a refused frame is answered with
 * {@code reply_to}. It never throws and never allocates except for the id.
 */
final class FrameScan {
    /** Exponents beyond this many powers of ten are refused: no double, long or sane decimal needs them. */
    static final int MAX_EXPONENT = 1000;
    private static final int MAX_ID_LENGTH = 128;

    private final String text;
    private final int maxDepth;
    private final int maxNumberLength;
    private int pos;
    private int depth;
    /** The first limit the frame broke, or null. */
    private String problem;
    /** The top-level {@code "id"} when it is a valid id. */
    private String id;

    /**
     * The outcome of a scan.
     *
     * @param problem a client-safe description of the first limit broken, or null when none was
     * @param id the top-level id when one was readable, else null
     */
    record Result(String problem, String id) {
    }

    private FrameScan(String text, int maxDepth, int maxNumberLength) {
        this.text = text;
        this.maxDepth = maxDepth;
        this.maxNumberLength = maxNumberLength;
    }

    /** Scans {@code text}; a problem means the frame must be refused as {@code MALFORMED_MESSAGE}. */
    static Result scan(String text, int maxDepth, int maxNumberLength) {
        FrameScan scan = new FrameScan(text, maxDepth, maxNumberLength);
        scan.run();
        return new Result(scan.problem, scan.id);
    }

    private void run() {
        boolean objectAtTop = false;
        boolean expectKey = false; // inside the top-level object, the next string is a key
        String key = null;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                String s = string(objectAtTop && depth == 1);
                if (objectAtTop && depth == 1) {
                    if (expectKey) {
                        key = s;
                    } else if (id == null && "id".equals(key) && s != null && s.length() <= MAX_ID_LENGTH) {
                        id = s;
                    }
                    expectKey = false;
                }
                continue;
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                number();
                continue;
            }
            if (c == '{' || c == '[') {
                objectAtTop |= depth == 0 && c == '{';
                expectKey = depth == 0;
                if (++depth > maxDepth) {
                    fail("Frame nests deeper than " + maxDepth + " levels");
                }
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 1) {
                expectKey = true;
                key = null;
            }
            pos++;
        }
    }

    /**
     * Reads a string literal from its opening quote, checking that its UTF-16 surrogates pair up.
     * Returns the decoded text when {@code keep} is set and the string is well-formed and short
     * enough to be an id or a key; null otherwise.
     */
    private String string(boolean keep) {
        pos++; // the opening quote
        StringBuilder out = keep ? new StringBuilder(16) : null;
        boolean paired = true;
        char pendingHigh = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                paired &= pendingHigh == 0;
                if (!paired) {
                    unpaired();
                }
                return out == null || !paired ? null : out.toString();
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                c = e == 'u' ? hex4() : unescape(e);
            }
            boolean low = Character.isLowSurrogate(c);
            paired &= low == (pendingHigh != 0);
            pendingHigh = Character.isHighSurrogate(c) ? c : 0;
            if (out != null) {
                out = out.length() < MAX_ID_LENGTH + 1 ? out.append(c) : null; // too long for an id
            }
        }
        return null; // unterminated: the parser refuses the frame
    }

    private char hex4() {
        if (pos + 4 > text.length()) {
            pos = text.length();
            return 0;
        }
        int value = 0;
        for (int k = 0; k < 4; k++) {
            char c = text.charAt(pos++);
            int digit = c < 0x80 ? Character.digit(c, 16) : -1; // JSON's HEXDIG is ASCII only
            if (digit < 0) {
                return 0; // not an escape the parser accepts; it refuses the frame
            }
            value = value << 4 | digit;
        }
        return (char) value;
    }

    private static char unescape(char e) {
        return switch (e) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'f' -> '\f';
            default -> e; // '"', '\\', '/' and anything the parser will refuse
        };
    }

    private void number() {
        int start = pos;
        int exponentStart = -1;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == 'e' || c == 'E') {
                exponentStart = pos + 1;
            } else if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.') {
                break;
            }
            pos++;
        }
        if (pos - start > maxNumberLength) {
            fail("A number in the frame is longer than " + maxNumberLength + " characters");
        } else if (exponentStart >= 0 && exponentTooLarge(exponentStart, pos)) {
            fail("A number in the frame has an exponent beyond " + MAX_EXPONENT);
        }
    }

    private boolean exponentTooLarge(int from, int to) {
        long exponent = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                exponent = Math.min(exponent * 10 + (c - '0'), Integer.MAX_VALUE);
            }
        }
        return exponent > MAX_EXPONENT;
    }

    private void unpaired() {
        fail("Frame contains an unpaired UTF-16 surrogate, which has no UTF-8 encoding");
    }

    private void fail(String why) {
        if (problem == null) {
            problem = why;
        }
    }
}
