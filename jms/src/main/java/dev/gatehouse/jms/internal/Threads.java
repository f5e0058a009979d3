package dev.gatehouse.jms.internal;

import jakarta.jms.JMSException;
import java.util.concurrent.ThreadFactory;

/** The backplane's threads, and failures told in one line. Not instantiable. */
final class Threads {
    private Threads() {
    }

    /** Plain daemon threads, outside a container. */
    static ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
    }

    /** A thread of the factory, named when the factory lets it be renamed. */
    static Thread of(ThreadFactory factory, Runnable task, String name) {
        Thread t = factory.newThread(task);
        if (t == null) {
            throw new IllegalStateException("The thread factory " + factory + " made no thread");
        }
        try {
            t.setName(name);
        } catch (SecurityException e) {
            // a managed thread keeps the container's name
        }
        return t;
    }

    /** Sleeps: the reconnect backoff, not a wait for a condition. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A failure for a log line or an exception message: its class and message, and its root
     * cause's (or a JMSException's linked exception). Providers' and JNDI's messages carry no
     * password.
     */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof JMSException j && j.getLinkedException() != null && root == e) {
            root = j.getLinkedException();
        }
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return root == e ? text : text + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
    }
}
