package dev.gatehouse.internal.handshake;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.JwtSettings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the token of an upgrade request, first match wins (PROTOCOL.md §1.1): the
 * {@code Authorization: Bearer} header (or the configured cookie), a token-bearing
 * {@code Sec-WebSocket-Protocol} entry, then the {@code access_token} query parameter when enabled.
 * An empty value ({@code Bearer=}, {@code bearer.}) holds no token: the search goes on past it, as it
 * goes on past {@code Authorization: Bearer} with nothing after it.
 */
public final class TokenExtractor {
    private static final String BEARER = "bearer ";

    private final boolean fromCookie;
    private final String cookieName;
    private final boolean fromQuery;

    /** An extractor for the given configuration. */
    public TokenExtractor(GatehouseConfig config) {
        JwtSettings jwt = config.jwt();
        this.fromCookie = jwt.tokenHeader().equals("Cookie");
        this.cookieName = jwt.tokenCookie();
        this.fromQuery = config.queryParamToken();
    }

    /** The token, empty when the request carries none. */
    public Optional<String> extract(RequestView request) {
        Optional<String> token = fromCookie ? fromCookie(request) : fromAuthorization(request);
        if (token.isEmpty()) {
            token = fromSubprotocols(request);
        }
        if (token.isEmpty() && fromQuery) {
            token = request.queryParameter("access_token").map(String::trim);
        }
        return token.filter(t -> !t.isEmpty());
    }


    private static Optional<String> fromAuthorization(RequestView request) {
        for (String value : request.headers("Authorization")) {
            String v = value.trim();
            if (v.length() >= BEARER.length() && v.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Optional.of(v.substring(BEARER.length()).trim());
            }
        }
        return Optional.empty();
    }

    private Optional<String> fromCookie(RequestView request) {
        for (String header : request.headers("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                String value = eq > 0 ? pair.substring(eq + 1).trim() : "";
                if (!value.isEmpty() && pair.substring(0, eq).trim().equals(cookieName)) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> fromSubprotocols(RequestView request) {
        for (String header : request.headers("Sec-WebSocket-Protocol")) {
            for (String entry : header.split(",")) {
                String e = entry.trim();
                String value = TokenEntries.isTokenBearing(e) ? e.substring(e.indexOf('.') + 1) : "";
                if (!value.isEmpty()) {
                    return Optional.of(decode(value));
                }
            }
        }
        return Optional.empty();
    }

    /** A compact JWT has two dots; anything else is taken as base64url of one. */
    private static String decode(String value) {
        if (value.chars().filter(c -> c == '.').count() == 2) {
            return value;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value; // verification rejects it as INVALID_TOKEN
        }
    }
}
