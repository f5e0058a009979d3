/**
 * Internal: the runtime that wires the stages of a connection's life together
 * ({@link dev.gatehouse.internal.GatehouseRuntime}) and the builder every way of assembling
 * Gatehouse goes through ({@link dev.gatehouse.internal.RuntimeBuilder}). Not API.
 */
package dev.gatehouse.internal;
