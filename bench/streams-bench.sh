#!/usr/bin/env bash
# Streams-app throughput: replays FILE into a fresh standalone broker, then times the streams-app from its start
# to the augmenter's "complete on all partitions" line, and reports its peak RSS.
# Usage: bench/streams-bench.sh FILE [--set KEY=VALUE ...]; STREAMS_JAVA_OPTS adds JVM flags (e.g. JFR:
# -XX:StartFlightRecording=name=prof,settings=profile, dumped to the run folder before the stop).
set -euo pipefail
FILE="$1"; shift
SEQ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/seqmia"
D=$(mktemp -d "${TMPDIR:-/tmp}/seqmia-bench.XXXX")
PORT="${PORT:-19092}"
# A broker left over from an earlier run would serve this one its old topics and changelogs.
if (echo > "/dev/tcp/localhost/$PORT") 2>/dev/null; then
  echo "port $PORT is in use (an earlier run's broker?); stop it or set PORT" >&2; exit 1
fi
$SEQ broker --port $PORT --data-dir "$D/broker" > "$D/broker.log" 2>&1 &
BROKER=$!
STREAMS=""
trap 'pkill -f "java.*streams.state.dir=$D/state" 2>/dev/null || true; kill $BROKER 2>/dev/null || true; wait $BROKER 2>/dev/null || true' EXIT
for i in $(seq 60); do grep -q -i 'ready\|listening\|started' "$D/broker.log" 2>/dev/null && break; sleep 1; done
sleep 2
/usr/bin/time -v $SEQ replay --bootstrap-server localhost:$PORT --file "$FILE" --speed max > "$D/replay.log" 2> "$D/replay.err"
grep -E 'Elapsed|Maximum resident' "$D/replay.err" | sed 's/^/replay: /'
START=$(date +%s.%N)
JAVA_OPTS="${STREAMS_JAVA_OPTS:-}" /usr/bin/time -v $SEQ streams --bootstrap-server localhost:$PORT --set streams.state.dir="$D/state" "$@" > "$D/streams.log" 2> "$D/streams.err" &
STREAMS=$!
# The stage's console shows progress only; its INFO lines go to seqmia-streams.log in the state folder.
LOGS=("$D/streams.log" "$D/streams.err" "$D/state/seqmia-streams.log")
until grep -q 'complete on all' "${LOGS[@]}" 2>/dev/null; do
  sleep 2
  kill -0 $STREAMS 2>/dev/null || { echo "streams died"; tail -20 "$D/streams.err"; exit 1; }
done
END=$(date +%s.%N)
echo "streams: flushed on all partitions after $(echo "$END - $START" | bc) s"
grep -h 'complete on all\|Flush .* on partition' "${LOGS[@]}" 2>/dev/null | cut -c1-220 | tail -4
JPID=$(pgrep -f "java.*streams.state.dir=$D/state" | head -1); [ -n "${STREAMS_JAVA_OPTS:-}" ] && jcmd $JPID JFR.dump name=prof filename="$D/streams.jfr" > /dev/null; pkill -f "java.*streams.state.dir=$D/state"; wait $STREAMS 2>/dev/null || true
grep -E 'Maximum resident' "$D/streams.err" | sed 's/^/streams: /' || echo 'streams: no peak RSS (killed before /usr/bin/time could report)'
echo "dir: $D"
