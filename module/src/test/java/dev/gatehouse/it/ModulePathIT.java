package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.ModuleProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The library as a real module (module-info.java) on the module path: it exports {@code dev.gatehouse}
 * and {@code dev.gatehouse.spi} only, a standalone server on it welcomes a client over a real socket, and code outside the module
 * cannot call into the internals. (Every other test runs it on the class path, as a WAR does.)
 */
class ModulePathIT {
    /** Tyrus keeps the constructor of its Grizzly add-on package-private (module-info.java says why this is needed). */
    private static final String GRIZZLY_ADD_ON = "org.glassfish.tyrus.container.grizzly.server/org.glassfish.tyrus.container.grizzly.server";

    @Test
    void onTheModulePathOnlyTheApiIsExportedAndAServerWelcomesAClient() throws IOException, InterruptedException {
        String dependencies = Files.readString(Path.of("target", "module-path.txt")).trim();
        String modulePath = Path.of("target", "classes") + java.io.File.pathSeparator + dependencies;
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath,
                "--add-modules", "dev.gatehouse,org.glassfish.tyrus.container.grizzly.server,jjwt.impl,jjwt.gson,com.google.gson",
                "--add-opens", GRIZZLY_ADD_ON + "=dev.gatehouse",
                "-cp", Path.of("target", "test-classes").toString(),
                ModuleProbe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("MODULE dev.gatehouse\n"), output);
        assertTrue(output.contains("EXPORTS dev.gatehouse,dev.gatehouse.spi\n"), output);
        assertTrue(output.contains("\"event\":\"connection_established\""), output);
        assertTrue(output.contains("INTERNAL REFUSED dev.gatehouse.internal.lifecycle.ManagedConnection"), output);
    }
}
