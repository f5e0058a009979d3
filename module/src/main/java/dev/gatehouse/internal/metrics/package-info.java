/**
 * Gatehouse's meters: one catalog ({@link dev.gatehouse.internal.metrics.GatehouseMetrics}) that the
 * stages call by event, over a small back-end seam ({@link dev.gatehouse.internal.metrics.MeterBackend})
 * with adapters for Micrometer and OpenTelemetry, each loaded only when its library is present.
 */
package dev.gatehouse.internal.metrics;
