#!/usr/bin/env bash
# SMTP throughput of James 3.8.1 with mxpack vs plain James (and James's own SPF handler), using the
# side-by-side benchmark in ../shared/bench. Prints medians and "paired" ratios (candidate / plain,
# same round). Extra arguments go to the benchmark (e.g. --messages 2000 --rounds 5).
# Needs ../shared/bench/install-deps.sh once (postfix's smtp-source, dnsmasq), as root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${MXPACK_BENCH:-$root/../shared/bench}"
[ -x "$bench/run-bench.sh" ] || { echo "no benchmark at $bench" >&2; exit 2; }
version="$(sed -n '/<artifactId>mxpack-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;q;}' "$root/pom.xml")"
zip="$root/james-conf/target/mxpack-$version.zip"
[ -f "$zip" ] || (cd "$root" && mvn -B -q -DskipTests package)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && unzip -q "$zip")
CANDIDATE_NAME=james-mxpack \
CANDIDATE_EXT_JARS="$work/mxpack-$version/extensions-jars" \
CANDIDATE_CONF="$here/conf" \
  "$bench/run-bench.sh" --peers "${PEERS:-james-plain,james-spf}" "$@"
