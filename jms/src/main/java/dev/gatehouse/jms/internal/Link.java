package dev.gatehouse.jms.internal;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * One node's link to the broker: two connections, each with one session, because a container's
 * managed connection factory allows only one session per connection (Jakarta EE's restrictions on
 * the JMS API in the web and EJB containers). The publishing one carries the producer, used by the
 * publishing thread only; the receiving one the subscription and a temporary queue for the probe
 * (a message this link sends to itself to learn that the broker still answers), used by the link
 * thread only. No listener is registered on a consumer: a managed factory forbids it, so the link
 * thread receives in a loop. An {@code ExceptionListener} is registered where the factory allows
 * it (not on a managed one) and marks the link broken at once.
 *
 * <p>{@link #broken} is the one field both threads write; {@link #close} may be called from
 * either (the one JMS call allowed concurrently with the others).
 */
final class Link {
    private static final Logger LOG = System.getLogger("dev.gatehouse.jms");

    final Topic topic;
    /** The topic's name at the provider, for the topology and the durable subscription's name. */
    final String topicName;
    /** {@code <provider name> <version>}, from the connection's metadata. */
    final String provider;
    private final Connection publishing;
    private final Session publishSession;
    private final MessageProducer producer;
    private final Connection receiving;
    private final Session receiveSession;
    final MessageConsumer consumer;
    private final MessageProducer probeProducer;
    final MessageConsumer probeConsumer;
    /** The durable subscription's name, or null for a non-durable one. */
    private final String subscription;
    private final String nodeId;
    /** Why the link no longer works (a failed send, the provider's exception listener), or null. */
    private volatile String broken;

    private Link(Parts p) {
        this.topic = p.topic;
        this.topicName = p.topicName;
        this.provider = p.provider;
        this.publishing = p.publishing;
        this.publishSession = p.publishSession;
        this.producer = p.producer;
        this.receiving = p.receiving;
        this.receiveSession = p.receiveSession;
        this.consumer = p.consumer;
        this.probeProducer = p.probeProducer;
        this.probeConsumer = p.probeConsumer;
        this.subscription = p.subscription;
        this.nodeId = p.nodeId;
    }

    /** What {@link #open} builds, in order, so that a failure half-way closes what exists. */
    private static final class Parts {
        Topic topic;
        String topicName;
        String provider;
        Connection publishing;
        Session publishSession;
        MessageProducer producer;
        Connection receiving;
        Session receiveSession;
        MessageConsumer consumer;
        MessageProducer probeProducer;
        MessageConsumer probeConsumer;
        String subscription;
        String nodeId;
        Link link;
    }

    /**
     * Connects, subscribes and starts delivery (on the link thread; may wait as long as the provider
     * takes to connect).
     *
     * @param o the options
     * @param known the topic made by an earlier link, or null
     * @param nodeId this node, whose own messages the subscription leaves out
     * @return the link
     * @throws JMSException when the broker cannot be reached or refuses
     */
    static Link open(JmsOptions o, Topic known, String nodeId) throws JMSException {
        Parts p = new Parts();
        p.nodeId = nodeId;
        try {
            p.publishing = connect(o, p);
            p.publishSession = p.publishing.createSession(false, Session.AUTO_ACKNOWLEDGE);
            p.topic = known != null ? known : o.topic() != null ? o.topic() : p.publishSession.createTopic(o.topicName());
            p.topicName = o.topicName() != null ? o.topicName() : p.topic.getTopicName();
            p.producer = p.publishSession.createProducer(p.topic);
            p.producer.setDeliveryMode(o.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            p.producer.setDisableMessageID(true);
            p.producer.setDisableMessageTimestamp(true);
            p.receiving = connect(o, p);
            // Duplicates after a failure are dropped by the core (origin and sequence number): acks may be lazy.
            p.receiveSession = p.receiving.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            String selector = Names.selector(nodeId);
            if (o.durable()) {
                p.subscription = Names.subscription(p.topicName, nodeId);
                p.consumer = p.receiveSession.createSharedDurableConsumer(p.topic, p.subscription, selector);
            } else {
                p.consumer = p.receiveSession.createConsumer(p.topic, selector);
            }
            TemporaryQueue probes = p.receiveSession.createTemporaryQueue();
            p.probeConsumer = p.receiveSession.createConsumer(probes);
            p.probeProducer = p.receiveSession.createProducer(probes);
            p.probeProducer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            p.receiving.start();
            ConnectionMetaData meta = p.publishing.getMetaData();
            p.provider = meta.getJMSProviderName() + " " + meta.getProviderVersion();
            p.link = new Link(p);
            return p.link;
        } catch (JMSException | RuntimeException e) {
            closeQuietly(p.receiving);
            closeQuietly(p.publishing);
            throw e;
        }
    }

    private static Connection connect(JmsOptions o, Parts p) throws JMSException {
        Connection c = o.username() == null ? o.connectionFactory().createConnection()
                : o.connectionFactory().createConnection(o.username(), o.password() == null ? null : new String(o.password()));
        try {
            c.setExceptionListener(e -> {
                Link l = p.link;
                if (l != null) {
                    l.broken("the provider reported " + Threads.describe(e));
                }
            });
        } catch (JMSException | RuntimeException forbidden) {
            // A container-managed factory refuses listeners: failures show in the receive loop and the probe.
        }
        return c;
    }

    /** Sends one message (publishing thread only). */
    void publish(String gatehouseTopic, String message) throws JMSException {
        TextMessage m = publishSession.createTextMessage(message);
        m.setStringProperty(Names.TOPIC_PROPERTY, gatehouseTopic);
        m.setStringProperty(Names.NODE_PROPERTY, nodeId);
        producer.send(m);
    }

    /** Sends a probe to this link's own temporary queue (link thread only). */
    void probe(String text) throws JMSException {
        probeProducer.send(receiveSession.createTextMessage(text));
    }

    /** Marks the link broken; the link thread replaces it. */
    void broken(String why) {
        if (broken == null) {
            broken = why;
        }
    }

    /** {@return why the link is broken, or null while it works} */
    String broken() {
        return broken;
    }

    /**
     * Closes both connections; with {@code removeSubscription}, removes a durable subscription first
     * (a node that stops for good leaves nothing to pile up at the broker).
     */
    void close(boolean removeSubscription) {
        if (removeSubscription && subscription != null) {
            try {
                consumer.close();
                receiveSession.unsubscribe(subscription);
            } catch (JMSException | RuntimeException e) {
                LOG.log(Level.WARNING, "Node {0}: the durable subscription {1} was not removed ({2}); it keeps"
                        + " messages at the broker until it is", nodeId, subscription, Threads.describe(e));
            }
        }
        closeQuietly(receiving);
        closeQuietly(publishing);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.log(Level.DEBUG, "Closing a JMS connection failed", e);
            }
        }
    }
}
