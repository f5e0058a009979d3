package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.junit.jupiter.api.Test;

/** The upgrade's writes leave in the order they were made, the 101 first, in as few writes as they can. */
class UpgradeWritesTest {
    private static final MemoryManager<?> MEMORY = MemoryManager.DEFAULT_MEMORY_MANAGER;
    private final UpgradeWrites writes = new UpgradeWrites();
    /** What reached the socket, one string per write. */
    private final List<String> socket = new ArrayList<>();

    @Test
    void theResponseAndTheWelcomeMadeInThePassLeaveAsOneWrite() {
        writes.start();
        assertTrue(hold("HTTP/1.1 101 Switching Protocols\r\n\r\n"));
        assertTrue(hold("welcome"));
        writes.release(this::write);
        assertEquals(List.of("HTTP/1.1 101 Switching Protocols\r\n\r\nwelcome"), socket);
        assertFalse(hold("later"), "after the pass, writes pass");
    }

    @Test
    void aWelcomeFromAnotherThreadWhileTheResponseIsBeingWrittenFollowsIt() {
        writes.start();
        assertTrue(hold("HTTP/1.1 101 Switching Protocols\r\n\r\n"));
        boolean[] heldMeanwhile = new boolean[1];
        writes.release((bytes, handler) -> {
            if (socket.isEmpty()) { // the welcome is made on another thread while the 101 is on its way
                heldMeanwhile[0] = CompletableFuture.supplyAsync(() -> hold("welcome")).join();
            }
            write(bytes, handler);
        });
        assertTrue(heldMeanwhile[0], "held, not written past the 101");
        assertEquals(List.of("HTTP/1.1 101 Switching Protocols\r\n\r\n", "welcome"), socket);
    }

    @Test
    void aRefusalIsNotHeld() {
        writes.start();
        assertFalse(hold("HTTP/1.1 401 Unauthorized\r\n\r\n"));
        assertFalse(hold("more"));
        writes.release(this::write);
        assertEquals(List.of(), socket);
    }

    @Test
    void everyHeldWriterHearsTheOutcome() {
        writes.start();
        List<Object> heard = new ArrayList<>();
        CompletionHandler<Object> handler = new EmptyCompletionHandler<>() {
            @Override
            public void completed(Object result) {
                heard.add(result);
            }
        };
        writes.hold(bytes("HTTP/1.1 101 Switching Protocols\r\n\r\n"), handler, false, MEMORY);
        writes.hold(bytes("welcome"), handler, false, MEMORY);
        writes.release((bytes, h) -> h.completed("done"));
        assertEquals(List.of("done", "done"), heard);
    }

    private boolean hold(String text) {
        return writes.hold(bytes(text), null, false, MEMORY);
    }

    private static Buffer bytes(String text) {
        return Buffers.wrap(MEMORY, text.getBytes(StandardCharsets.US_ASCII));
    }

    private void write(Buffer bytes, CompletionHandler<Object> handler) {
        socket.add(bytes.toStringContent(StandardCharsets.US_ASCII));
    }
}
