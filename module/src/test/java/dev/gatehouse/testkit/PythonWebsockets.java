package dev.gatehouse.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a python-websockets client script, a test resource, as a real peer of another stack than Java's. */
public final class PythonWebsockets {
    /** How the script ended: its exit code and its output (standard error included). */
    public record Result(int exit, String output) {
    }

    private PythonWebsockets() {
    }

    /**
     * Runs the script (a class path resource such as {@code /wss-python-client.py}) with the
     * arguments, and waits at most a minute for it to end.
     */
    public static Result run(String resource, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(python(),
                Path.of(PythonWebsockets.class.getResource(resource).toURI()).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not end: " + out);
        return new Result(p.exitValue(), out);
    }

    /** A python3 that imports websockets: Debian's (where apt installs it), else the PATH's; or the test fails naming the package. */
    private static String python() throws Exception {
        for (String python : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import websockets").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // not there: try the next one
            }
        }
        throw new AssertionError("No python3 with the websockets module: install the Debian package"
                + " python3-websockets (apt-get install python3-websockets)");
    }
}
