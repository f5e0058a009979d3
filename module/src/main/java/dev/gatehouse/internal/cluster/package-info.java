/**
 * Rooms, presence and delivery across nodes: the local room membership, the messages one node
 * publishes through the {@link dev.gatehouse.spi.Backplane} and delivers from it, and the
 * {@link dev.gatehouse.Connections} view that sends to every node. Not API.
 */
package dev.gatehouse.internal.cluster;
