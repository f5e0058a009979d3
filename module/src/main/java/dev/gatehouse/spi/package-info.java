/**
 * What an application implements to extend or replace a part of Gatehouse: frame handlers as
 * interfaces ({@link dev.gatehouse.spi.FrameHandler}, {@link dev.gatehouse.spi.AsyncFrameHandler},
 * {@link dev.gatehouse.spi.FallbackHandler}), the connection lifecycle
 * ({@link dev.gatehouse.spi.ReadinessCheck}, {@link dev.gatehouse.spi.ConnectionSetup},
 * {@link dev.gatehouse.spi.LifecycleListener}, {@link dev.gatehouse.spi.LifecycleManager}), the
 * handshake ({@link dev.gatehouse.spi.TokenVerifier}, {@link dev.gatehouse.spi.UpgradeCheck}), rooms
 * ({@link dev.gatehouse.spi.RoomAuthorizer}), and the cluster's engines
 * ({@link dev.gatehouse.spi.Backplane}, {@link dev.gatehouse.spi.BackplaneProvider} and their stores).
 * Most applications need none of them.
 */
package dev.gatehouse.spi;
