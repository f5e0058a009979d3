package dev.gatehouse.internal.text;

/** UTF-8 lengths without encoding the string. */
public final class Utf8 {
    private Utf8() {
    }

    /** Whether the UTF-8 encoding of {@code s} is longer than {@code limit} bytes. */
    public static boolean exceeds(CharSequence s, int limit) {
        int length = s.length();
        if (length > limit) {
            return true;
        }
        if ((long) length * 3 <= limit) {
            return false;
        }
        return length(s) > limit;
    }

    /** The length of the UTF-8 encoding of {@code s}: a surrogate pair is 4 bytes. */
    public static long length(CharSequence s) {
        int length = s.length();
        long bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
