package dev.gatehouse.examples.chat;

import dev.gatehouse.Handles;
import dev.gatehouse.MessageContext;
import dev.gatehouse.ReplyErrorCode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The chat's moderation, for moderators only: {@code chat.mute} {user} mutes a user in every chat
 * room (the chat then answers their {@code chat.send} with {@code chat.refused}), {@code chat.unmute}
 * {user} lifts it; both answer {@code chat.muted} {user, muted} ({@code muted} false after a mute
 * when {@link Mutes#LIMIT} users are muted already).
 *
 * <p>A handler bean with an injected service and a role: CDI injects the application's {@link Mutes}
 * (the one the chat consults), and {@code @RolesAllowed} means what it means on a resource method:
 * a token whose {@code groups} claim lacks {@code moderator} is answered {@code FORBIDDEN} by
 * Gatehouse, without a call, and its connection stays open.
 */
@ApplicationScoped
@RolesAllowed("moderator")
public class Moderation {
    private static final String NO_USER = "data.user names the user";

    private final Mutes mutes;

    /** {@code chat.mute}'s and {@code chat.unmute}'s data. */
    public record Target(String user) { }

    /** {@code chat.muted}'s data. */
    public record Muted(String user, boolean muted) { }

    /** For CDI's client proxy. */
    Moderation() {
        this(null);
    }

    /** Injected by CDI. */
    @Inject
    public Moderation(Mutes mutes) {
        this.mutes = mutes;
    }

    @Handles(value = "chat.mute", reply = "chat.muted")
    public Muted mute(Target target, MessageContext ctx) {
        if (target.user() == null) {
            ctx.replyError(ReplyErrorCode.MALFORMED_MESSAGE, NO_USER);
            return null;
        }
        return new Muted(target.user(), mutes.mute(target.user()));
    }

    @Handles(value = "chat.unmute", reply = "chat.muted")
    public Muted unmute(Target target, MessageContext ctx) {
        if (target.user() == null) {
            ctx.replyError(ReplyErrorCode.MALFORMED_MESSAGE, NO_USER);
            return null;
        }
        mutes.unmute(target.user());
        return new Muted(target.user(), false);
    }
}
