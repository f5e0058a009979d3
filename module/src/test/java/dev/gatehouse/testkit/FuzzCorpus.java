package dev.gatehouse.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checked-in corpus of hostile inputs, {@code src/test/resources/fuzz-corpus/<component>/}: one
 * file per input, named {@code <expected>[+<option>...]--<label>.<ext>} (see the corpus README).
 */
public final class FuzzCorpus {

    private FuzzCorpus() {
    }

    /**
     * One input and what it must get.
     *
     * @param file the file
     * @param expected the expected outcome, the part of the name before the first {@code +} or {@code --}
     * @param options the {@code +}-separated options after it
     */
    public record Entry(Path file, String expected, List<String> options) {

        /** The value of the option {@code name-<value>}, if the entry has it. */
        public Optional<String> option(String name) {
            return options.stream().filter(o -> o.startsWith(name + "-")).map(o -> o.substring(name.length() + 1)).findFirst();
        }

        /** The file as UTF-8 text. */
        public String text() {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The file's text without a final line break. */
        public String line() {
            return text().replaceFirst("\\R\\z", "");
        }

        /** The file as hex, whitespace and {@code #} comments ignored. */
        public byte[] hex() {
            String digits = text().replaceAll("#[^\\n]*", "").replaceAll("\\s", "");
            return HexFormat.of().parseHex(digits);
        }

        /** The file name, for the test's display name. */
        public String name() {
            return file.getFileName().toString();
        }
    }

    /** Every input of a component, in name order; fails when there is none. */
    public static List<Entry> entries(String component) {
        URL dir = FuzzCorpus.class.getResource("/fuzz-corpus/" + component);
        if (dir == null) {
            throw new IllegalStateException("no corpus directory fuzz-corpus/" + component + " on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<Entry> entries = files.filter(f -> f.getFileName().toString().contains("--")).sorted()
                    .map(FuzzCorpus::entry).toList();
            if (entries.isEmpty()) {
                throw new IllegalStateException("fuzz-corpus/" + component + " holds no input");
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Entry entry(Path file) {
        String head = file.getFileName().toString().split("--", 2)[0];
        List<String> parts = Arrays.asList(head.split("\\+"));
        return new Entry(file, parts.get(0), parts.subList(1, parts.size()));
    }
}
