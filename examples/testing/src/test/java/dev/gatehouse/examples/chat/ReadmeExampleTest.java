package dev.gatehouse.examples.chat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Testing your handlers" example is this module's ChatRoomsTest, character for character. */
class ReadmeExampleTest {
    @Test
    void theReadmeShowsTheTestThatRuns() throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        String test = Files.readString(Path.of("src/test/java/dev/gatehouse/examples/chat/ChatRoomsTest.java"));
        assertTrue(readme.contains("```java\n" + test + "```\n"),
                "README.md's \"Testing your handlers\" block differs from ChatRoomsTest.java: paste the file into it");
    }
}
