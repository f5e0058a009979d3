package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertRejected;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.spi.Verification;
import java.util.Map;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code mp.jwt.verify.issuer} and {@code mp.jwt.verify.audiences} as the TCK's IssValidationTest,
 * IssValidationFailTest and Aud*ValidationTest configure them (4k key at {@code /publicKey4k.pem}).
 */
class TckClaimValidationTest {

    /** IssValidationTest. */
    @Test
    void matchingIssuerIsAccepted() {
        String token = requiredClaimsToken();

        assertInstanceOf(Verification.Accepted.class, verify(Map.of("mp.jwt.verify.issuer", Tck.ISSUER), token));
    }

    /** IssValidationFailTest. */
    @Test
    void otherIssuerIsRefused() {
        String token = requiredClaimsToken();

        assertEquals("issuer is not accepted", assertRejected(ErrorCode.INVALID_TOKEN,
                verify(Map.of("mp.jwt.verify.issuer", "https://IssValidationFailTest"), token), token));
    }

    /** AudValidationTest: the single {@code aud} of Token1 is one of those configured. */
    @Test
    void audienceAmongTheConfiguredIsAccepted() {
        assertInstanceOf(Verification.Accepted.class, verifyWithAudiences("aud3,badAud,s6BhdRkqt3,aud1", "/Token1.json"));
    }

    /** AudArrayValidationTest: one of the token's {@code aud} array is configured. */
    @Test
    void audienceArraySharingOneValueIsAccepted() {
        assertInstanceOf(Verification.Accepted.class, verifyWithAudiences("aud3,badAud,aud1", "/TokenAudiences.json"));
    }

    /** AudValidationBadAudTest. */
    @Test
    void audienceArraySharingNoValueIsRefused() {
        assertEquals("audience is not accepted", ((Verification.Rejected) verifyWithAudiences("notAValidAudience",
                "/TokenAudiences.json")).message());
    }

    /** AudValidationMissingAudTest. */
    @Test
    void tokenWithoutAudienceIsRefusedWhenOneIsRequired() {
        Verification outcome = verifyWithAudiences("aud2", "/RequiredClaims.json");

        assertEquals(ErrorCode.INVALID_TOKEN, ((Verification.Rejected) outcome).code());
    }

    private static Verification verifyWithAudiences(String audiences, String claims) {
        String token = call(() -> TokenUtils.signClaims(Tck.privateKey("/privateKey4k.pem"), "publicKey4k", claims));
        return verify(Map.of("mp.jwt.verify.issuer", Tck.ISSUER, "mp.jwt.verify.audiences", audiences), token);
    }

    private static Verification verify(Map<String, String> claimRules, String token) {
        Map<String, String> config = new java.util.HashMap<>(claimRules);
        config.put("mp.jwt.verify.publickey.location", "/publicKey4k.pem");
        return Tck.verifier(config).verify(token);
    }

    private static String requiredClaimsToken() {
        return call(() -> TokenUtils.signClaims(Tck.privateKey("/privateKey4k.pem"), "publicKey4k", "/RequiredClaims.json"));
    }
}
