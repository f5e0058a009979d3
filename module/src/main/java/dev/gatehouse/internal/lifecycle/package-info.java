/**
 * Internal, stage 2: one connection's state machine, its outbox and inbox, expiry, heartbeat, the
 * registry of connections and the ordered announcements to lifecycle listeners. Not API.
 */
package dev.gatehouse.internal.lifecycle;
