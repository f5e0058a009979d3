/**
 * Gatehouse's API: the extension points an application implements ({@link dev.gatehouse.MessageHandler},
 * {@link dev.gatehouse.AsyncMessageHandler}, {@link dev.gatehouse.FallbackHandler},
 * {@link dev.gatehouse.ReadinessCheck}, {@link dev.gatehouse.ConnectionSetup},
 * {@link dev.gatehouse.LifecycleListener}, {@link dev.gatehouse.LifecycleManager},
 * {@link dev.gatehouse.TokenVerifier}), the values they see ({@link dev.gatehouse.Connection},
 * {@link dev.gatehouse.Envelope}, {@link dev.gatehouse.VerifiedToken},
 * {@link dev.gatehouse.Verification}, the codes), the configuration, and the entry points:
 * {@link dev.gatehouse.Gatehouse}, {@link dev.gatehouse.GatehouseServer} standalone,
 * {@link dev.gatehouse.GatehouseEndpoint} and {@link dev.gatehouse.GatehouseConfigurator} in a WAR.
 * The wire protocol is docs/PROTOCOL.md; the way through the internals is docs/ARCHITECTURE.md.
 */
package dev.gatehouse;
