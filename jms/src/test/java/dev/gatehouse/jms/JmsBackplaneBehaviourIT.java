package dev.gatehouse.jms;

import dev.gatehouse.testkit.cluster.BackplaneBehaviour;
import dev.gatehouse.testkit.cluster.Engine;
import java.util.Map;

/**
 * The backplane behaviour suite on one embedded ActiveMQ Artemis broker, which the nodes (one in a
 * JVM of its own) reach through Artemis' JNDI from their settings alone; the broker is stopped
 * mid-stream and started again empty. JMS keeps neither presence nor history: the suite checks
 * that a node with either configured is refused.
 */
class JmsBackplaneBehaviourIT extends BackplaneBehaviour {

    @Override
    protected Engine startEngine() {
        ArtemisBroker broker = ArtemisBroker.start();
        return new Engine() {
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
        };
    }
}
