package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.FrameHandler;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a {@link Requires} lets through, and what the builder refuses about it. */
class RequiresTest {
    private static VerifiedToken token(Set<String> groups, Map<String, Object> claims) {
        return new VerifiedToken("alice", Instant.now().plusSeconds(60), groups, claims);
    }

    @Test
    void groupsNeedAnyOneOfThem() {
        Requires r = Requires.groups("ops", "admin");
        assertTrue(r.isMetBy(token(Set.of("chat", "admin"), Map.of())));
        assertFalse(r.isMetBy(token(Set.of("chat"), Map.of())));
        assertFalse(r.isMetBy(token(Set.of(), Map.of())));
    }

    @Test
    void scopesNeedEveryOneOfThemFromAStringOrAnArray() {
        Requires r = Requires.scopes("chat:read", "chat:write");
        assertTrue(r.isMetBy(token(Set.of(), Map.of("scope", "openid chat:write  chat:read"))));
        assertTrue(r.isMetBy(token(Set.of(), Map.of("scope", List.of("chat:read", "chat:write")))));
        assertFalse(r.isMetBy(token(Set.of(), Map.of("scope", "chat:read"))));
        assertFalse(r.isMetBy(token(Set.of(), Map.of())));
        assertFalse(r.isMetBy(token(Set.of(), Map.of("scope", 42))));
    }

    @Test
    void givenBothGroupsAndScopesBothMustHold() {
        Requires r = new Requires(Set.of("admin"), Set.of("rooms:delete"));
        assertTrue(r.isMetBy(token(Set.of("admin"), Map.of("scope", "rooms:delete"))));
        assertFalse(r.isMetBy(token(Set.of("admin"), Map.of())));
        assertFalse(r.isMetBy(token(Set.of(), Map.of("scope", "rooms:delete"))));
    }

    @Test
    void anEmptyOrBlankRequirementIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Requires.groups());
        assertThrows(IllegalArgumentException.class, () -> Requires.scopes(" "));
    }

    /** A handler that does nothing, for its class's annotations. */
    abstract static class Quiet implements FrameHandler<JsonObject> {
        @Override
        public String type() {
            return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public Class<JsonObject> payloadType() {
            return JsonObject.class;
        }

        @Override
        public void handle(JsonObject payload, MessageContext context) {
        }
    }

    @RolesAllowed("ops")
    static final class Annotated extends Quiet {
    }

    @RolesAllowed({})
    static final class NobodyAllowed extends Quiet {
    }

    @Test
    void aHandlerWithRolesAllowedAndARequiresInCodeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Gatehouse.builder().handler(new Annotated(), Requires.groups("admin")));
    }

    @Test
    void rolesAllowedNamingNoRoleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Gatehouse.builder().handler(new NobodyAllowed()));
    }
}
