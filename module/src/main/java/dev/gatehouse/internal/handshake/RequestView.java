package dev.gatehouse.internal.handshake;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parts of an upgrade request the handshake checks read, whatever the container. */
public interface RequestView {

    /** Every value of a header (case-insensitive name), each as sent; empty when absent. */
    List<String> headers(String name);

    /** The first value of a query parameter. */
    Optional<String> queryParameter(String name);

    /** Every header by name, each value as sent: for an {@link dev.gatehouse.spi.UpgradeCheck}'s copy. */
    Map<String, List<String>> allHeaders();

    /** Every query parameter by name, each value decoded: for an {@link dev.gatehouse.spi.UpgradeCheck}'s copy. */
    Map<String, List<String>> allQueryParameters();

    /** The client's IP address as the socket sees it; empty where the container does not tell. */
    default Optional<String> remoteAddress() {
        return Optional.empty();
    }

    /** The first value of a header. */
    default Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }
}
