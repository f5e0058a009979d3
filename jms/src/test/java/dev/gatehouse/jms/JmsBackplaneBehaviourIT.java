package dev.gatehouse.jms;

import dev.gatehouse.testkit.cluster.BackplaneBehaviour;
import dev.gatehouse.testkit.cluster.Engine;

/**
 * The backplane behaviour suite on one embedded ActiveMQ Artemis broker, which the nodes (one in a
 * JVM of its own) reach through Artemis' JNDI from their settings alone; the broker is stopped
 * mid-stream and started again empty. JMS keeps neither presence nor history: the suite checks
 * that a node with either configured is refused.
 */
class JmsBackplaneBehaviourIT extends BackplaneBehaviour {

    @Override
    protected Engine startEngine() {
        return JmsEngine.onFreePort();
    }
}
