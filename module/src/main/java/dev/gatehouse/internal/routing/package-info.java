/**
 * Internal, stage 3: what becomes of one frame of a READY connection (ping, auth_refresh, or a
 * handler behind the connection's earlier frames), with every way a handler fails turned into an
 * answer. Not API.
 */
package dev.gatehouse.internal.routing;
