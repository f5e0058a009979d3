package dev.gatehouse.internal.standalone;

import jakarta.websocket.Extension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusExtension;

/**
 * What the server agrees to for one {@code permessage-deflate} offer (RFC 7692 §7.1), or that it
 * declines the offer. An offer with an unknown or repeated parameter, or a value out of range, is
 * declined (§7.1: "MUST decline"), so that the client may fall back to another offer or to none.
 *
 * <ul>
 * <li>{@code server_no_context_takeover} is in every answer unless the server keeps context
 * ({@code gatehouse.compression.context-takeover}) and the client did not ask for it; a server may
 * always add it (§7.1.1.1).</li>
 * <li>{@code client_no_context_takeover} likewise (§7.1.1.2): then the server keeps no inflater
 * between a client's messages either.</li>
 * <li>{@code server_max_window_bits=N} is accepted with the client's value. The JDK's deflater
 * cannot use a window below 32 KiB, but a message of at most 2^N bytes compressed on its own
 * refers back at most 2^N bytes, so the server resets after every message
 * ({@code server_no_context_takeover}) and compresses only messages of at most 2^N bytes; longer
 * ones go uncompressed, which §6 allows message by message.</li>
 * <li>{@code client_max_window_bits}, with or without a value, needs nothing in the answer: the
 * inflater's 32 KiB window reads any window the client uses (§7.1.2.2 makes the parameter in
 * the answer optional).</li>
 * </ul>
 *
 * @param serverNoContextTakeover the server resets its compressor after every message
 * @param clientNoContextTakeover the client resets after every message, so may the inflater
 * @param serverMaxWindowBits the window the client's decompressor has, in bits (15 when the offer did not say)
 * @param windowAnswered whether {@code server_max_window_bits} is in the answer
 */
record DeflateAgreement(boolean serverNoContextTakeover, boolean clientNoContextTakeover, int serverMaxWindowBits,
        boolean windowAnswered) {

    /** The extension's registered name. */
    static final String NAME = "permessage-deflate";
    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
    private static final int MAX_WINDOW_BITS = 15;

    /**
     * The first {@code permessage-deflate} offer the server can honour, in the client's order of
     * preference (§5.1), or empty.
     *
     * @param offers the extensions the client offered
     * @param contextTakeover whether the server keeps zlib state between messages when the client lets it
     */
    static Optional<DeflateAgreement> first(List<Extension> offers, boolean contextTakeover) {
        for (Extension offer : offers) {
            if (NAME.equals(offer.getName())) {
                Optional<DeflateAgreement> agreed = accept(offer.getParameters(), contextTakeover);
                if (agreed.isPresent()) {
                    return agreed;
                }
            }
        }
        return Optional.empty();
    }

    /** The agreement for one offer's parameters, or empty when the server declines it. */
    static Optional<DeflateAgreement> accept(List<Extension.Parameter> parameters, boolean contextTakeover) {
        Set<String> seen = new HashSet<>();
        boolean serverNoTakeover = !contextTakeover;
        boolean clientNoTakeover = !contextTakeover;
        int serverBits = MAX_WINDOW_BITS;
        boolean windowAnswered = false;
        for (Extension.Parameter p : parameters) {
            String name = p.getName();
            String value = p.getValue();
            if (!seen.add(name)) {
                return Optional.empty();
            }
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) {
                        return Optional.empty();
                    }
                    serverNoTakeover = true;
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) {
                        return Optional.empty();
                    }
                    clientNoTakeover = true;
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    serverBits = windowBits(value);
                    if (serverBits < 0) {
                        return Optional.empty();
                    }
                    windowAnswered = true;
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    if (value != null && windowBits(value) < 0) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new DeflateAgreement(serverNoTakeover || serverBits < MAX_WINDOW_BITS, clientNoTakeover,
                serverBits, windowAnswered));
    }

    /** §7.1.2: 8 to 15, written without a leading zero; -1 for anything else. */
    private static int windowBits(String value) {
        if (value == null || !value.matches("[89]|1[0-5]")) {
            return -1;
        }
        return Integer.parseInt(value);
    }

    /** The largest message the server may compress: a shorter window than its own limits it. */
    int largestCompressible() {
        return serverMaxWindowBits < MAX_WINDOW_BITS ? 1 << serverMaxWindowBits : Integer.MAX_VALUE;
    }

    /** The answer's parameters, for {@code Sec-WebSocket-Extensions}. */
    List<Extension.Parameter> response() {
        List<Extension.Parameter> answer = new ArrayList<>(3);
        if (serverNoContextTakeover) {
            answer.add(new TyrusExtension.TyrusParameter(SERVER_NO_CONTEXT_TAKEOVER, null));
        }
        if (clientNoContextTakeover) {
            answer.add(new TyrusExtension.TyrusParameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        if (windowAnswered) {
            answer.add(new TyrusExtension.TyrusParameter(SERVER_MAX_WINDOW_BITS, Integer.toString(serverMaxWindowBits)));
        }
        return answer;
    }
}
