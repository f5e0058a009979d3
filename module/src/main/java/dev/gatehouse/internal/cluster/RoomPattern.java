package dev.gatehouse.internal.cluster;

/**
 * One entry of a room-name setting ({@code gatehouse.presence.rooms}, {@code gatehouse.history.rooms}):
 * a room's name, or a prefix followed by {@code *} ({@code chat:*}; {@code *} alone is every room).
 *
 * @param name the name, or the prefix without its {@code *}
 * @param prefix whether rooms starting with {@code name} match, rather than that room only
 */
record RoomPattern(String name, boolean prefix) {

    /** The pattern as written in a setting. */
    static RoomPattern of(String pattern) {
        boolean prefix = pattern.endsWith("*");
        return new RoomPattern(prefix ? pattern.substring(0, pattern.length() - 1) : pattern, prefix);
    }

    /** Whether a room is one this pattern names. */
    boolean matches(String room) {
        return prefix ? room.startsWith(name) : room.equals(name);
    }
}
