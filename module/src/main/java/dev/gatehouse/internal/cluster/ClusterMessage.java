package dev.gatehouse.internal.cluster;

/**
 * One message between nodes: what to deliver ({@code kind}, {@code target}, {@code except}) and the
 * frame itself, encoded once by the node that sent it. On the wire: a header line
 * {@code G2 <signature> <kind> <origin> <seq> <target length> <except length> <sent>}, then the
 * target, the exception and the body, back to back. The signature is the {@link MessageSigner}'s
 * over everything after it (the rest of the header, the target, the exception and the body); a
 * message whose signature does not verify is {@link BadSignature}, and so is one of the unsigned
 * {@code G1} format of earlier versions. The origin is the sending node's id and start; the
 * sequence number is unique per message of the origin (one counter, though concurrent senders may
 * publish out of its order), so a receiver drops a message it saw already. {@code sent}
 * (microseconds since the epoch, on the sender's clock) gives the receiver the lag.
 *
 * @param kind what the target is
 * @param origin the sending node's id and start
 * @param seq the origin's sequence number
 * @param sentMicros when it was published, in microseconds since the epoch, or 0 when unknown
 * @param target the room, user or connection; empty for everyone
 * @param except a connection left out; empty for none
 * @param body the encoded frame, {@code <code> <reason>} for a disconnect, or {@code <what> <instant>}
 *     for a revocation
 */
record ClusterMessage(Kind kind, String origin, long seq, long sentMicros, String target, String except, String body) {
    private static final String MAGIC = "G2 ";
    private static final String UNSIGNED_MAGIC = "G1 ";

    /** A message that is well formed but not signed by a holder of the cluster secret. */
    static final class BadSignature extends IllegalArgumentException {
        BadSignature(String what) {
            super(what);
        }
    }

    /** What a message is for. */
    enum Kind {
        /** Every connection. */
        BROADCAST('B'),
        /** The connections of the user {@code target}, except {@code except}. */
        USER('U'),
        /** The connection {@code target}. */
        CONNECTION('C'),
        /** The members of the room {@code target}, except {@code except}. */
        ROOM('R'),
        /** Close every connection of the user {@code target}. */
        DISCONNECT_USER('D'),
        /** Close the connection {@code target}. */
        DISCONNECT_CONNECTION('K'),
        /** Revoke the token or user {@code target} (see {@link NodeRevocations}). */
        REVOKE('V');

        private final char letter;

        Kind(char letter) {
            this.letter = letter;
        }

        static Kind of(char letter) {
            for (Kind k : values()) {
                if (k.letter == letter) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown kind " + letter);
        }
    }

    /** The topic a message of this kind to this target goes to: its room's, or {@code all}. */
    static String topic(Kind kind, String target) {
        return kind == Kind.ROOM ? roomTopic(target) : "all";
    }

    /** The topic of a room. */
    static String roomTopic(String room) {
        return stream(Kind.ROOM, room);
    }

    /**
     * The history stream of a room ({@code room:<name>}, the name of its topic too) or of a user's
     * direct frames ({@code user:<id>}).
     */
    static String stream(Kind kind, String target) {
        return (kind == Kind.USER ? "user:" : "room:") + target;
    }

    /** Now, in microseconds since the epoch. */
    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** The message as sent, signed by {@code signer}. */
    String encode(MessageSigner signer) {
        StringBuilder sb = new StringBuilder(48 + origin.length() + target.length() + except.length() + body.length());
        sb.append(kind.letter).append(' ').append(origin).append(' ').append(seq).append(' ')
                .append(target.length()).append(' ').append(except.length()).append(' ').append(sentMicros).append('\n')
                .append(target).append(except).append(body);
        String signed = sb.toString();
        return MAGIC + signer.sign(signed) + ' ' + signed;
    }

    /**
     * Decodes a message signed for {@code signer}.
     *
     * @throws BadSignature for a message not signed with the secret or the accepted one
     * @throws IllegalArgumentException for one that is not a Gatehouse message
     */
    static ClusterMessage decode(String text, MessageSigner signer) {
        if (text.startsWith(UNSIGNED_MAGIC)) {
            throw new BadSignature("unsigned");
        }
        int space = text.indexOf(' ', MAGIC.length());
        if (!text.startsWith(MAGIC) || space < 0) {
            throw new IllegalArgumentException("not a Gatehouse cluster message");
        }
        String signed = text.substring(space + 1);
        if (!signer.verify(signed, text.substring(MAGIC.length(), space))) {
            throw new BadSignature("bad signature");
        }
        int eol = signed.indexOf('\n');
        if (eol < 0) {
            throw new IllegalArgumentException("no header");
        }
        String[] header = signed.substring(0, eol).split(" ");
        if (header.length != 6 || header[0].length() != 1) {
            throw new IllegalArgumentException("bad header");
        }
        int targetLength = Integer.parseInt(header[3]);
        int exceptLength = Integer.parseInt(header[4]);
        int t = eol + 1;
        int e = t + targetLength;
        int b = e + exceptLength;
        if (targetLength < 0 || exceptLength < 0 || b > signed.length()) {
            throw new IllegalArgumentException("bad lengths");
        }
        return new ClusterMessage(Kind.of(header[0].charAt(0)), header[1], Long.parseLong(header[2]),
                Long.parseLong(header[5]), signed.substring(t, e), signed.substring(e, b), signed.substring(b));
    }
}
