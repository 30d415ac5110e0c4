#!/usr/bin/env bash
# Memory soak: James 3.8.1 with mxpack (the benchmark candidate, every check on) under slow DNS
# (50 ms answers, 32 concurrent clients) for about MINUTES minutes, its resident memory sampled every
# 30 s. Prints the samples and the growth from the first sample after warm-up to the last.
#
#   benchmarks/smtp/soak.sh [MINUTES]        (default 10; needs what run-smtp-bench.sh needs)
#
# The load is ../shared/bench's (smtp-source, one connection per message); plain James runs first
# with the same message count, as the bench always runs its reference.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
minutes="${1:-10}"
rate=300   # mxpack's slow-DNS c=32 rate on the 2-core machine (msg/s), to size the run
messages=$((minutes * 60 * rate))
# the bench stops a single load run after 300 s: split the soak into rounds of about 3.5 minutes
per_run=$((rate * 200))
rounds=$(((messages + per_run - 1) / per_run))
[ "$messages" -lt "$per_run" ] && per_run=$messages
out="${BENCH_OUT:-$(mktemp -d -t mxpack-soak.XXXXXX)}"
samples="$out/rss.tsv"
mkdir -p "$out"
: > "$samples"

# sample the candidate JVM (its working directory ends in james-mxpack) every 30 s
(
  while sleep 30; do
    pid=$(pgrep -f 'working.directory=[^ ]*james-mxpack' | head -1 || true)
    [ -n "$pid" ] || continue
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$rss" ] && printf '%s\t%s\n' "$(date -u +%H:%M:%S)" "$((rss / 1024))" >> "$samples"
  done
) &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT

PEERS=james-plain BENCH_OUT="$out" "$here/run-smtp-bench.sh" slow --concurrency 32 \
  --messages "$per_run" --rounds "$rounds" --warmup 500 --latency-samples 0 >"$out/bench.log" 2>&1 || {
  echo "soak: the benchmark failed, see $out/bench.log" >&2; exit 1; }
kill "$sampler" 2>/dev/null || true

echo "mxpack RSS (MiB) every 30 s during $rounds x $per_run messages at c=32, 50 ms DNS:"
cat "$samples"
python3 - "$samples" <<'PY'
import sys
rows = [l.split('\t') for l in open(sys.argv[1]) if l.strip()]
mib = [int(r[1]) for r in rows]
if len(mib) < 3:
    sys.exit("soak: too few samples")
# the first samples are the idle server and the reference's runs; growth is measured under load,
# from the first quarter of the run to its end
base = mib[len(mib) // 4]
print(f"soak: {len(mib)} samples; under load from {rows[len(mib) // 4][0]}: {base} MiB -> {mib[-1]} MiB "
      f"(growth {mib[-1] - base:+d} MiB), peak {max(mib)} MiB; idle before the load {mib[0]} MiB")
PY
grep -E "RSS|idle" "$out/bench.log" | grep -i mxpack | tail -3 || true
