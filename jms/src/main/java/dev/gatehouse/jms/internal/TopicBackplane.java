package dev.gatehouse.jms.internal;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backplane on one Jakarta Messaging topic. Every Gatehouse topic ({@code all},
 * {@code room:<name>}) travels on it, named by the message property {@code gatehouse_topic}; each
 * node has one subscription, selecting every message but its own ({@code gatehouse_node}), and
 * keeps the room topics it wants on receipt. One subscription per node, not one per room, because
 * a selector per room costs the broker a subscription (in Artemis a queue with a filter) per room
 * and node, each evaluated on every message; the price is that each node receives the frames of
 * rooms it holds no member of, and drops them after reading one property.
 *
 * <p>Two threads per node, from the container's {@code ManagedThreadFactory} in a WAR:
 * <ul>
 * <li>the <b>link</b> thread owns the connections ({@link Link}): it connects (again after a
 *     failure, with a backoff of at most {@value #MAX_BACKOFF_MS} ms), receives in a loop (at most
 *     {@value #RECEIVE_MS} ms per call) and hands each message to the receiver, runs the
 *     {@link Probe}, and tells the receiver when it is connected or not;</li>
 * <li>the {@link Publisher}'s thread sends what {@link #publish} queued, in order, on one session
 *     and one producer. A publish beyond its queue, or while not connected, fails at once (the core
 *     counts it, as it counts every unpublished frame) and is never retried.</li>
 * </ul>
 * Callers' threads never wait: {@link #publish}, {@link #subscribe} and {@link #unsubscribe} only
 * queue or change a set. Only {@link #open} (the first connection, at most the timeout) and
 * {@link #close} (at most the timeout) wait. No lock.
 */
public final class TopicBackplane implements Backplane {
    static final long RECEIVE_MS = 100;
    static final long MAX_BACKOFF_MS = 500;
    private static final String ALL = "all";
    private static final Logger LOG = System.getLogger("dev.gatehouse.jms");

    private final JmsOptions options;
    private final String nodeId;
    /** The room topics this node wants; {@code all} always. */
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final Publisher publisher;
    private final Probe probe = new Probe();
    private final AtomicLong foreign = new AtomicLong();
    private final AtomicLong renewed = new AtomicLong();
    /** The first connection attempt's failure, or null when it connected. */
    private final CompletableFuture<Throwable> firstAttempt = new CompletableFuture<>();
    private final Thread linkThread;
    /** The working link, or null while there is none. */
    private volatile Link link;
    private volatile Receiver receiver;
    private volatile boolean closed;
    private volatile String provider;

    // Link thread only.
    private Topic topic;
    private Boolean reported;
    private int attempts;
    private long nextAttempt;
    private String lastProblem;
    private boolean everConnected;

    private TopicBackplane(JmsOptions options, String nodeId) {
        this.options = options;
        this.nodeId = nodeId;
        this.linkThread = Threads.of(options.threads(), this::runLink, "gatehouse-jms-link-" + nodeId);
        this.publisher = new Publisher(options.publishQueue(), () -> link, options.threads(),
                "gatehouse-jms-publish-" + nodeId);
    }

    /**
     * A backplane that tried once to connect, waiting at most the timeout. An unreachable broker is
     * no error: it keeps trying in the background. Refused credentials are.
     *
     * @param options what to run on
     * @param node this node
     * @return the backplane
     * @throws ConfigurationException when the broker refuses the credentials
     */
    public static TopicBackplane open(JmsOptions options, BackplaneProvider.Node node) {
        TopicBackplane b = new TopicBackplane(options, node.id());
        b.linkThread.start();
        b.publisher.start();
        Throwable failure;
        try {
            failure = b.firstAttempt.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            failure = e;
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        if (refusedCredentials(failure)) {
            b.close();
            throw new ConfigurationException(JmsSettings.USERNAME, "the JMS broker behind " + options.factoryName()
                    + " refused the credentials" + (options.username() == null ? " (none given)" : " of user '"
                    + options.username() + "'") + ": " + Threads.describe(failure));
        }
        if (failure instanceof TimeoutException) {
            LOG.log(Level.WARNING, "Node {0}: no JMS connection through {1} within {2,number,#} ms; connecting in the"
                    + " background", node.id(), options.factoryName(), options.timeout().toMillis());
        }
        return b;
    }

    private static boolean refusedCredentials(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JMSSecurityException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void start(Receiver r) {
        this.receiver = r; // the link thread tells it the state within RECEIVE_MS
    }

    @Override
    public CompletionStage<?> publish(String topic, String message) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("The JMS backplane is closed"));
        }
        if (link == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Not connected to the JMS broker"));
        }
        return publisher.offer(topic, message);
    }

    @Override
    public void subscribe(String topic) {
        if (wanted.add(topic)) {
            Receiver r = receiver;
            if (r != null && link != null) {
                r.subscribed(topic); // the node's one subscription carries it already
            }
        }
    }

    @Override
    public void unsubscribe(String topic) {
        wanted.remove(topic);
    }

    @Override
    public boolean connected() {
        Link l = link;
        if (l == null || l.broken() != null) {
            return false;
        }
        return !probe.late();
    }

    @Override
    public String engine() {
        return "jms";
    }

    @Override
    public String topology() {
        String name = options.topicName() != null ? options.topicName() : topicName();
        String p = provider;
        return "topic \"" + name + "\" via " + options.factoryName() + (p == null ? "" : " (" + p + ")")
                + (options.durable() ? ", durable subscriptions" : "") + (options.persistent() ? ", persistent" : "");
    }

    private String topicName() {
        try {
            return options.topic().getTopicName();
        } catch (JMSException | RuntimeException e) {
            return String.valueOf(options.topic());
        }
    }

    /** {@return publishes refused because the queue was full, since the start} */
    public long queueFull() {
        return publisher.queueFull();
    }

    /** {@return messages on the topic that were not Gatehouse's (no {@code gatehouse_topic}, not text), since the start} */
    public long foreign() {
        return foreign.get();
    }

    /** {@return how often the link was lost and made anew, since the start} */
    public long renewed() {
        return renewed.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + options.timeout().toNanos();
        publisher.close(deadline);
        try {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0 && linkThread != Thread.currentThread()) {
                linkThread.join(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (linkThread.isAlive()) {
            LOG.log(Level.DEBUG, "Node {0}: the JMS link still closes after {1,number,#} ms; left to finish", nodeId,
                    options.timeout().toMillis());
        }
    }

    // ---- the link thread ----

    private void runLink() {
        try {
            while (!closed && !Thread.currentThread().isInterrupted()) { // a container may interrupt its managed threads
                Link l = link;
                if (l == null) {
                    connect();
                } else {
                    serve(l);
                }
                report();
            }
        } finally {
            Link l = link;
            link = null; // not reported: closing is no lost broker
            if (l != null) {
                l.close(true);
            }
            firstAttempt.complete(null);
        }
    }

    private void connect() {
        long now = System.nanoTime();
        if (now < nextAttempt) {
            Threads.pause(Math.min(RECEIVE_MS, TimeUnit.NANOSECONDS.toMillis(nextAttempt - now) + 1));
            return;
        }
        try {
            Link l = Link.open(options, topic, nodeId);
            topic = l.topic;
            provider = l.provider;
            probe.reset();
            link = l;
            everConnected = true;
            if (lastProblem != null) {
                LOG.log(Level.INFO, "Node {0}: connected to the JMS broker through {1} after {2,number,#} attempt(s)", nodeId,
                        options.factoryName(), attempts + 1);
            }
            attempts = 0;
            lastProblem = null;
            firstAttempt.complete(null);
            Receiver r = receiver;
            if (r != null) {
                wanted.forEach(r::subscribed);
            }
        } catch (JMSException | RuntimeException e) {
            failed(e, now);
        }
    }

    /** A connection attempt failed: the next one after the backoff; logged when the problem is new. */
    private void failed(Exception e, long startedAt) {
        attempts++;
        nextAttempt = startedAt + TimeUnit.MILLISECONDS.toNanos(Math.min(MAX_BACKOFF_MS, 50L << Math.min(attempts, 5)));
        String problem = Threads.describe(e);
        if (!problem.equals(lastProblem)) {
            // Before the first connection this is the only line saying so; during an outage the core
            // has warned already ("cross-node delivery stopped"), unless the broker refuses us.
            Level level = everConnected && !(e instanceof JMSSecurityException) ? Level.INFO : Level.WARNING;
            LOG.log(level, "Node {0}: cannot connect to the JMS broker through {1} ({2}); retrying every "
                    + MAX_BACKOFF_MS + " ms at most", nodeId, options.factoryName(), problem);
        }
        lastProblem = problem;
        firstAttempt.complete(e);
    }

    private void serve(Link l) {
        try {
            Message m = l.consumer.receive(RECEIVE_MS);
            if (m != null) {
                deliver(m);
            }
            probe.check(l);
        } catch (JMSException | RuntimeException e) {
            l.broken(Threads.describe(e));
        }
        String why = l.broken();
        if (why != null && !closed) {
            lose(l, why);
        }
    }

    /** Hands a message to the receiver, unless it is for a room this node does not want. */
    private void deliver(Message m) throws JMSException {
        String gatehouseTopic = m.getStringProperty(Names.TOPIC_PROPERTY);
        String text = m instanceof TextMessage t ? t.getText() : null;
        if (gatehouseTopic == null || text == null) {
            foreign.incrementAndGet();
            return;
        }
        Receiver r = receiver;
        if (r != null && (gatehouseTopic.equals(ALL) || wanted.contains(gatehouseTopic))) {
            r.receive(gatehouseTopic, text);
        }
    }

    /** The link failed: publishes fail at once from now, the node reports not connected, and connects anew. */
    private void lose(Link l, String why) {
        link = null;
        report();
        renewed.incrementAndGet();
        LOG.log(Level.DEBUG, "Node {0}: the JMS link failed ({1}); connecting again", nodeId, why);
        l.close(false);
        lastProblem = why;
        attempts = 0;
        nextAttempt = 0;
    }

    /** Tells the receiver when cross-node delivery stops or resumes (the core logs it). */
    private void report() {
        Receiver r = receiver;
        boolean now = connected();
        if (!closed && r != null && (reported == null || reported != now)) { // closing is no lost broker
            reported = now;
            r.connectionChanged(now);
        }
    }
}
