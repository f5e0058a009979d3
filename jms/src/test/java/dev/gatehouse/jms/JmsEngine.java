package dev.gatehouse.jms;

import dev.gatehouse.testkit.cluster.Engine;
import java.util.Map;

/**
 * One embedded ActiveMQ Artemis broker as a backplane engine, which nodes reach through Artemis'
 * JNDI from their settings alone; stopping stops the broker, starting runs it again empty. JMS
 * keeps neither presence nor history.
 */
public final class JmsEngine implements Engine {
    private final ArtemisBroker broker;

    private JmsEngine(ArtemisBroker broker) {
        this.broker = broker;
    }

    /** {@return a broker on a free port, started} */
    public static JmsEngine onFreePort() {
        return new JmsEngine(ArtemisBroker.start());
    }

    @Override
    public String name() {
        return "jms";
    }

    @Override
    public Map<String, String> nodeSettings(String nodeId) {
        return broker.nodeSettings();
    }

    @Override
    public boolean keepsPresence() {
        return false;
    }

    @Override
    public boolean keepsHistory() {
        return false;
    }

    @Override
    public void stop() {
        broker.stop();
    }

    @Override
    public void start() {
        broker.run();
    }

    @Override
    public void close() {
        broker.close();
    }
}
