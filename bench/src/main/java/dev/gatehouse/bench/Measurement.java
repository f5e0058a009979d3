package dev.gatehouse.bench;

/**
 * One measured run of one endpoint.
 *
 * @param value the scenario's figure: operations per second, or bytes per connection for idle runs
 * @param p50Micros median latency (handshake: connect to 101 or welcome; messages: round trip), or -1
 * @param p99Micros 99th percentile latency, or -1
 * @param serverCpuMicrosPerOp server process CPU per operation, or -1
 * @param serverUtil server CPU time / wall time (1.0 = its one core busy)
 * @param driverUtil driver CPU time / wall time
 * @param rssPerConnection RSS bytes per connection (idle runs), or -1
 * @param failures failed operations
 * @param tokensReused tokens handed out twice because the pool ran dry
 */
record Measurement(double value, long p50Micros, long p99Micros, double serverCpuMicrosPerOp, double serverUtil,
        double driverUtil, double rssPerConnection, long failures, long tokensReused) {

    /** The driver, not the server, was the limit: the figure is the driver's. */
    boolean driverBound() {
        return driverUtil >= 0.90 && serverUtil < 0.85;
    }

    String json() {
        return String.format(java.util.Locale.ROOT,
                "{\"value\":%.1f,\"p50_us\":%d,\"p99_us\":%d,\"server_cpu_us_per_op\":%.2f,\"server_util\":%.3f,"
                        + "\"driver_util\":%.3f,\"rss_per_connection\":%.1f,\"failures\":%d,\"tokens_reused\":%d,"
                        + "\"driver_bound\":%b}",
                value, p50Micros, p99Micros, serverCpuMicrosPerOp, serverUtil, driverUtil, rssPerConnection, failures,
                tokensReused, driverBound());
    }
}
