/**
 * The Hazelcast backplane of Gatehouse: several nodes as one cluster over a Hazelcast 5 cluster
 * (Payara's own, the application's, or one configured for Gatehouse), with room presence and
 * history kept in the data grid. Add the {@code gatehouse-hazelcast} artifact and set
 * {@code gatehouse.cluster.hazelcast.instance}; {@link dev.gatehouse.hazelcast.HazelcastBackplaneProvider}
 * is found with {@link java.util.ServiceLoader}, or build one with
 * {@link dev.gatehouse.hazelcast.HazelcastBackplane#builder()}, every setting typed.
 */
package dev.gatehouse.hazelcast;
