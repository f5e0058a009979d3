package dev.gatehouse.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.test.internal.SigningKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The algorithm a test key signs with: one the server accepts that fits the key. */
class SigningKeyTest {
    private static final String SECRET_48_BYTES = "0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void aSecretSignsWithHs256UnlessTheServerNarrowsTheAlgorithms() {
        assertEquals("HS256", SigningKey.secret(SECRET_48_BYTES, List.of()).algorithm());
        assertEquals("HS384", SigningKey.secret(SECRET_48_BYTES, List.of("HS384")).algorithm());
    }

    @Test
    void aSecretTooShortForEveryAcceptedAlgorithmIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SigningKey.secret(SECRET_48_BYTES, List.of("HS512")));
    }

    @Test
    void ecKeysSignWithTheAlgorithmOfTheirCurve() {
        assertEquals("ES384", SigningKey.of(SigningKey.generate("ES384").getPrivate(), List.of()).algorithm());
    }

    @Test
    void rsaKeysSignWithTheFirstAcceptedRsaAlgorithm() {
        assertEquals("PS256", SigningKey.of(SigningKey.generate("RS256").getPrivate(), List.of("ES256", "PS256")).algorithm());
    }

    @Test
    void aKeyThatFitsNoAcceptedAlgorithmIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> SigningKey.of(SigningKey.generate("ES256").getPrivate(), List.of("RS256")));
    }

    @Test
    void theOtherKeyIsAnotherKeyOfTheSameAlgorithm() {
        SigningKey key = SigningKey.secret(SECRET_48_BYTES, List.of());
        assertEquals(key.algorithm(), key.other().algorithm());
        assertNotEquals(key.sign(io.jsonwebtoken.Jwts.builder().subject("a")),
                key.other().sign(io.jsonwebtoken.Jwts.builder().subject("a")));
    }
}
