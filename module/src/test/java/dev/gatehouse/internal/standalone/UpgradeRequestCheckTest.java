package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which spellings of a path are the endpoint's (PROTOCOL.md §1.4). */
class UpgradeRequestCheckTest {
    private final UpgradeRequestCheck check = new UpgradeRequestCheck("/ws", List.of());

    /**
     * Regression, found by UpgradeRequestCheckProperties: the hex digits of a percent escape were read
     * with Character.digit, which takes any Unicode digit, so /%٧7%73 (an Arabic-Indic seven) was /ws.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/%\u06677%73", "/w%7\u0969", "/%\uff17\uff17s", "/w%\uff17\uff13", "/%\u0967\u0969"})
    void percentEscapeWithANonAsciiDigitIsNotAPercentEncoding(String rawPath) {
        assertNull(UpgradeRequestCheck.canonicalPath(rawPath));
        var refused = assertInstanceOf(UpgradeRequestCheck.Refused.class, check.check("GET", rawPath, UpgradeHeaders.valid()));
        assertEquals(404, refused.refusal().status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws", "/%77s", "/%77%73", "/w%73;a=b", "/ws;x=1", "/ws;"})
    void asciiPercentEscapesAndParametersAreTheEndpointsPath(String rawPath) {
        assertEquals(new UpgradeRequestCheck.ForGatehouse("/ws"), check.check("GET", rawPath, UpgradeHeaders.valid()));
    }
}
