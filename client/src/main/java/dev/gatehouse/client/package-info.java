/**
 * The Java client of the Gatehouse wire protocol (docs/PROTOCOL.md): {@link dev.gatehouse.client.GatehouseClient}
 * and the values it hands out. Everything else lives in {@code dev.gatehouse.client.internal} and is
 * not part of the API.
 */
package dev.gatehouse.client;
