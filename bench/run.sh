#!/usr/bin/env bash
# Gatehouse beside the floor (bare Tyrus), the hand-written endpoint and the peer. Builds, then runs one of:
#   bench/run.sh              the full comparison: the Markdown table on stdout and in bench/target/bench-results.md
#                             (the README's "Latest results" table is that file, pasted whole), JSON in
#                             bench/target/bench-results.json
#   bench/run.sh jmh [regex]  the JMH suite (JWT verification per algorithm and provider, codec, routing);
#                             JAVA=<path to java> runs it on another JDK, e.g. ES256 on JDK 25:
#                             JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/run.sh jmh 'JwtVerificationBench.verify -p alg=ES256'
#   bench/run.sh idle [N]     N idle authenticated connections held at once (default 100000), heap and RSS
#   bench/run.sh profile      the HS256 handshake and message rows with JFR on the server (a sample every 1 ms), then
#                             where Gatehouse's time went in its fresh handshakes at 50 concurrent and its messages at
#                             8 in flight (ProfileCut; recording and run windows in bench/target/profile)
# Extra -Dbench.* settings go in BENCH_OPTS (see BenchRunner's javadoc).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install -pl module,bench -am >&2
# The peer column (bench/quarkus: bench/quarkus/target/quarkus-app/quarkus-run.jar), built when its module is
# there; without the jar the peer column stays empty and the table says "peer not built".
if [ -f bench/quarkus/pom.xml ]; then
  mvn -q -B -DskipTests package -f bench/quarkus/pom.xml >&2 || echo "[bench] the peer did not build" >&2
fi
JAR=bench/target/gatehouse-bench.jar
# The driver takes core 1 and the servers (BenchServer and the peer, forked by the runner) core 0, where there are two cores.
PIN=(); SERVER_CPU=none
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then PIN=(taskset -c 1); SERVER_CPU=0; fi
ulimit -n "$(ulimit -Hn)"   # as many file descriptors as this shell may have, for server and driver
# (the storm row holds bench.storm connections, 10,000 by default, in the driver and in the server at once)
case "${1:-all}" in
  all)
    exec "${PIN[@]}" java -Xmx2g -Dbench.serverCpu=$SERVER_CPU -Dbench.out=bench/target/bench-results.json \
      ${BENCH_OPTS:-} -jar "$JAR" ;;
  jmh)
    exec "${PIN[@]}" "${JAVA:-java}" -cp "$JAR" org.openjdk.jmh.Main -f 1 -wi 3 -i 5 -w 1s -r 1s \
      ${2:-} ;;
  idle)
    N=${2:-100000}
    echo "file descriptor limit: $(ulimit -n) per process" >&2
    exec "${PIN[@]}" java -Xmx4g -Dbench.serverCpu=$SERVER_CPU -Dbench.scenarios=idle -Dbench.algs=HS256 \
      -Dbench.pairs=1 -Dbench.idle="$N" -Dbench.tokens=$((N / 4 + 1)) -Dbench.serverHeap=${SERVER_HEAP:-6g} \
      -Dbench.out=bench/target/bench-idle.json ${BENCH_OPTS:-} -jar "$JAR" ;;
  profile)
    OUT=bench/target/profile; mkdir -p "$OUT"; rm -f "$OUT/runs.tsv"
    "${PIN[@]}" java -Xmx2g -Dbench.serverCpu=$SERVER_CPU -Dbench.scenarios=hs,msg -Dbench.algs=HS256 \
      -Dbench.peer=none -Dbench.runs="$OUT/runs.tsv" -Dbench.out="$OUT/bench-results.json" \
      "-Dbench.serverJvmArgs=-XX:FlightRecorderOptions=stackdepth=256;-XX:StartFlightRecording=filename=$OUT/server.jfr,settings=profile,method-profiling=max" \
      ${BENCH_OPTS:-} -jar "$JAR"
    java -cp "$JAR" dev.gatehouse.bench.ProfileCut "$OUT/server.jfr" "$OUT/runs.tsv" "HS256, 50" GATEHOUSE
    java -cp "$JAR" dev.gatehouse.bench.ProfileCut "$OUT/server.jfr" "$OUT/runs.tsv" "8 in flight" GATEHOUSE ;;
  *) echo "usage: bench/run.sh [all | jmh [regex] | idle [N] | profile]" >&2; exit 2 ;;
esac
