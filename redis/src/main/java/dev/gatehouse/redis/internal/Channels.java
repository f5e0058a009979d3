package dev.gatehouse.redis.internal;

/**
 * Names in Redis. Channels: {@code <prefix>:all} and {@code <prefix>:room:<name>} with classic
 * pub/sub; with N sharded partitions the topic's partition is hash-tagged in, {@code
 * <prefix>:{p7}:room:<name>}, so that Redis Cluster maps the channels to N slots only. Presence:
 * per room and node a hash {@code <prefix>:presence:{<room>}:<node>} and per room the set of its
 * nodes, {@code <prefix>:presence:{<room>}}; the room is the hash tag, so a room's keys share a
 * slot and one script reads them all. Room names cannot contain braces, so they cannot break
 * the tag. History (see {@link RedisHistoryStore}): per stream a Redis Stream
 * {@code <prefix>:history:{<stream>}} and a hash {@code <prefix>:history:{<stream>}:meta}, the
 * stream's name as hash tag, with {@code %}, <code>{</code> and <code>}</code> percent-encoded
 * (a user id may contain anything), so that both keys share a slot and two streams never share a
 * key. With sharded pub/sub the tag is instead the partition of the topic the stream is published
 * to, {@code <prefix>:history:{p7}:{<stream>}}, because the append script publishes to that
 * channel and a script in a Redis Cluster must keep to one slot. Revocations: one sorted set
 * {@code <prefix>:revocations}. Immutable.
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

    /** The sorted set of the revocations, each scored by the epoch millisecond it expires at. */
    String revocations() {
        return prefix + "revocations";
    }

    /** The hash of a room's members on one node: connection id → user id. */
    String presenceHash(String room, String node) {
        return presenceNodes(room) + ":" + node;
    }

    /** The set of the nodes that have members in a room. */
    String presenceNodes(String room) {
        return presencePrefix + room + "}";
    }

    /** The Redis Stream holding a history stream's entries ({@code room:<name>} or {@code user:<id>}). */
    String historyStream(String stream) {
        StringBuilder key = new StringBuilder(prefix.length() + 16 + stream.length()).append(prefix).append("history:");
        if (sharded()) {
            key.append("{p").append(partition(historyTopic(stream))).append("}:");
        }
        key.append('{');
        for (int i = 0; i < stream.length(); i++) {
            char ch = stream.charAt(i);
            switch (ch) {
                case '%' -> key.append("%25");
                case '{' -> key.append("%7B");
                case '}' -> key.append("%7D");
                default -> key.append(ch);
            }
        }
        return key.append('}').toString();
    }

    /** The hash holding a history stream's {@code epoch}, {@code top} offset and entry {@code age}. */
    String historyMeta(String stream) {
        return historyStream(stream) + ":meta";
    }

    /**
     * The topic a history stream is published to, as the core publishes it: a room's own topic,
     * and {@code all} for a user's stream. With sharded pub/sub the stream's keys live in that
     * topic's partition; {@link RedisHistoryStore#append} refuses a topic of another partition.
     */
    static String historyTopic(String stream) {
        return stream.startsWith("room:") ? stream : "all";
    }
}
