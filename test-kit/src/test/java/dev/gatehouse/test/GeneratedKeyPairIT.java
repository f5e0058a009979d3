package dev.gatehouse.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.test.internal.SigningKey;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server configured with a public key: the extension signs with the private key the test gives,
 * or, given none, runs on a key pair of the configured algorithm made for the run.
 */
class GeneratedKeyPairIT {
    private static final KeyPair RSA = SigningKey.generate("RS256");

    @RegisterExtension
    static final GatehouseExtension GIVEN = GatehouseExtension.withHandlers(g -> { })
            .config(Map.of("mp.jwt.verify.publickey", SigningKey.publicPem(RSA)))
            .signingKey(RSA.getPrivate());

    @RegisterExtension
    static final GatehouseExtension GENERATED = GatehouseExtension.withHandlers(g -> { })
            .config(Map.of("mp.jwt.verify.publickey.location", "/nowhere/public-key.pem",
                    "mp.jwt.verify.publickey.algorithm", "ES256"));

    @Test
    void tokensSignedWithTheGivenPrivateKeyAreAccepted() {
        assertEquals("RS256", GIVEN.tokens().algorithm());
        assertEquals(101, Handshakes.upgrade(GIVEN.uri(), GIVEN.tokens().valid("alice")).status());
        assertEquals(401, Handshakes.upgrade(GIVEN.uri(), GIVEN.tokens().wrongSignature("alice")).status());
    }

    @Test
    void withoutAPrivateKeyTheRunGetsAKeyPairOfTheConfiguredAlgorithm() {
        assertEquals("ES256", GENERATED.tokens().algorithm());
        assertEquals(101, Handshakes.upgrade(GENERATED.uri(), GENERATED.tokens().valid("alice")).status());
    }

    @Test
    void tokensOfOneServerAreRefusedByAnother() {
        assertEquals(401, Handshakes.upgrade(GIVEN.uri(), GENERATED.tokens().valid("alice")).status());
    }
}
