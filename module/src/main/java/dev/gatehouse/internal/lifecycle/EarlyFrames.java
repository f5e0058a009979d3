package dev.gatehouse.internal.lifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames a client sent before its welcome, in order, within a bound; after the welcome they
 * are handed out in batches, and frames arriving meanwhile join the next batch, until none is left
 * and frames are dispatched as they come. Not thread-safe: guarded by its connection's lock.
 */
final class EarlyFrames {
    private final int limit;
    /** The frames waiting; null once all were handed out. */
    private List<String> frames = new ArrayList<>(2);

    EarlyFrames(int limit) {
        this.limit = limit;
    }

    /** Whether frames still wait here instead of being dispatched as they come. */
    boolean isCollecting() {
        return frames != null;
    }

    /** Keeps a frame; false when the bound is reached (the frame is then answered, not kept). */
    boolean add(String text) {
        if (frames.size() >= limit) {
            return false;
        }
        frames.add(text);
        return true;
    }

    /** The frames waiting, in order; null, and collecting ends, when none is left. */
    List<String> takeBatch() {
        List<String> batch = frames;
        if (batch == null || batch.isEmpty()) {
            frames = null;
            return null;
        }
        frames = new ArrayList<>(2);
        return batch;
    }
}
