package dev.gatehouse.internal.handshake.jwt;

import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why a fetch of a remote key set failed, said twice: for readiness, which anyone may read, and for
 * the log.
 *
 * @param kind client-safe: a fixed text or an exception's class name, never a message or the URL
 * @param detail for the log: with the exception's message, which never repeats the URL's user info,
 *     query or fragment
 */
record FetchFailure(String kind, String detail) {

    /** A failure whose text is safe to show anyone. */
    static FetchFailure of(String text) {
        return new FetchFailure(text, text);
    }

    /** The failure of an HTTP exchange with {@code uri}, whose deadline was {@code timeout}. */
    static FetchFailure of(Throwable failure, Duration timeout, URI uri) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof BoundedBody.Unusable unusable) {
            return of(unusable.getMessage());
        }
        if (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)) {
            return of("no answer within " + timeout.toMillis() + " ms");
        }
        String kind = e.getClass().getSimpleName();
        return new FetchFailure(kind, e.getMessage() == null ? kind : kind + ": " + scrub(e.getMessage(), uri));
    }

    private static String scrub(String message, URI uri) {
        String text = message;
        for (String secret : new String[] {uri.getRawUserInfo(), uri.getRawQuery(), uri.getRawFragment()}) {
            if (secret != null && !secret.isEmpty()) {
                text = text.replace(secret, "…");
            }
        }
        return text;
    }
}
