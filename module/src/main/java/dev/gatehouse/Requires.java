package dev.gatehouse;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a connection's token must hold for a handler type to run: a frame from a connection that
 * lacks it is answered {@code FORBIDDEN} with {@code reply_to}, the handler is not called, and the
 * connection stays open (PROTOCOL.md §3.4).
 *
 * <p>{@code groups}: at least one of them in the token's {@code groups} claim, as
 * {@code @RolesAllowed} means. {@code scopes}: every one of them in its {@code scope} claim (a
 * space-separated string, or an array), as OAuth means. Given both, both must hold.
 *
 * <pre>{@code
 * .handler(FrameHandler.of("room.delete", JsonObject.class, this::delete), Requires.groups("admin"))
 * }</pre>
 *
 * @param anyGroup any one of these groups, or empty for no group rule
 * @param everyScope every one of these scopes, or empty for no scope rule
 */
public record Requires(Set<String> anyGroup, Set<String> everyScope) {
    /** No requirement. */
    public static final Requires NOTHING = new Requires(Set.of(), Set.of());

    /**
     * Copies the sets.
     *
     * @param anyGroup any one of these groups
     * @param everyScope every one of these scopes
     */
    public Requires {
        anyGroup = Set.copyOf(anyGroup);
        everyScope = Set.copyOf(everyScope);
    }

    /**
     * Requires at least one of the groups.
     *
     * @param groups the groups, at least one
     * @return the requirement
     */
    public static Requires groups(String... groups) {
        return new Requires(nonEmpty(groups, "group"), Set.of());
    }

    /**
     * Requires every one of the scopes.
     *
     * @param scopes the scopes, at least one
     * @return the requirement
     */
    public static Requires scopes(String... scopes) {
        return new Requires(Set.of(), nonEmpty(scopes, "scope"));
    }

    /**
     * Whether a token meets this requirement.
     *
     * @param token the connection's token
     * @return true when it may use the handler
     */
    public boolean isMetBy(VerifiedToken token) {
        boolean group = anyGroup.isEmpty() || token.groups().stream().anyMatch(anyGroup::contains);
        return group && (everyScope.isEmpty() || scopesOf(token).containsAll(everyScope));
    }

    private static Collection<?> scopesOf(VerifiedToken token) {
        Object scope = token.claims().get("scope");
        if (scope instanceof String s) {
            return List.of(s.trim().split("\\s+"));
        }
        return scope instanceof Collection<?> c ? c : List.of();
    }

    private static Set<String> nonEmpty(String[] names, String what) {
        if (names.length == 0) {
            throw new IllegalArgumentException("at least one " + what);
        }
        for (String name : names) {
            if (Objects.requireNonNull(name, what).isBlank()) {
                throw new IllegalArgumentException("a blank " + what);
            }
        }
        return Set.of(names);
    }
}
