package dev.gatehouse.internal.codec;

import jakarta.json.JsonNumber;
import java.math.BigDecimal;

/**
 * How a number is spelled in a frame Gatehouse sends. {@link BigDecimal}'s own spelling moves the
 * decimal point next to the first digit and so can be longer, or carry a larger exponent, than the
 * spelling that came in: {@code 0.0e-1000} becomes {@code 0E-1001} and {@code 123456e998} becomes
 * {@code 1.23456E+1003}, which the codec refuses (PROTOCOL.md §2). Where that happens the number is
 * written in its shortest spelling with an exponent within ±{@value FrameScan#MAX_EXPONENT}, which is
 * never longer than any spelling of the same value and scale that the codec accepts.
 */
final class NumberText {
    private NumberText() {
    }

    /** The number as {@link JsonNumber#toString()} writes it, unless the codec's limits would refuse that. */
    static String of(JsonNumber number, int maxLength) {
        String text = number.toString();
        if (text.length() <= maxLength && exponent(text) <= FrameScan.MAX_EXPONENT) {
            return text;
        }
        String shortest = shortest(number.bigDecimalValue(), maxLength);
        return shortest != null ? shortest : text; // no spelling fits: a number the application made, not a client
    }

    /**
     * The shortest spelling of {@code value} (same digits, same scale) whose exponent is within the
     * limit, or null when none has at most {@code maxLength} characters. A spelling is fixed by
     * {@code k}, the number of digits of the unscaled value before the point ({@code k <= 0}: "0." and
     * {@code -k} zeros before them); the shortest is one of five: every digit before the point; the
     * point where no exponent is needed, or as near to it as it can stand among the digits; "0." before
     * the digits; or after "0." as many zeros as make the exponent 0, or bring it to the limit.
     */
    static String shortest(BigDecimal value, int maxLength) {
        String digits = value.unscaledValue().abs().toString();
        int p = digits.length();
        long x0 = (long) p - value.scale(); // the exponent when the point stands before the first digit
        long best = Long.MIN_VALUE;
        long bestLength = Long.MAX_VALUE;
        int sign = value.signum() < 0 ? 1 : 0;
        long[] candidates = {p, Math.max(1, Math.min(p - 1, x0)), 0, Math.min(0, x0),
            Math.min(0, x0 + FrameScan.MAX_EXPONENT)};
        for (long k : candidates) {
            long exponent = x0 - k;
            long length = sign + (k >= 1 ? p + (k < p ? 1 : 0) : 2 - k + p) + exponentLength(exponent);
            if (Math.abs(exponent) <= FrameScan.MAX_EXPONENT && length <= maxLength && length < bestLength) {
                best = k;
                bestLength = length;
            }
        }
        return bestLength == Long.MAX_VALUE ? null : spell(value.signum() < 0, digits, (int) best, x0 - best);
    }

    private static String spell(boolean negative, String digits, int k, long exponent) {
        StringBuilder out = new StringBuilder(digits.length() + 8).append(negative ? "-" : "");
        if (k >= digits.length()) {
            out.append(digits);
        } else if (k >= 1) {
            out.append(digits, 0, k).append('.').append(digits, k, digits.length());
        } else {
            out.append("0.").append("0".repeat(-k)).append(digits);
        }
        return exponent == 0 ? out.toString() : out.append('e').append(exponent).toString();
    }

    private static long exponentLength(long exponent) {
        return exponent == 0 ? 0 : 1 + Long.toString(exponent).length();
    }

    /** The absolute value of the exponent written in a number's text, 0 when there is none. */
    private static long exponent(String text) {
        int e = Math.max(text.indexOf('E'), text.indexOf('e'));
        if (e < 0) {
            return 0;
        }
        long value = 0;
        for (int i = e + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                value = Math.min(value * 10 + (c - '0'), Integer.MAX_VALUE);
            }
        }
        return value;
    }
}
