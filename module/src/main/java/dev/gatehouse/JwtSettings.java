package dev.gatehouse;

import dev.gatehouse.internal.config.Checks;
import dev.gatehouse.internal.config.Setting;
import dev.gatehouse.internal.config.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable token settings, the view {@link GatehouseConfig#jwt()} gives of them: where the keys come
 * from, which claims are checked, and where the token is read. They are set like every other
 * setting, as properties or with {@link GatehouseConfig.Builder}'s setters. Property names follow MicroProfile JWT where it has one. At most one verification key
 * source may be set: {@code gatehouse.jwt.secret}, {@code mp.jwt.verify.publickey} or
 * {@code mp.jwt.verify.publickey.location}. With {@code mp.jwt.decrypt.key.location} as well, only
 * signed-then-encrypted tokens are accepted; with it alone, only encrypted ones (MicroProfile JWT 2.1).
 */
public final class JwtSettings {
    /** The JWE key management algorithms Gatehouse decrypts (MicroProfile JWT 2.1 requires both). */
    private static final List<String> DECRYPT_ALGORITHMS = List.of("RSA-OAEP", "RSA-OAEP-256");

    // Each setting is declared once here: name, default, check and its line in the README.
    static final Setting<String> SECRET = Setting.string("gatehouse.jwt.secret")
            .check(Checks.notBlank("gatehouse.jwt.secret"))
            .doc("HMAC secret (UTF-8, at least 256 bits); HS256/384/512");
    static final Setting<String> PUBLIC_KEY = Setting.string("mp.jwt.verify.publickey")
            .check(Checks.notBlank("mp.jwt.verify.publickey"))
            .doc("inline PEM public key (RSA, EC, Ed25519), JWK or JWKS, the JSON also base64url-encoded");
    static final Setting<String> PUBLIC_KEY_LOCATION = Setting.string("mp.jwt.verify.publickey.location")
            .check(Checks.notBlank("mp.jwt.verify.publickey.location"))
            .doc("file path, `file:` URL, `classpath:` resource or https URL (http only with `gatehouse.jwks.allow-http`)"
                    + " of a PEM key, JWK or JWKS; without a scheme a file if one exists, else a class path resource");
    static final Setting<List<String>> ALGORITHMS = Setting.list("mp.jwt.verify.publickey.algorithm")
            .byDefault(List.of(), "all that fit the key").check(JwtSettings::notNone)
            .doc("comma list narrowing the accepted algorithms; `none` is never accepted, HMAC never with a public key");
    static final Setting<String> ISSUER = Setting.string("mp.jwt.verify.issuer")
            .check(Checks.notBlank("mp.jwt.verify.issuer")).doc("required `iss`");
    static final Setting<Set<String>> AUDIENCES = Setting.set("mp.jwt.verify.audiences").byDefault(Set.of(), "–")
            .doc("comma list; the token's `aud` must contain one");
    static final Setting<Duration> CLOCK_SKEW = Setting.duration("mp.jwt.verify.clock.skew")
            .byDefault(Duration.ofSeconds(30), "`30`").check(Checks.notNegative("mp.jwt.verify.clock.skew"))
            .doc("seconds of tolerance for `exp`, `nbf` and an `iat` in the future");
    static final Setting<Duration> TOKEN_AGE = Setting.duration("mp.jwt.verify.token.age")
            .check(Checks.positive("mp.jwt.verify.token.age"))
            .doc("seconds; a token must carry `iat` and is refused (`TOKEN_EXPIRED`) once older, the skew not added;"
                    + " checked at the handshake and `auth_refresh`, an open connection still lasts until `exp`");
    static final Setting<String> DECRYPT_KEY_LOCATION = Setting.string("mp.jwt.decrypt.key.location")
            .check(Checks.notBlank("mp.jwt.decrypt.key.location"))
            .doc("RSA private key (PEM `PRIVATE KEY`, JWK or JWKS; 2048 bits or more) that decrypts JWE tokens, located"
                    + " like `mp.jwt.verify.publickey.location` but never over http(s); see [MicroProfile JWT"
                    + " compatibility](#microprofile-jwt-compatibility) for which tokens are then accepted");
    static final Setting<List<String>> DECRYPT_ALGORITHM = Setting.list("mp.jwt.decrypt.key.algorithm")
            .byDefault(List.of(), "`RSA-OAEP`, `RSA-OAEP-256`").check(JwtSettings::decryptAlgorithms)
            .doc("comma list narrowing the accepted JWE key management algorithms");
    static final Setting<String> TOKEN_HEADER = Setting.string("mp.jwt.token.header").byDefault("Authorization")
            .check(JwtSettings::tokenHeader)
            .doc("`Cookie` reads the token from a cookie instead of the header; then `gatehouse.origins` is required");
    static final Setting<String> TOKEN_COOKIE = Setting.string("mp.jwt.token.cookie").byDefault("Bearer")
            .check(Checks.notBlank("mp.jwt.token.cookie")).doc("cookie name when the header is `Cookie`");
    static final Setting<Duration> JWKS_REFRESH = Setting.duration("gatehouse.jwks.refresh-interval")
            .byDefault(Duration.ofMinutes(10)).check(Checks.positive("gatehouse.jwks.refresh-interval"))
            .doc("how often a remote JWKS is fetched again; until its first key set arrives a failed fetch is retried"
                    + " after 1 s, doubling to 30 s, never further apart than this");
    static final Setting<Duration> JWKS_REFETCH = Setting.duration("gatehouse.jwks.refetch-min-interval")
            .byDefault(Duration.ofSeconds(30)).check(Checks.notNegative("gatehouse.jwks.refetch-min-interval"))
            .doc("least time between refetches caused by an unknown `kid`; such a token waits for the refetch at most"
                    + " 1 s (once per fetch, shared by every such token), else is refused `INVALID_TOKEN` with a message"
                    + " saying to retry");
    static final Setting<Duration> JWKS_FETCH_TIMEOUT = Setting.duration("gatehouse.jwks.fetch-timeout")
            .byDefault(Duration.ofSeconds(5)).check(Checks.positive("gatehouse.jwks.fetch-timeout"))
            .doc("deadline on one fetch of a remote JWKS, headers and body (at most 1 MiB) together; startup waits"
                    + " at most this long for the first, and if it fails starts all the same, not ready (`gatehouse-keys`)"
                    + " and refusing handshakes `503 SERVICE_UNAVAILABLE` until a key set arrives");
    static final Setting<Boolean> JWKS_ALLOW_HTTP = Setting.bool("gatehouse.jwks.allow-http").byDefault(false)
            .doc("accept an `http://` `mp.jwt.verify.publickey.location`, whose keys anyone on the path could"
                    + " replace; for tests only");
    static final Setting<Integer> CACHE_SIZE = Setting.integer("gatehouse.auth.cache-size").byDefault(10_000)
            .check(Checks.between("gatehouse.auth.cache-size", 0, Integer.MAX_VALUE))
            .doc("verified tokens remembered (by SHA-256, until their `exp`) so a reconnect skips the signature check;"
                    + " `0` disables");

    /** Every setting of this class, in the order of the README's table. */
    static final List<Setting<?>> SETTINGS = List.of(SECRET, PUBLIC_KEY, PUBLIC_KEY_LOCATION, ALGORITHMS, ISSUER,
            AUDIENCES, CLOCK_SKEW, TOKEN_AGE, DECRYPT_KEY_LOCATION, DECRYPT_ALGORITHM, TOKEN_HEADER, TOKEN_COOKIE,
            JWKS_REFRESH, JWKS_REFETCH, JWKS_FETCH_TIMEOUT, JWKS_ALLOW_HTTP, CACHE_SIZE);
    /** The settings that name a key: with a custom verifier none of them applies. */
    private static final List<Setting<?>> KEYS = List.of(SECRET, PUBLIC_KEY, PUBLIC_KEY_LOCATION, DECRYPT_KEY_LOCATION);

    private final Values values;

    /** A view of the token settings among a configuration's values. */
    JwtSettings(Values values) {
        this.values = values;
    }

    /**
     * Checks the token settings together: at most one verification key source, and decryption
     * algorithms only with a decryption key.
     *
     * @throws ConfigurationException naming the conflicting property
     */
    static void checkTogether(Values.Builder values) {
        long sources = List.of(SECRET, PUBLIC_KEY, PUBLIC_KEY_LOCATION).stream().filter(values::isSet).count();
        if (sources > 1) {
            throw new ConfigurationException(values.isSet(SECRET) ? SECRET.name() : PUBLIC_KEY.name(), "set only one of "
                    + SECRET.name() + ", " + PUBLIC_KEY.name() + ", " + PUBLIC_KEY_LOCATION.name());
        }
        if (!values.get(DECRYPT_ALGORITHM).isEmpty() && !values.isSet(DECRYPT_KEY_LOCATION)) {
            throw new ConfigurationException(DECRYPT_ALGORITHM.name(), "needs " + DECRYPT_KEY_LOCATION.name() + " as well");
        }
    }

    /** {@return HMAC secret ({@code gatehouse.jwt.secret}), at least 256 bits of UTF-8} */
    public Optional<String> secret() {
        return Optional.ofNullable(values.get(SECRET));
    }

    /** {@return inline PEM public key, JWK or JWKS ({@code mp.jwt.verify.publickey})} */
    public Optional<String> publicKey() {
        return Optional.ofNullable(values.get(PUBLIC_KEY));
    }

    /**
     * File path, {@code classpath:} resource or https URL of a PEM key, JWK or JWKS
     * ({@code mp.jwt.verify.publickey.location}); an http URL only with {@link #jwksAllowHttp()}.
     *
     * @return the location, or empty
     */
    public Optional<String> publicKeyLocation() {
        return Optional.ofNullable(values.get(PUBLIC_KEY_LOCATION));
    }

    /** {@return whether any key source is configured, a decryption key included} */
    public boolean hasKey() {
        return KEYS.stream().anyMatch(values::isSet);
    }

    /**
     * The names of the settings given explicitly (in code or as properties) that configure the
     * built-in verifier: all but where the token is read ({@code mp.jwt.token.*}). Never their values.
     *
     * @return the property names
     */
    public Set<String> verifierSettingsGiven() {
        return SETTINGS.stream().filter(s -> s != TOKEN_HEADER && s != TOKEN_COOKIE && values.isSet(s))
                .map(Setting::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** {@return allowed algorithms, narrowing what the key type allows; empty means all that fit the key ({@code mp.jwt.verify.publickey.algorithm})} */
    public List<String> algorithms() {
        return values.get(ALGORITHMS);
    }

    /**
     * File path, {@code file:} URL or {@code classpath:} resource of the private key that decrypts
     * encrypted tokens: a PEM {@code PRIVATE KEY} (PKCS#8), a JWK or a JWKS
     * ({@code mp.jwt.decrypt.key.location}). A location without a scheme is a file if one exists,
     * else a class path resource.
     *
     * @return the location, or empty
     */
    public Optional<String> decryptKeyLocation() {
        return Optional.ofNullable(values.get(DECRYPT_KEY_LOCATION));
    }

    /**
     * Accepted JWE key management algorithms, {@code RSA-OAEP} and/or {@code RSA-OAEP-256}; empty
     * means both ({@code mp.jwt.decrypt.key.algorithm}).
     *
     * @return the algorithms
     */
    public List<String> decryptAlgorithms() {
        return values.get(DECRYPT_ALGORITHM);
    }

    /**
     * How old a token's {@code iat} may be; a token must then carry {@code iat}
     * ({@code mp.jwt.verify.token.age}, unset by default).
     *
     * @return the age, or empty
     */
    public Optional<Duration> tokenAge() {
        return Optional.ofNullable(values.get(TOKEN_AGE));
    }

    /** {@return required {@code iss} ({@code mp.jwt.verify.issuer})} */
    public Optional<String> issuer() {
        return Optional.ofNullable(values.get(ISSUER));
    }

    /** {@return accepted {@code aud} values; the token needs one of them ({@code mp.jwt.verify.audiences})} */
    public Set<String> audiences() {
        return values.get(AUDIENCES);
    }

    /** {@return allowed clock skew for {@code exp} and {@code nbf} ({@code mp.jwt.verify.clock.skew}, default 30s)} */
    public Duration clockSkew() {
        return values.get(CLOCK_SKEW);
    }

    /**
     * {@return {@code Authorization} (default) or {@code Cookie} ({@code mp.jwt.token.header})}
     * With {@code Cookie}, {@link GatehouseConfig.Builder#build()} requires {@code gatehouse.origins}:
     * a browser sends the cookie with any site's WebSocket.
     */
    public String tokenHeader() {
        return values.get(TOKEN_HEADER);
    }

    /** {@return cookie name when the header is {@code Cookie} ({@code mp.jwt.token.cookie}, default {@code Bearer})} */
    public String tokenCookie() {
        return values.get(TOKEN_COOKIE);
    }

    /** {@return how often a remote JWKS is fetched again ({@code gatehouse.jwks.refresh-interval}, default 10m)} */
    public Duration jwksRefreshInterval() {
        return values.get(JWKS_REFRESH);
    }

    /** {@return least time between refetches caused by an unknown {@code kid} ({@code gatehouse.jwks.refetch-min-interval}, default 30s)} */
    public Duration jwksRefetchMinInterval() {
        return values.get(JWKS_REFETCH);
    }

    /**
     * The deadline for one fetch of a remote JWKS, the response's headers and body together
     * ({@code gatehouse.jwks.fetch-timeout}, default 5s); also how long startup waits for the first.
     *
     * @return the deadline
     */
    public Duration jwksFetchTimeout() {
        return values.get(JWKS_FETCH_TIMEOUT);
    }

    /** {@return whether an {@code http://} key location is accepted ({@code gatehouse.jwks.allow-http}, default false)} */
    public boolean jwksAllowHttp() {
        return values.get(JWKS_ALLOW_HTTP);
    }

    /** {@return verified tokens remembered so a reconnect skips the signature check; 0 disables ({@code gatehouse.auth.cache-size})} */
    public int verifiedCacheSize() {
        return values.get(CACHE_SIZE);
    }

    private static List<String> notNone(List<String> algorithms) {
        for (String alg : algorithms) {
            if (alg.equalsIgnoreCase("none")) {
                throw new ConfigurationException(ALGORITHMS.name(), "'none' is never allowed");
            }
        }
        return List.copyOf(algorithms);
    }

    private static List<String> decryptAlgorithms(List<String> algorithms) {
        List<String> canonical = new ArrayList<>();
        for (String alg : algorithms) {
            canonical.add(DECRYPT_ALGORITHMS.stream().filter(alg::equalsIgnoreCase).findFirst()
                    .orElseThrow(() -> new ConfigurationException(DECRYPT_ALGORITHM.name(), "unknown key management"
                            + " algorithm '" + alg + "'; supported: " + String.join(", ", DECRYPT_ALGORITHMS))));
        }
        return List.copyOf(canonical);
    }

    private static String tokenHeader(String header) {
        String h = header.trim();
        if (!h.equalsIgnoreCase("Authorization") && !h.equalsIgnoreCase("Cookie")) {
            throw new ConfigurationException(TOKEN_HEADER.name(), "expected Authorization or Cookie, got '" + header + "'");
        }
        return h.substring(0, 1).toUpperCase(Locale.ROOT) + h.substring(1).toLowerCase(Locale.ROOT);
    }
}
