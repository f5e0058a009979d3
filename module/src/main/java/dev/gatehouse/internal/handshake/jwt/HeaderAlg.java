package dev.gatehouse.internal.handshake.jwt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads a string field of a compact JWT's header ({@code alg}, {@code kid}) without parsing it as
 * JSON: to choose a provider before jjwt parses and checks the token properly, and to find the key
 * a cached verification depends on. Never throws; null when unreadable.
 */
final class HeaderAlg {
    private static final int MAX_HEADER = 1024;

    private HeaderAlg() {
    }

    static String peek(String compactJwt) {
        return field(compactJwt, "alg");
    }

    static String field(String compactJwt, String name) {
        int dot = compactJwt.indexOf('.');
        if (dot <= 0 || dot > MAX_HEADER) {
            return null;
        }
        String header;
        try {
            header = new String(Base64.getUrlDecoder().decode(compactJwt.substring(0, dot)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String quoted = '"' + name + '"';
        int at = header.indexOf(quoted);
        if (at < 0) {
            return null;
        }
        int open = header.indexOf('"', header.indexOf(':', at + quoted.length()) + 1);
        int close = open < 0 ? -1 : header.indexOf('"', open + 1);
        return close < 0 ? null : header.substring(open + 1, close);
    }
}
