package dev.gatehouse.examples.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README shows the example chat's sources character for character: {@code Chat.java} and
 * {@code Moderation.java} under "Writing a handler", this module's {@code ChatTest.java} under "Testing
 * your handlers"; the build compiles and runs them.
 */
class ReadmeExampleTest {
    @ParameterizedTest
    @ValueSource(strings = {"../chat/src/main/java/dev/gatehouse/examples/chat/Chat.java",
            "../chat/src/main/java/dev/gatehouse/examples/chat/Moderation.java",
            "src/test/java/dev/gatehouse/examples/testing/ChatTest.java"})
    void theReadmeShowsTheFileThatRuns(String file) throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        String source = Files.readString(Path.of(file));
        assertTrue(readme.contains("```java\n" + source + "```\n"),
                "README.md's copy of " + file + " differs from the file: paste the file into it");
    }
}
