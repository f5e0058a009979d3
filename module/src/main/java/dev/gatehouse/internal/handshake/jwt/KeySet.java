package dev.gatehouse.internal.handshake.jwt;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An immutable set of verification keys, looked up by {@code kid}. */
final class KeySet {
    private final List<VerificationKey> keys;
    private final Map<String, VerificationKey> byId;

    KeySet(List<VerificationKey> keys) {
        this.keys = List.copyOf(keys);
        Map<String, VerificationKey> ids = new HashMap<>();
        for (VerificationKey key : keys) {
            if (key.id() != null) {
                ids.putIfAbsent(key.id(), key);
            }
        }
        this.byId = Map.copyOf(ids);
    }

    /**
     * The key for a token's {@code kid}, or null. A set of one key serves a token without
     * {@code kid}, and a key without an id serves any {@code kid}.
     */
    VerificationKey select(String kid) {
        if (keys.size() == 1) {
            VerificationKey only = keys.get(0);
            return kid == null || only.id() == null || only.id().equals(kid) ? only : null;
        }
        return kid == null ? null : byId.get(kid);
    }

    /** Whether a token must name its key because there are several. */
    boolean needsKid() {
        return keys.size() > 1;
    }

    /** Every algorithm some key of this set may verify. */
    Set<String> algorithms() {
        Set<String> all = new HashSet<>();
        keys.forEach(key -> all.addAll(key.algorithms()));
        return all;
    }
}
