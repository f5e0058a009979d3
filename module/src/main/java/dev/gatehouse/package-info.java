/**
 * Gatehouse's API for applications: the entry points ({@link dev.gatehouse.Gatehouse},
 * {@link dev.gatehouse.GatehouseServer} standalone; {@link dev.gatehouse.GatehouseEndpoint} and
 * {@link dev.gatehouse.GatehouseConfigurator} in a WAR), the configuration, what a handler sees
 * ({@link dev.gatehouse.MessageContext}, {@link dev.gatehouse.Connection}, {@link dev.gatehouse.Rooms},
 * {@link dev.gatehouse.Connections}, {@link dev.gatehouse.Presence}), and the codes of the protocol.
 * What an application implements to extend or replace a part of Gatehouse is in
 * {@code dev.gatehouse.spi}. The wire protocol is docs/PROTOCOL.md; the way through the internals is
 * docs/ARCHITECTURE.md.
 */
package dev.gatehouse;
