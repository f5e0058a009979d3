package dev.gatehouse.internal.standalone;

import dev.gatehouse.internal.handshake.Refusal;
import dev.gatehouse.internal.handshake.RequestView;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Decides what becomes of a request carrying {@code Upgrade: websocket} on the standalone server,
 * before any token is looked at (PROTOCOL.md §1.4): which endpoint it is for, with its path in the
 * one spelling Tyrus will route, or the refusal of a request that cannot become a WebSocket. The
 * path is percent-decoded and its {@code ;} parameters dropped, so that no spelling of the
 * endpoint's path can reach Tyrus without the handshake filter's checks. Pure and thread-safe.
 */
final class UpgradeRequestCheck {
    private static final Map<String, String> NO_HEADERS = Map.of();

    private final String gatehousePath;
    /** The paths (or templates, with {@code {name}} segments) of the other endpoints in the container. */
    private final List<String> otherPaths;

    /** What to do with an upgrade request. */
    sealed interface Outcome {
    }

    /**
     * For Gatehouse's endpoint: check the token, then pass it on with this path.
     *
     * @param path the endpoint's path, spelled as deployed
     */
    record ForGatehouse(String path) implements Outcome {
    }

    /** For another endpoint of the container: pass it on unchanged. */
    record ForOther() implements Outcome {
    }

    /**
     * Not a WebSocket request that any endpoint can take.
     *
     * @param refusal the answer
     */
    record Refused(Refusal refusal) implements Outcome {
    }

    UpgradeRequestCheck(String gatehousePath, List<String> otherPaths) {
        this.gatehousePath = gatehousePath;
        this.otherPaths = List.copyOf(otherPaths);
    }

    /**
     * Checks one upgrade request.
     *
     * @param method the request method
     * @param rawPath the request target's path as sent, still percent-encoded, without the query
     * @param request the headers
     */
    Outcome check(String method, String rawPath, RequestView request) {
        String path = gatehousePath.equals(rawPath) ? rawPath : canonicalPath(rawPath); // the usual spelling needs no work
        boolean gatehouse = gatehousePath.equals(path);
        if (path == null || !(gatehouse || otherPaths.stream().anyMatch(p -> matches(p, path)))) {
            return refuse(404, "NOT_FOUND", "No WebSocket endpoint at this path", NO_HEADERS);
        }
        if (!"GET".equals(method)) {
            return refuse(405, "BAD_HANDSHAKE", "A WebSocket upgrade must be a GET request", Map.of("Allow", "GET"));
        }
        if (!hasToken(request.headers("Connection"), "upgrade")) {
            return refuse(400, "BAD_HANDSHAKE", "The Connection header must include 'upgrade'", NO_HEADERS);
        }
        List<String> versions = request.headers("Sec-WebSocket-Version");
        if (versions.size() != 1 || !"13".equals(versions.get(0).trim())) {
            return refuse(426, "UNSUPPORTED_VERSION", "Only WebSocket version 13 is supported",
                    Map.of("Sec-WebSocket-Version", "13"));
        }
        List<String> keys = request.headers("Sec-WebSocket-Key");
        if (keys.size() != 1 || !isKey(keys.get(0).trim())) {
            return refuse(400, "BAD_HANDSHAKE", "Sec-WebSocket-Key must be 16 bytes in base64", NO_HEADERS);
        }
        return gatehouse ? new ForGatehouse(gatehousePath) : new ForOther();
    }

    private static Refused refuse(int status, String code, String message, Map<String, String> headers) {
        return new Refused(Refusal.malformed(status, code, message, headers));
    }

    /**
     * The path with each segment percent-decoded (as UTF-8) and stripped of {@code ;} parameters;
     * null when it is not an absolute path, does not decode, or a segment decodes to a {@code /}.
     */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        StringBuilder out = new StringBuilder(rawPath.length());
        for (String segment : rawPath.substring(1).split("/", -1)) {
            int params = segment.indexOf(';');
            String decoded = decode(params >= 0 ? segment.substring(0, params) : segment);
            if (decoded == null || decoded.indexOf('/') >= 0) {
                return null;
            }
            out.append('/').append(decoded);
        }
        return out.toString();
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                if (c > 0x7f) {
                    return null; // a request line is ASCII
                }
                bytes.write(c);
                continue;
            }
            int hi = i + 2 < segment.length() ? hexDigit(segment.charAt(i + 1)) : -1;
            int lo = hi >= 0 ? hexDigit(segment.charAt(i + 2)) : -1;
            if (lo < 0) {
                return null;
            }
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The value of an ASCII hex digit (RFC 3986 HEXDIG), else -1: {@link Character#digit} also reads '٧' or '７' as 7. */
    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    /** Whether a path matches an endpoint path whose {@code {name}} segments match any one segment. */
    private static boolean matches(String endpointPath, String path) {
        String[] want = endpointPath.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean variable = want[i].startsWith("{") && want[i].endsWith("}") && !got[i].isEmpty();
            if (!variable && !want[i].equals(got[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether a comma-separated header holds {@code token}, in any case, among its entries. */
    private static boolean hasToken(List<String> headerValues, String token) {
        for (String value : headerValues) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                int from = start;
                int to = end;
                while (from < to && value.charAt(from) == ' ') {
                    from++;
                }
                while (to > from && value.charAt(to - 1) == ' ') {
                    to--;
                }
                if (to - from == token.length() && value.regionMatches(true, from, token, 0, token.length())) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }

    /** 16 bytes in base64: 22 characters of the alphabet, then {@code ==} (RFC 6455 §4.1). */
    private static boolean isKey(String key) {
        if (key.length() != 24 || key.charAt(22) != '=' || key.charAt(23) != '=') {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }
}
