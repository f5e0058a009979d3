package dev.gatehouse.examples.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README shows this module's sources character for character: {@code Chat.java} under "Writing
 * a handler", {@code ChatTest.java} under "Testing your handlers"; the build compiles and runs them.
 */
class ReadmeExampleTest {
    @ParameterizedTest
    @ValueSource(strings = {"src/main/java/dev/gatehouse/examples/testing/Chat.java",
            "src/test/java/dev/gatehouse/examples/testing/ChatTest.java"})
    void theReadmeShowsTheFileThatRuns(String file) throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        String source = Files.readString(Path.of(file));
        assertTrue(readme.contains("```java\n" + source + "```\n"),
                "README.md's copy of " + file + " differs from the file: paste the file into it");
    }
}
