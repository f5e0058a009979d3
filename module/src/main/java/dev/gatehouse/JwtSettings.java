package dev.gatehouse;

import dev.gatehouse.internal.config.PropertyReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable token settings: where the keys come from, which claims are checked, and where the token
 * is read. Property names follow MicroProfile JWT where it has one. At most one verification key
 * source may be set: {@code gatehouse.jwt.secret}, {@code mp.jwt.verify.publickey} or
 * {@code mp.jwt.verify.publickey.location}. With {@code mp.jwt.decrypt.key.location} as well, only
 * signed-then-encrypted tokens are accepted; with it alone, only encrypted ones (MicroProfile JWT 2.1).
 */
public final class JwtSettings {
    private static final String DECRYPT_KEY_LOCATION = "mp.jwt.decrypt.key.location";
    private static final String DECRYPT_KEY_ALGORITHM = "mp.jwt.decrypt.key.algorithm";
    private static final String TOKEN_AGE = "mp.jwt.verify.token.age";
    /** The JWE key management algorithms Gatehouse decrypts (MicroProfile JWT 2.1 requires both). */
    private static final List<String> DECRYPT_ALGORITHMS = List.of("RSA-OAEP", "RSA-OAEP-256");

    private final String secret;
    private final String publicKey;
    private final String publicKeyLocation;
    private final List<String> algorithms;
    private final String decryptKeyLocation;
    private final List<String> decryptAlgorithms;
    private final Duration tokenAge;
    private final String issuer;
    private final Set<String> audiences;
    private final Duration clockSkew;
    private final String tokenHeader;
    private final String tokenCookie;
    private final Duration jwksRefreshInterval;
    private final Duration jwksRefetchMinInterval;
    private final int verifiedCacheSize;

    private JwtSettings(Builder b) {
        secret = b.secret;
        publicKey = b.publicKey;
        publicKeyLocation = b.publicKeyLocation;
        algorithms = List.copyOf(b.algorithms);
        decryptKeyLocation = b.decryptKeyLocation;
        decryptAlgorithms = List.copyOf(b.decryptAlgorithms);
        tokenAge = b.tokenAge;
        issuer = b.issuer;
        audiences = Set.copyOf(b.audiences);
        clockSkew = b.clockSkew;
        tokenHeader = b.tokenHeader;
        tokenCookie = b.tokenCookie;
        jwksRefreshInterval = b.jwksRefreshInterval;
        jwksRefetchMinInterval = b.jwksRefetchMinInterval;
        verifiedCacheSize = b.verifiedCacheSize;
    }

    /** A builder with defaults and no key. */
    public static Builder builder() {
        return new Builder();
    }

    static JwtSettings from(PropertyReader r) {
        Builder b = new Builder();
        r.string("gatehouse.jwt.secret").ifPresent(b::secret);
        r.string("mp.jwt.verify.publickey").ifPresent(b::publicKey);
        r.string("mp.jwt.verify.publickey.location").ifPresent(b::publicKeyLocation);
        r.list("mp.jwt.verify.publickey.algorithm").ifPresent(b::algorithms);
        r.string(DECRYPT_KEY_LOCATION).ifPresent(b::decryptKeyLocation);
        r.list(DECRYPT_KEY_ALGORITHM).ifPresent(b::decryptAlgorithms);
        r.duration(TOKEN_AGE).ifPresent(b::tokenAge);
        r.string("mp.jwt.verify.issuer").ifPresent(b::issuer);
        r.list("mp.jwt.verify.audiences").ifPresent(v -> b.audiences(Set.copyOf(v)));
        r.duration("mp.jwt.verify.clock.skew").ifPresent(b::clockSkew);
        r.string("mp.jwt.token.header").ifPresent(b::tokenHeader);
        r.string("mp.jwt.token.cookie").ifPresent(b::tokenCookie);
        r.duration("gatehouse.jwks.refresh-interval").ifPresent(b::jwksRefreshInterval);
        r.duration("gatehouse.jwks.refetch-min-interval").ifPresent(b::jwksRefetchMinInterval);
        r.integer("gatehouse.auth.cache-size").ifPresent(b::verifiedCacheSize);
        return b.build();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.secret = secret;
        b.publicKey = publicKey;
        b.publicKeyLocation = publicKeyLocation;
        b.algorithms = algorithms;
        b.decryptKeyLocation = decryptKeyLocation;
        b.decryptAlgorithms = decryptAlgorithms;
        b.tokenAge = tokenAge;
        b.issuer = issuer;
        b.audiences = audiences;
        b.clockSkew = clockSkew;
        b.tokenHeader = tokenHeader;
        b.tokenCookie = tokenCookie;
        b.jwksRefreshInterval = jwksRefreshInterval;
        b.jwksRefetchMinInterval = jwksRefetchMinInterval;
        b.verifiedCacheSize = verifiedCacheSize;
        return b;
    }

