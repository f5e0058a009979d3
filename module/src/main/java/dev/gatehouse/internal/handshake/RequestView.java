package dev.gatehouse.internal.handshake;

import java.util.List;
import java.util.Optional;

/** The parts of an upgrade request the handshake checks read, whatever the container. */
public interface RequestView {

    /** Every value of a header (case-insensitive name), each as sent; empty when absent. */
    List<String> headers(String name);

    /** The first value of a query parameter. */
    Optional<String> queryParameter(String name);

    /** The first value of a header. */
    default Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }
}
