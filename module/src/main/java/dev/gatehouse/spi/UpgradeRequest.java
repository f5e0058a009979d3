package dev.gatehouse.spi;

import dev.gatehouse.VerifiedToken;
import java.util.List;
import java.util.Optional;

/**
 * What an {@link UpgradeCheck} sees of an upgrade request: the verified token and a copy of the
 * request taken before the checks ran. It holds the token-bearing header or parameter too, as
 * sent: a check must not keep it ({@link UpgradeDecision#allow(java.util.Map)}).
 */
public interface UpgradeRequest {

    /** {@return the verified token's claims} */
    VerifiedToken token();

    /**
     * The client's IP address as the server's socket sees it (a proxy's, behind one; read
     * {@code X-Forwarded-For} only from a proxy you trust). Empty where the container does not tell:
     * in diagnostic handshake mode, where the WebSocket API's handshake request is all there is.
     *
     * @return the address, for example {@code 127.0.0.1}
     */
    Optional<String> remoteAddress();

    /**
     * Every value of a header, each as sent.
     *
     * @param name the header's name, case-insensitive
     * @return the values; empty when absent
     */
    List<String> headers(String name);

    /**
     * The first value of a header.
     *
     * @param name the header's name, case-insensitive
     * @return the value, when present
     */
    default Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The first value of a query parameter.
     *
     * @param name the parameter's name
     * @return the value, when present
     */
    Optional<String> queryParameter(String name);

    /** {@return the {@code Origin} header, when present} */
    default Optional<String> origin() {
        return header("Origin");
    }
}
