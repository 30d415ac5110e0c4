#!/usr/bin/env python3
"""Where one client's time goes: the latency of each step of an SMTP transaction (connect to banner,
HELO, MAIL, RCPT, DATA, message to the 250, QUIT), medians over N transactions, on one or more running
servers (see serve.py). Uses the bench's message and envelope.

  benchmarks/smtp/steps.py [--warmup 300] [-n 1000] PORT [PORT...]       e.g. steps.py 42825 42845
"""
import argparse
import socket
import statistics
import sys
from pathlib import Path

STEPS = ["connect+banner", "HELO", "MAIL", "RCPT", "DATA", "message+.", "QUIT"]


def transaction(port, payload, helo, sender, rcpt, clock):
    t = [clock()]
    with socket.create_connection(("127.0.0.1", port)) as s, s.makefile("rb") as f:
        def reply(expect):
            while True:
                line = f.readline()
                if not line.startswith(expect):
                    raise RuntimeError(f"port {port}: expected {expect!r}, got {line!r}")
                if line[3:4] != b"-":
                    t.append(clock())
                    return
        reply(b"220")
        for cmd, expect in ((f"HELO {helo}", b"250"), (f"MAIL FROM:<{sender}>", b"250"),
                            (f"RCPT TO:<{rcpt}>", b"250"), ("DATA", b"354")):
            s.sendall(cmd.encode() + b"\r\n")
            reply(expect)
        s.sendall(payload)
        reply(b"250")
        s.sendall(b"QUIT\r\n")
        reply(b"221")
    return [b - a for a, b in zip(t, t[1:])]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ports", type=int, nargs="+")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--bench", default=str(Path(__file__).resolve().parents[3] / "shared" / "bench"))
    o = ap.parse_args()
    sys.path.insert(0, o.bench)
    import bench
    import time
    payload = bench.load_message(str(Path(o.bench) / "fixtures" / "message.eml"))
    medians = {}
    for port in o.ports:
        def one():
            return transaction(port, payload, bench.HELO, bench.MAIL_FROM, bench.RCPT, time.perf_counter)
        for _ in range(o.warmup):
            one()
        rows = [one() for _ in range(o.n)]
        medians[port] = [statistics.median(r[i] for r in rows) * 1000 for i in range(len(STEPS))] \
            + [statistics.median(sum(r) for r in rows) * 1000]
    print(f"{'ms (median of ' + str(o.n) + ')':22s}" + "".join(f"{p:>10d}" for p in o.ports))
    for i, name in enumerate(STEPS + ["whole transaction"]):
        print(f"{name:22s}" + "".join(f"{medians[p][i]:10.3f}" for p in o.ports))


if __name__ == "__main__":
    main()
