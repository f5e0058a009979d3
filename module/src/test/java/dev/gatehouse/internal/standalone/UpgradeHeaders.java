package dev.gatehouse.internal.standalone;

import dev.gatehouse.internal.handshake.RequestView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * The headers of an upgrade request, built in a test: each entry a name and a value, names
 * case-insensitive and repeatable, in the order given.
 *
 * @param entries name and value pairs
 */
record UpgradeHeaders(List<String[]> entries) implements RequestView {
    private static final String VALID_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** The headers of a well-formed upgrade request. */
    static UpgradeHeaders valid() {
        return new UpgradeHeaders(List.of(new String[] {"Upgrade", "websocket"}, new String[] {"Connection", "Upgrade"},
                new String[] {"Sec-WebSocket-Version", "13"}, new String[] {"Sec-WebSocket-Key", VALID_KEY}));
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (String[] e : entries) {
            if (e[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                values.add(e[1]);
            }
        }
        return values;
    }

    @Override
    public Optional<String> queryParameter(String name) {
        return Optional.empty();
    }

    @Override
    public Map<String, List<String>> allHeaders() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        entries.forEach(e -> all.computeIfAbsent(e[0], n -> new ArrayList<>()).add(e[1]));
        return all;
    }

    @Override
    public Map<String, List<String>> allQueryParameters() {
        return Map.of();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        entries.forEach(e -> b.append(e[0]).append(": ").append(e[1]).append("; "));
        return b.toString();
    }
}
