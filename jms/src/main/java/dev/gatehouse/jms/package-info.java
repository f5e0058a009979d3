/**
 * The Jakarta Messaging backplane of Gatehouse: several nodes as one cluster over one JMS topic of
 * any Jakarta Messaging 3 provider (the application server's broker, such as WildFly's ActiveMQ
 * Artemis, or a provider the application brings). Add the {@code gatehouse-jms} artifact and set
 * {@code gatehouse.cluster.jms.connection-factory}; {@link dev.gatehouse.jms.JmsBackplaneProvider}
 * is found with {@link java.util.ServiceLoader}. JMS keeps neither presence nor history: a node on
 * it refuses {@code gatehouse.presence.rooms} and {@code gatehouse.history.rooms}.
 */
package dev.gatehouse.jms;
