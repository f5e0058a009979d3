package dev.gatehouse.hazelcast;

import dev.gatehouse.testkit.cluster.BackplaneBehaviour;
import dev.gatehouse.testkit.cluster.Engine;

/**
 * The backplane behaviour suite on {@link HazelcastEngine}: each node a Hazelcast client
 * ({@code instance=client}, found with ServiceLoader) of three members this test runs; the engine
 * stopped is every member killed, started again empty.
 */
class HazelcastBackplaneBehaviourIT extends BackplaneBehaviour {
    @Override
    protected Engine startEngine() {
        return HazelcastEngine.threeMembers();
    }
}
