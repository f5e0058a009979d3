package dev.gatehouse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a column's time goes in one row: the server's JFR execution samples taken during that
 * column's measured runs (the windows {@code bench.runs} logged), and for each part of the path the
 * share of those samples whose stack passes through it (inclusive). {@code bench/run.sh profile}
 * records and cuts Gatehouse's fresh HS256 handshakes and its messages at 8 in flight; the parts
 * are named here, by the methods that begin them.
 *
 * <p>Usage: {@code ProfileCut <recording.jfr> <runs.tsv> <row substring> <column>}.
 */
public final class ProfileCut {
    /** The parts of a handshake and of a frame, each by a pattern on {@code Class.method}. */
    static final Map<String, Pattern> PARTS = parts(
            "jjwt's parse (all of it)", "io\\.jsonwebtoken\\.impl\\.io\\.AbstractParser\\.parse",
            "  JSON deserialisation (Gson, or JSON-P)", "GsonDeserializer\\.doDeserialize|JsonpDeserializer\\.deserialize",
            "  Mac.getInstance + init", "javax\\.crypto\\.Mac\\.(getInstance|init)",
            "  jjwt's tokenizer", "io\\.jsonwebtoken\\.impl\\.JwtTokenizer\\.tokenize",
            "the token's verification (all of it)", "JwtTokenVerifier\\.verify",
            "the welcome, encoded and handed to Tyrus", "ProtocolFrames\\.welcome|lifecycle\\.Outbox\\.open",
            "the held 101 and welcome released as one write", "standalone\\.Wire\\.releaseWrites",
            "request checks and trimming", "standalone\\.(TrimmedRequest|UpgradeRequestCheck)\\.",
            "Tyrus' upgrade", "TyrusServerFilter|TyrusWebSocketEngine\\.upgrade",
            "Grizzly's HTTP parse", "HttpCodecFilter\\.handleRead",
            "decoding a frame's envelope (all of it)", "codec\\.EnvelopeCodec\\.decode",
            "  the hostile-input pre-scan", "codec\\.FrameScan\\.scan",
            "encoding the reply", "codec\\.EnvelopeCodec\\.encode",
            "handing the reply to Tyrus", "endpoint\\.SessionTransport\\.sendText",
            "routing and the handler", "routing\\.Router\\.route");

    private ProfileCut() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: ProfileCut <recording.jfr> <runs.tsv> <row substring> <column>");
            System.exit(2);
        }
        List<Instant[]> windows = windows(Path.of(args[1]), args[2], args[3]);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no run of " + args[3] + " in a row with \"" + args[2] + "\" in " + args[1]);
        }
        int samples = 0;
        Map<String, Integer> hits = new LinkedHashMap<>();
        PARTS.keySet().forEach(k -> hits.put(k, 0));
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || windows.stream().noneMatch(w -> !e.getStartTime().isBefore(w[0]) && !e.getStartTime().isAfter(w[1]))) {
                continue;
            }
            samples++;
            Set<String> methods = new HashSet<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                methods.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            PARTS.forEach((part, p) -> {
                if (methods.stream().anyMatch(m -> p.matcher(m).find())) {
                    hits.merge(part, 1, Integer::sum);
                }
            });
        }
        System.out.printf(Locale.ROOT, "%s, %s: %d samples in %d runs%n", args[2], args[3], samples, windows.size());
        int n = Math.max(1, samples);
        hits.forEach((part, k) -> System.out.printf(Locale.ROOT, "%6.1f %%  %s%n", 100.0 * k / n, part));
    }

    /** The windows of a column's runs in the rows whose name contains {@code row}. */
    private static List<Instant[]> windows(Path runs, String row, String column) throws IOException {
        List<Instant[]> windows = new ArrayList<>();
        for (String line : Files.readAllLines(runs)) {
            String[] f = line.split("\t");
            if (f.length == 4 && f[0].contains(row) && f[1].equals(column)) {
                windows.add(new Instant[] {Instant.ofEpochMilli(Long.parseLong(f[2])), Instant.ofEpochMilli(Long.parseLong(f[3]))});
            }
        }
        return windows;
    }

    private static Map<String, Pattern> parts(String... nameThenPattern) {
        Map<String, Pattern> parts = new LinkedHashMap<>();
        for (int i = 0; i < nameThenPattern.length; i += 2) {
            parts.put(nameThenPattern[i], Pattern.compile(nameThenPattern[i + 1]));
        }
        return parts;
    }
}
