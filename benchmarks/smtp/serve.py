#!/usr/bin/env python3
"""Starts what the SMTP benchmark measures and keeps it up until Ctrl-C: the bench's test zone (dnsmasq),
plain James 3.8.1 and James with this build's zip and benchmarks/smtp/conf, on the bench's ports (plain
42825, mxpack 42845). For profiling and for steps.py, between benchmark runs (not at the same time).

  benchmarks/smtp/serve.py [--dns-ttl 300] [--dns-delay-ms 0] [--java-opts "-Xmx1g ..."] [--verbose-log]

The decision log is at INFO (refusals only) unless --verbose-log, as run-smtp-bench.sh switches it after
its smoke test. Needs ../shared/bench (its install-deps.sh once) and `mvn package` (the zip)."""
import argparse
import glob
import shutil
import signal
import sys
import tempfile
import time
import types
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--dns-ttl", type=int, default=300)
    ap.add_argument("--dns-delay-ms", type=float, default=0)
    ap.add_argument("--java-opts", default="-Xmx1g")
    ap.add_argument("--conf", default=str(HERE / "conf"))
    ap.add_argument("--peers", default="james-plain", help="bench peers started beside the mxpack one")
    ap.add_argument("--verbose-log", action="store_true")
    o = ap.parse_args()
    sys.path.insert(0, o.bench)
    import bench  # the shared benchmark's own start-up code, so both start exactly as they are measured

    work = Path(tempfile.mkdtemp(prefix="mxpack-serve-"))
    zips = sorted(glob.glob(str(ROOT / "james-conf" / "target" / "mxpack-*.zip")))
    if not zips:
        sys.exit("serve: no james-conf/target/mxpack-*.zip: run mvn -B -DskipTests package first")
    zipfile.ZipFile(zips[0]).extractall(work / "zip")
    ext = next((work / "zip").glob("mxpack-*/extensions-jars"))
    conf = work / "conf"
    shutil.copytree(o.conf, conf)
    if not o.verbose_log:
        log = conf / "logback.xml"
        text = log.read_text()
        for old, new in (('name="MXPACK_DECISIONS" value="DEBUG"', 'name="MXPACK_DECISIONS" value="INFO"'),
                         ('name="MXPACK_HEADERS" value="INFO"', 'name="MXPACK_HEADERS" value="WARN"')):
            text = text.replace(old, new)
        log.write_text(text)
    cache = Path.home() / ".cache" / "mxpack-bench"
    args = types.SimpleNamespace(
        peers=o.peers, reference=o.peers.split(",")[0] or "james-plain", java="java", java_opts=o.java_opts,
        james_classpath_file=str(cache / "james-3.8.1" / "classpath.txt"),
        spf_fix_jar=str(cache / "bench-spf-fix.jar"), haraka_bin=str(cache / "haraka-3.3.4" / "node_modules" / ".bin" / "haraka"),
        dnsmasq=shutil.which("dnsmasq") or "/usr/sbin/dnsmasq", dns_delay_ms=o.dns_delay_ms, dns_ttl=o.dns_ttl,
        candidate_name="james-mxpack", candidate_conf=str(conf), candidate_ext_jars=str(ext),
        candidate_classpath_file="", start_timeout=120, haraka_nodes="1", haraka_loglevel="info")
    procs = []
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        bench.start_dns(args, work, procs)
        for p in bench.build_peers(args, work):
            p.start(procs)
            print(f"{p.name}: port {p.port}, pid {p.proc.pid}, log {p.logfile}", flush=True)
        print("ready (Ctrl-C stops everything)", flush=True)
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for p in reversed(procs):
            p.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
