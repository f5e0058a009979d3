package dev.gatehouse.hazelcast.internal;

import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.HistoryStore.Position;

/**
 * What travels on a shard topic: plain Strings, so that no Gatehouse class ever needs to be on a
 * member's class path (Payara's own members, a cluster of plain Hazelcast servers). A message is
 * {@code M<topic>\n<message>}; a history append's publication is
 * {@code P<topic> <epoch> <offset>\n<message>}. Topics, epochs and offsets never hold a space or a
 * newline. Stateless.
 */
final class Wire {
    private Wire() {
    }

    static String plain(String topic, String message) {
        return "M" + topic + "\n" + message;
    }

    static String positioned(String topic, Position p, String message) {
        return "P" + topic + " " + p.epoch() + " " + p.offset() + "\n" + message;
    }

    /** The topic a text was published to; null for a text that is not ours. */
    static String topic(String text) {
        int newline = text.indexOf('\n');
        if (newline < 2) {
            return null;
        }
        char kind = text.charAt(0);
        if (kind == 'M') {
            return text.substring(1, newline);
        }
        int space = text.indexOf(' ');
        return kind == 'P' && space > 1 && space < newline ? text.substring(1, space) : null;
    }

    /**
     * Hands a text to the receiver: a positioned publication with its position, a plain message as
     * it is. A malformed positioned one goes as plain (the core counts it as malformed).
     */
    static void deliver(Backplane.Receiver receiver, String topic, String text) {
        int newline = text.indexOf('\n');
        String message = text.substring(newline + 1);
        if (text.charAt(0) == 'P') {
            String[] head = text.substring(1, newline).split(" ");
            long offset = head.length == 3 ? offset(head[2]) : -1;
            if (offset > 0 && !head[1].isEmpty()) {
                receiver.receive(topic, new Position(head[1], offset), message);
                return;
            }
        }
        receiver.receive(topic, message);
    }

    private static long offset(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }
}
