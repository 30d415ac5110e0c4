#!/usr/bin/env bash
# SMTP throughput of James 3.8.1 with mxpack (EVERY check on: DNSBL, iprev, HELO DNS, SPF of MAIL FROM and
# HELO, null MX, DKIM, DMARC, and the AuthenticationResults mailet; see conf/) against plain James and
# Haraka with its DNS plugins, in the side-by-side benchmark of ../shared/bench, under three DNS conditions:
#   warm   --dns-ttl 300                          answers may be cached for 5 minutes
#   cold   (the bench's default, TTL 0)           every message pays every lookup
#   slow   --dns-delay-ms 50 --concurrency 1,32   every answer 50 ms late (a resolver with a cold cache)
#
#   benchmarks/smtp/run-smtp-bench.sh [warm|cold|slow|all] [bench.py options]      (default: all)
#   benchmarks/smtp/run-smtp-bench.sh cold --messages 2000 --rounds 5
#   benchmarks/smtp/run-smtp-bench.sh all --messages 50 --rounds 1 --warmup 20 --latency-samples 5   # smoke
#
# Options after the condition go to bench.py after the condition's own, so they win (slow --concurrency 1,8).
# Environment: PEERS (default james-plain,haraka-dns; the mxpack candidate is always added),
# CANDIDATE_NAME (james-mxpack), BENCH_OUT (default ~/.cache/mxpack-bench/results/mxpack-<UTC time>; one
# sub-directory per condition, and summary.txt with the table of all), MXPACK_VERBOSE_LOG=1 (keep
# mxpack's per-mail decision lines and headers in the candidate's log for the whole run; default: only
# for the smoke test), MXPACK_BENCH (the bench directory, default ../shared/bench), and run-bench.sh's own
# (JAVA_OPTS, BENCH_CACHE, ...). After each condition: a table (msg/s per peer, paired ratios mxpack/peer,
# c=1 latency medians) and what the candidate's log says. Needs ../shared/bench/install-deps.sh once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${MXPACK_BENCH:-$root/../shared/bench}"
[ -x "$bench/run-bench.sh" ] || { echo "no benchmark at $bench" >&2; exit 2; }
bench="$(cd "$bench" && pwd)"

which_conds=all
case "${1:-}" in
  warm|cold|slow|all) which_conds="$1"; shift ;;
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
esac
[ "$which_conds" = all ] && conds=(warm cold slow) || conds=("$which_conds")

# prerequisites of the bench (Debian packages; install-deps.sh needs root)
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
if ! have smtp-source || ! have dnsmasq; then
  if [ "$(id -u)" = 0 ]; then
    echo "run-smtp-bench: smtp-source or dnsmasq missing: running $bench/install-deps.sh" >&2
    "$bench/install-deps.sh" >&2
  else
    echo "run-smtp-bench: smtp-source or dnsmasq missing: run $bench/install-deps.sh as root" >&2; exit 2
  fi
fi

version="$(sed -n '/<artifactId>mxpack-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;q;}' "$root/pom.xml")"
zip="$root/james-conf/target/mxpack-$version.zip"
[ -f "$zip" ] || (cd "$root" && mvn -B -q -DskipTests package)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && unzip -q "$zip")

name="${CANDIDATE_NAME:-james-mxpack}"
peers="${PEERS:-james-plain,haraka-dns}"
out_base="${BENCH_OUT:-${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mxpack-bench}/results/mxpack-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out_base"
watch_opts=()
[ -n "${MXPACK_VERBOSE_LOG:-}" ] && [ "${MXPACK_VERBOSE_LOG}" != 0 ] && watch_opts+=(--verbose-log)

interrupted=0
trap 'interrupted=1' INT
rc=0
done_dirs=()
for cond in "${conds[@]}"; do
  case "$cond" in
    warm) cargs=(--dns-ttl 300) ;;
    cold) cargs=() ;;
    slow) cargs=(--dns-delay-ms 50 --concurrency 1,32) ;;
  esac
  out="$out_base/$cond"
  tmp="$work/tmp-$cond"   # run-bench.sh makes its work dir here (mktemp): the helper finds the candidate in it
  mkdir -p "$tmp" "$out"
  echo "=== run-smtp-bench: condition $cond: bench.py --peers $peers${cargs[*]:+ ${cargs[*]}}${*:+ $*} (results: $out)"
  set +e
  TMPDIR="$tmp" BENCH_OUT="$out" CANDIDATE_NAME="$name" \
  CANDIDATE_EXT_JARS="$work/mxpack-$version/extensions-jars" CANDIDATE_CONF="${MXPACK_BENCH_CONF:-$here/conf}" \
    "$bench/run-bench.sh" --peers "$peers" "${cargs[@]}" "$@" 2>&1 \
    | python3 "$here/mxbench.py" watch --bench "$bench" --name "$name" --tmp "$tmp" --out "$out" "${watch_opts[@]}"
  st=("${PIPESTATUS[@]}")
  python3 "$here/mxbench.py" report --name "$name" --label "$cond" --write "$out/mxpack-summary.txt" "$out"
  rst=$?
  set -e
  done_dirs+=("$out")
  if [ "${st[0]}" != 0 ] || [ "${st[1]}" != 0 ] || [ "$rst" != 0 ]; then
    echo "=== run-smtp-bench: condition $cond FAILED (bench $((st[0])), helper $((st[1])), report $rst)" >&2
    rc=1
  fi
  [ "$interrupted" = 1 ] && { echo "=== run-smtp-bench: interrupted" >&2; rc=130; break; }
done

if [ "${#done_dirs[@]}" -gt 1 ]; then
  echo "=== run-smtp-bench: all conditions"
  python3 "$here/mxbench.py" report --name "$name" --quiet-checks --write "$out_base/summary.txt" "${done_dirs[@]}" \
    || rc=1
else
  cp "$out/mxpack-summary.txt" "$out_base/summary.txt" 2>/dev/null || true
fi
echo "=== run-smtp-bench: results in $out_base"
exit $rc
