package dev.gatehouse.redis.internal;

/**
 * Names in Redis. Channels: {@code <prefix>:all} and {@code <prefix>:room:<name>} with classic
 * pub/sub; with N sharded partitions the topic's partition is hash-tagged in, {@code
 * <prefix>:{p7}:room:<name>}, so that Redis Cluster maps the channels to N slots only. Presence:
 * per room and node a hash {@code <prefix>:presence:{<room>}:<node>} and per room the set of its
 * nodes, {@code <prefix>:presence:{<room>}}; the room is the hash tag, so a room's keys share a
 * slot and one script reads them all. Room names cannot contain braces, so they cannot break
 * the tag. Immutable.
 */
final class Channels {
    private final String prefix;
    private final int partitions;
    private final String presencePrefix;

    Channels(String prefix, int partitions) {
        this.prefix = prefix + ":";
        this.partitions = partitions;
        this.presencePrefix = prefix + ":presence:{";
    }

    /** Whether sharded pub/sub (SPUBLISH, SSUBSCRIBE) is used. */
    boolean sharded() {
        return partitions > 0;
    }

    /** The channel of a topic ({@code all}, {@code room:<name>}). */
    String channel(String topic) {
        return sharded() ? prefix + "{p" + partition(topic) + "}:" + topic : prefix + topic;
    }

    /** The partition of a topic: stable across JVMs (String.hashCode is specified). */
    int partition(String topic) {
        return Math.floorMod(topic.hashCode(), partitions);
    }

    /** The topic of a channel, or null when the channel is not one of this prefix and mode. */
    String topic(String channel) {
        if (!channel.startsWith(prefix)) {
            return null;
        }
        String rest = channel.substring(prefix.length());
        if (!sharded()) {
            return rest;
        }
        int close = rest.indexOf("}:");
        if (!rest.startsWith("{p") || close < 0) {
            return null;
        }
        return rest.substring(close + 2);
    }

    /** The hash of a room's members on one node: connection id → user id. */
    String presenceHash(String room, String node) {
        return presenceNodes(room) + ":" + node;
    }

    /** The set of the nodes that have members in a room. */
    String presenceNodes(String room) {
        return presencePrefix + room + "}";
    }
}
