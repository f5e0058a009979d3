package dev.gatehouse.testkit.cluster;

import dev.gatehouse.testkit.TestClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reading a {@link TestClient} without failing on a quiet moment. */
public final class Inbox {
    private Inbox() {
    }

    /** The next frame within {@code wait}, or null (a close counts as nothing: the test notices later). */
    public static JsonObject poll(TestClient client, Duration wait) {
        try {
            return client.next(wait);
        } catch (AssertionError nothing) {
            return null;
        }
    }

    /** The next frame of this type within {@code wait}, skipping others (probes, presence events). */
    public static JsonObject nextOfType(TestClient client, String type, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject f = poll(client, Duration.ofMillis(100));
            if (f != null && type.equals(f.getString("type"))) {
                return f;
            }
        }
        throw new AssertionError("No " + type + " frame within " + wait);
    }

    /** Frames until one matches, within {@code wait}; all of them, the match last. */
    public static List<JsonObject> until(TestClient client, Predicate<JsonObject> match, Duration wait) {
        List<JsonObject> seen = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject f = poll(client, Duration.ofMillis(100));
            if (f != null) {
                seen.add(f);
                if (match.test(f)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("No matching frame within " + wait + "; got " + seen);
    }

    /** Frames of a type within {@code quiet}, skipping others. */
    public static List<JsonObject> drain(TestClient client, String type, Duration quiet) {
        List<JsonObject> out = new ArrayList<>();
        JsonObject f;
        while ((f = poll(client, quiet)) != null) {
            if (type.equals(f.getString("type"))) {
                out.add(f);
            }
        }
        return out;
    }

    /** Whether a frame is the system event {@code event}. */
    public static boolean isEvent(JsonObject f, String event) {
        return "system_message".equals(f.getString("type")) && f.containsKey("data")
                && event.equals(f.getJsonObject("data").getString("event", ""));
    }
}