    /** HMAC secret ({@code gatehouse.jwt.secret}), at least 256 bits of UTF-8. */
    public Optional<String> secret() {
        return Optional.ofNullable(secret);
    }

    /** Inline PEM public key or JWKS JSON ({@code mp.jwt.verify.publickey}). */
    public Optional<String> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    /** File path, {@code classpath:} resource or http(s) URL of a PEM key or JWKS ({@code mp.jwt.verify.publickey.location}). */
    public Optional<String> publicKeyLocation() {
        return Optional.ofNullable(publicKeyLocation);
    }

    /** Whether any key source is configured, a decryption key included. */
    public boolean hasKey() {
        return secret != null || publicKey != null || publicKeyLocation != null || decryptKeyLocation != null;
    }

    /** Allowed algorithms, narrowing what the key type allows; empty means all that fit the key ({@code mp.jwt.verify.publickey.algorithm}). */
    public List<String> algorithms() {
        return algorithms;
    }

    /**
     * File path, {@code file:} URL or {@code classpath:} resource of the private key that decrypts
     * encrypted tokens: a PEM {@code PRIVATE KEY} (PKCS#8), a JWK or a JWKS
     * ({@code mp.jwt.decrypt.key.location}). A location without a scheme is a file if one exists,
     * else a class path resource.
     */
    public Optional<String> decryptKeyLocation() {
        return Optional.ofNullable(decryptKeyLocation);
    }

    /**
     * Accepted JWE key management algorithms, {@code RSA-OAEP} and/or {@code RSA-OAEP-256}; empty
     * means both ({@code mp.jwt.decrypt.key.algorithm}).
     */
    public List<String> decryptAlgorithms() {
        return decryptAlgorithms;
    }

    /**
     * How old a token's {@code iat} may be; a token must then carry {@code iat}
     * ({@code mp.jwt.verify.token.age}, unset by default).
     */
    public Optional<Duration> tokenAge() {
        return Optional.ofNullable(tokenAge);
    }

    /** Required {@code iss} ({@code mp.jwt.verify.issuer}). */
    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    /** Accepted {@code aud} values; the token needs one of them ({@code mp.jwt.verify.audiences}). */
    public Set<String> audiences() {
        return audiences;
    }

    /** Allowed clock skew for {@code exp} and {@code nbf} ({@code mp.jwt.verify.clock.skew}, default 30s). */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** {@code Authorization} (default) or {@code Cookie} ({@code mp.jwt.token.header}). */
    public String tokenHeader() {
        return tokenHeader;
    }

    /** Cookie name when the header is {@code Cookie} ({@code mp.jwt.token.cookie}, default {@code Bearer}). */
    public String tokenCookie() {
        return tokenCookie;
    }

    /** How often a remote JWKS is fetched again ({@code gatehouse.jwks.refresh-interval}, default 10m). */
    public Duration jwksRefreshInterval() {
        return jwksRefreshInterval;
    }

    /** Least time between refetches caused by an unknown {@code kid} ({@code gatehouse.jwks.refetch-min-interval}, default 30s). */
    public Duration jwksRefetchMinInterval() {
        return jwksRefetchMinInterval;
    }

    /** Verified tokens remembered so a reconnect skips the signature check; 0 disables ({@code gatehouse.auth.cache-size}). */
    public int verifiedCacheSize() {
        return verifiedCacheSize;
    }

    /** Builds {@link JwtSettings}. */
    public static final class Builder {
        private String secret;
        private String publicKey;
        private String publicKeyLocation;
        private List<String> algorithms = List.of();
        private String decryptKeyLocation;
        private List<String> decryptAlgorithms = List.of();
        private Duration tokenAge;
        private String issuer;
        private Set<String> audiences = Set.of();
        private Duration clockSkew = Duration.ofSeconds(30);
        private String tokenHeader = "Authorization";
        private String tokenCookie = "Bearer";
        private Duration jwksRefreshInterval = Duration.ofMinutes(10);
        private Duration jwksRefetchMinInterval = Duration.ofSeconds(30);
        private int verifiedCacheSize = 10_000;

        private Builder() {
        }

