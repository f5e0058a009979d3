package dev.gatehouse.bench;

import java.util.Locale;

/**
 * What Gatehouse is measured beside, one column of the table each: the floor (the bare Tyrus echo,
 * no token, no parsing), the endpoint a team writes by hand, Gatehouse, and a peer on its own stack
 * in its own process. Rows that compare two set-ups of something else (meters off and on, history
 * off and on, a backplane alone) use the floor and Gatehouse columns only.
 */
enum Column {
    FLOOR("floor", "/bare", false, "bare"),
    HAND("hand-written", "/hand", true, "hand"),
    GATEHOUSE("Gatehouse", "/ws", true, "gh"),
    PEER("peer", "/ws", true, "peer");

    /** The table's heading. */
    final String label;
    /** The WebSocket path on the column's server. */
    final String path;
    /** Whether a connection is ready at the welcome frame (else at the 101), and has to present a valid token. */
    final boolean welcomes;
    /** The column's word in the server's {@code fanout <name> <k>} command. */
    final String fanout;

    Column(String label, String path, boolean welcomes, String fanout) {
        this.label = label;
        this.path = path;
        this.welcomes = welcomes;
        this.fanout = fanout;
    }

    /** The column's key in the JSON output. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
