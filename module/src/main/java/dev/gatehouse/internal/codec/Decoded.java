package dev.gatehouse.internal.codec;

import dev.gatehouse.spi.Envelope;

/** The result of decoding one text frame: an envelope, or the reason it is malformed. */
public sealed interface Decoded {

    /**
     * A well-formed frame.
     *
     * @param envelope the decoded envelope
     */
    record Frame(Envelope envelope) implements Decoded {
    }

    /**
     * A malformed frame.
     *
     * @param reason a client-safe explanation
     * @param id the frame's correlation id when it could be read, else null
     */
    record Malformed(String reason, String id) implements Decoded {
    }
}
