package dev.gatehouse.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Distinct tokens handed out once each, so every Gatehouse handshake pays for a real signature
 * check rather than a cache hit. When the pool runs dry it wraps, and says how often.
 */
final class TokenPool {
    private final String[] tokens;
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    /** A one-token pool meant to repeat: reuse is the point, not counted. */
    private boolean repeat;

    TokenPool(String[] tokens) {
        this.tokens = tokens;
    }

    /** A pool that always hands out the same token: a client reconnecting with a token it already presented. */
    static TokenPool same(String token) {
        TokenPool pool = new TokenPool(new String[] {token});
        pool.repeat = true;
        return pool;
    }

    /** The same tokens again from the first: clients presenting again the tokens they connected with. */
    TokenPool replay() {
        TokenPool pool = new TokenPool(tokens);
        pool.repeat = repeat;
        return pool;
    }

    String next() {
        if (repeat) {
            return tokens[0];
        }
        long i = next.getAndIncrement();
        if (i >= tokens.length) {
            reused.incrementAndGet();
        }
        return tokens[(int) (i % tokens.length)];
    }

    /** Tokens handed out a second time since the last call. */
    long takeReused() {
        return reused.getAndSet(0);
    }

    int size() {
        return tokens.length;
    }
}
