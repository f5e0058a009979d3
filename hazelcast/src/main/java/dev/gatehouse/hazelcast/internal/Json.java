package dev.gatehouse.hazelcast.internal;

/** A JSON object of string fields, for the presence map's queryable values. Stateless. */
final class Json {
    private Json() {
    }

    /** {@code {"k1":"v1",…}} from alternating names and values. */
    static String object(String... namesAndValues) {
        StringBuilder b = new StringBuilder(64).append('{');
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            string(b, namesAndValues[i]).append(':');
            string(b, namesAndValues[i + 1]);
        }
        return b.append('}').toString();
    }

    private static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