        /** See {@link JwtSettings#secret()}. */
        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** See {@link JwtSettings#publicKey()}. */
        public Builder publicKey(String pemOrJwks) {
            this.publicKey = pemOrJwks;
            return this;
        }

        /** See {@link JwtSettings#publicKeyLocation()}. */
        public Builder publicKeyLocation(String location) {
            this.publicKeyLocation = location;
            return this;
        }

        /** See {@link JwtSettings#algorithms()}. */
        public Builder algorithms(List<String> algorithms) {
            for (String alg : algorithms) {
                if (alg.equalsIgnoreCase("none")) {
                    throw new ConfigurationException("mp.jwt.verify.publickey.algorithm", "'none' is never allowed");
                }
            }
            this.algorithms = List.copyOf(algorithms);
            return this;
        }

        /** See {@link JwtSettings#decryptKeyLocation()}. */
        public Builder decryptKeyLocation(String location) {
            if (location != null && location.isBlank()) {
                throw new ConfigurationException(DECRYPT_KEY_LOCATION, "must not be blank");
            }
            this.decryptKeyLocation = location;
            return this;
        }

        /**
         * See {@link JwtSettings#decryptAlgorithms()}; names match case-insensitively.
         *
         * @throws ConfigurationException naming {@code mp.jwt.decrypt.key.algorithm} for another algorithm
         */
        public Builder decryptAlgorithms(List<String> algorithms) {
            List<String> canonical = new ArrayList<>();
            for (String alg : algorithms) {
                canonical.add(DECRYPT_ALGORITHMS.stream().filter(alg::equalsIgnoreCase).findFirst()
                        .orElseThrow(() -> new ConfigurationException(DECRYPT_KEY_ALGORITHM, "unknown key management algorithm '"
                                + alg + "'; supported: " + String.join(", ", DECRYPT_ALGORITHMS))));
            }
            this.decryptAlgorithms = List.copyOf(canonical);
            return this;
        }

        /**
         * See {@link JwtSettings#tokenAge()}; null unsets it.
         *
         * @throws ConfigurationException naming {@code mp.jwt.verify.token.age} unless positive
         */
        public Builder tokenAge(Duration age) {
            if (age != null && (age.isNegative() || age.isZero())) {
                throw new ConfigurationException(TOKEN_AGE, "must be positive");
            }
            this.tokenAge = age;
            return this;
        }

        /** See {@link JwtSettings#issuer()}. */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** See {@link JwtSettings#audiences()}. */
        public Builder audiences(Set<String> audiences) {
            this.audiences = Set.copyOf(audiences);
            return this;
        }

        /** See {@link JwtSettings#clockSkew()}. */
        public Builder clockSkew(Duration skew) {
            if (skew == null || skew.isNegative()) {
                throw new ConfigurationException("mp.jwt.verify.clock.skew", "must not be negative");
            }
            this.clockSkew = skew;
            return this;
        }

        /** See {@link JwtSettings#tokenHeader()}. */
        public Builder tokenHeader(String header) {
            String h = header.trim();
            if (!h.equalsIgnoreCase("Authorization") && !h.equalsIgnoreCase("Cookie")) {
                throw new ConfigurationException("mp.jwt.token.header", "expected Authorization or Cookie, got '" + header + "'");
            }
            this.tokenHeader = h.substring(0, 1).toUpperCase(Locale.ROOT) + h.substring(1).toLowerCase(Locale.ROOT);
            return this;
        }

        /** See {@link JwtSettings#tokenCookie()}. */
        public Builder tokenCookie(String cookie) {
            if (cookie == null || cookie.isBlank()) {
                throw new ConfigurationException("mp.jwt.token.cookie", "must not be blank");
            }
            this.tokenCookie = cookie;
            return this;
        }

        /** See {@link JwtSettings#jwksRefreshInterval()}. */
        public Builder jwksRefreshInterval(Duration interval) {
            this.jwksRefreshInterval = interval;
            return this;
        }

        /** See {@link JwtSettings#jwksRefetchMinInterval()}. */
        public Builder jwksRefetchMinInterval(Duration interval) {
            this.jwksRefetchMinInterval = interval;
            return this;
        }

        /** See {@link JwtSettings#verifiedCacheSize()}. */
        public Builder verifiedCacheSize(int size) {
            if (size < 0) {
                throw new ConfigurationException("gatehouse.auth.cache-size", "must not be negative");
            }
            this.verifiedCacheSize = size;
            return this;
        }

        /**
         * Checks that at most one verification key source is set, and that decryption algorithms
         * come with a decryption key, and builds the settings.
         *
         * @throws ConfigurationException naming the conflicting property
         */
        public JwtSettings build() {
            int sources = (secret != null ? 1 : 0) + (publicKey != null ? 1 : 0) + (publicKeyLocation != null ? 1 : 0);
            if (sources > 1) {
                throw new ConfigurationException(secret != null ? "gatehouse.jwt.secret" : "mp.jwt.verify.publickey",
                        "set only one of gatehouse.jwt.secret, mp.jwt.verify.publickey, mp.jwt.verify.publickey.location");
            }
            if (!decryptAlgorithms.isEmpty() && decryptKeyLocation == null) {
                throw new ConfigurationException(DECRYPT_KEY_ALGORITHM, "needs " + DECRYPT_KEY_LOCATION + " as well");
            }
            return new JwtSettings(this);
        }
    }
}
