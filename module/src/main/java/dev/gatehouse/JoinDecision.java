package dev.gatehouse;

import dev.gatehouse.spi.RoomAuthorizer;
import java.util.Objects;

/**
 * Whether a connection may join a room, or did: the answer of a {@link RoomAuthorizer} and the
 * outcome of {@link Rooms#join}. A refusal is a value, never an exception. Immutable.
 */
public final class JoinDecision {
    private static final JoinDecision ALLOWED = new JoinDecision(null);

    private final String refusal;

    private JoinDecision(String refusal) {
        this.refusal = refusal;
    }

    /** {@return the decision that lets the connection in} */
    public static JoinDecision allow() {
        return ALLOWED;
    }

    /**
     * A refusal, with a reason the client is shown in the {@code ROOM_FORBIDDEN} error.
     *
     * @param reason a human-readable reason, never a secret
     * @return the decision
     */
    public static JoinDecision refuse(String reason) {
        return new JoinDecision(Objects.requireNonNull(reason, "reason"));
    }

    /** {@return whether the connection may join (or joined)} */
    public boolean allowed() {
        return refusal == null;
    }

    /** {@return the reason of a refusal; empty text when allowed} */
    public String reason() {
        return refusal == null ? "" : refusal;
    }

    @Override
    public String toString() {
        return allowed() ? "allowed" : "refused: " + refusal;
    }
}
