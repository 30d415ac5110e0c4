#!/usr/bin/env python3
"""Helper of run-smtp-bench.sh (standard library only): checks that the mxpack candidate really runs
its checks, and prints the short summary table of one or more bench.py result directories.

    mxbench.py watch  --bench DIR --name NAME --tmp TMPDIR --out OUT [--verbose-log]
        Copies the benchmark's output (stdin) to stdout. When bench.py reports "NAME: smoke test ok",
        it checks, while the candidate still runs: the candidate's log shows an ACCEPT decision of every
        expected check and the Authentication-Results the mailet wrote for the smoke-test mail; a sender
        at deny.example.net ("v=spf1 -all") is refused with a 5xx. Then (unless --verbose-log) it switches
        the candidate's log to refusals only (logback.xml re-read, see conf/logback.xml) so the measured
        runs do not pay for per-mail log lines. Writes OUT/mxpack-smoke.json. On a failed check it stops
        bench.py (SIGTERM to its PID: the bench then stops everything it started).

    mxbench.py report --name NAME [--label LABEL] [--quiet-checks] RESULT_DIR...
        For each RESULT_DIR (BENCH_OUT of one bench.py run; LABEL defaults to the directory's name):
        msg/s medians per peer and concurrency, paired ratios candidate/peer (median over rounds of the
        ratio in the same round), c=1 latency medians, and what the candidate's log says (decisions that
        refused something, ERROR lines). Exit status 1 if a run failed or its log shows an unexpected
        refusal.
"""
import argparse
import glob
import json
import os
import re
import signal
import statistics
import sys
import threading
import time
from pathlib import Path

# The checks the bench's legitimate mail must pass, each with an ACCEPT decision on the smoke-test mail.
REQUIRED_CHECKS = ["dnsbl", "iprev", "helo-dns", "spf", "spf-helo", "null-mx", "dkim", "dmarc"]
# What the mailet must write for the bench's mail in the bench's zone (bench.py start_dns): PTR and A of
# mta.example.net, SPF of example.net and mta.example.net, DKIM key sel1._domainkey.example.net, no DMARC record.
EXPECTED_AR = [r"\biprev=pass\b", r"\bspf=pass\b[^;]*smtp\.mailfrom=bench@example\.net",
               r"\bspf=pass\b[^;]*smtp\.helo=mta\.example\.net", r"\bdkim=pass\b[^;]*header\.d=example\.net",
               r"\bdmarc=none\b"]
DENY_SENDER_RE = re.compile(r"\bfrom=<?bench@deny\.example\.net>?")
DECISION_RE = re.compile(r"mxpack stage=(\S+) check=(\S+) action=(\S+)(.*)")
LEVELS = (('name="MXPACK_DECISIONS" value="DEBUG"', 'name="MXPACK_DECISIONS" value="INFO"'),
          ('name="MXPACK_HEADERS" value="INFO"', 'name="MXPACK_HEADERS" value="WARN"'))


def say(msg):
    print(f"[mxpack {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def decisions(text):
    """[(stage, check, action, rest of line)] of every mxpack decision line."""
    return [m.groups() for m in DECISION_RE.finditer(text)]


def unexpected_refusals(decs):
    """Decisions other than ACCEPT, except the SPF refusal of the deny.example.net probe (at MAIL FROM,
    or after DATA as spf-hold when the fail waited for DKIM)."""
    return [d for d in decs if d[2] != "ACCEPT"
            and not (d[1] in ("spf", "spf-hold") and DENY_SENDER_RE.search(d[3]))]


# --------------------------------------------------------------------------- watch


def without_dkim(payload):
    """The message without its DKIM-Signature field (and the field's continuation lines)."""
    out, skipping = [], False
    for line in payload.split(b"\r\n"):
        if line.lower().startswith(b"dkim-signature:"):
            skipping = True
            continue
        if skipping and line[:1] in (b" ", b"\t"):
            continue
        skipping = False
        out.append(line)
    return b"\r\n".join(out)


class Watch:
    def __init__(self, a):
        self.a = a
        self.trigger = re.compile(r"\] " + re.escape(a.name) + r": smoke test ok")
        self.result = {"name": a.name, "ok": None, "problems": []}
        self.finishing = False

    def run(self):
        # Ctrl-C goes to the whole process group: bench.py stops everything and prints why; keep copying
        # its output until it ends.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        thread, first_round = None, None
        for line in sys.stdin:
            sys.stdout.write(line)
            sys.stdout.flush()
            if thread is None and self.trigger.search(line):
                thread = threading.Thread(target=self.smoke)
                thread.start()
            if first_round is None and "] round 1 c=" in line:
                first_round = time.time()
            if line.startswith("SMTP acceptance,") or "] ABORTED:" in line or "] all started processes" in line:
                self.finishing = True  # bench.py is stopping by itself: a SIGTERM now would only disturb that
        if thread is None:
            return 0
        thread.join()
        quiet = self.result.get("log_quiet_epoch")
        if quiet and first_round and quiet > first_round:
            # not a failure (the log lines cost little), but the first runs paid for them
            self.result["warning"] = ("the candidate's log was switched to refusals only after the measured "
                                      "runs had begun: raise --warmup")
            say(f"WARNING ({self.a.name}): {self.result['warning']}")
            self.write_result()
        return 0

    def write_result(self):
        Path(self.a.out).mkdir(parents=True, exist_ok=True)
        (Path(self.a.out) / "mxpack-smoke.json").write_text(json.dumps(self.result, indent=1) + "\n")

    def peer_dir(self):
        dirs = glob.glob(os.path.join(self.a.tmp, "james-bench.*", self.a.name))
        if len(dirs) != 1:
            raise RuntimeError(f"cannot find the candidate's work directory under {self.a.tmp}: {dirs}")
        return Path(dirs[0])

    def smoke(self):
        problems = self.result["problems"]
        try:
            sys.path.insert(0, self.a.bench)
            import bench  # the harness's own SMTP client and constants
            d = self.peer_dir()
            log = d / "james.log"
            # 1. an SPF-failing sender must be refused (bench.py checks this only for its own SPF peers):
            #    at MAIL FROM, or after DATA where mxpack holds the fail for an aligned DKIM pass (RFC 7489
            #    10.1, the default with DMARC on), so the probe carries no DKIM signature to rescue it
            payload = without_dkim(bench.load_message(Path(self.a.bench) / "fixtures" / "message.eml"))
            try:
                bench.smtp_transaction(bench.CANDIDATE_PORT, payload, mail_from=bench.MAIL_FROM_SPF_FAIL)
                problems.append(f"mail from {bench.MAIL_FROM_SPF_FAIL} was accepted: SPF is not enforced")
            except bench.SmtpError as e:
                self.result["deny_reply"] = str(e)
                if not str(e).startswith("5"):
                    problems.append(f"{bench.MAIL_FROM_SPF_FAIL}: expected a 5xx, got {e}")
                else:
                    say(f"{self.a.name}: {bench.MAIL_FROM_SPF_FAIL} refused: {e}")
            # 2. the bench's smoke-test mail (the candidate's first session): an ACCEPT decision of every
            #    required check, nothing refused, and the Authentication-Results the mailet wrote
            deadline = time.time() + 10
            while True:
                text = log.read_text(errors="replace")
                decs = decisions(text)
                first = re.search(r"\bsession=(\S+)", decs[0][3]) if decs else None
                if first:
                    decs = [x for x in decs if f"session={first.group(1)} " in x[3] + " "]
                accepted = {c for (_, c, act, _) in decs if act == "ACCEPT"}
                missing = [c for c in REQUIRED_CHECKS if c not in accepted]
                ar = re.search(r"Authentication-Results: [^\n]*(?:\n[ \t][^\n]*)*", text)
                if (not missing and ar) or time.time() > deadline:
                    break
                time.sleep(0.2)
            self.result["decisions_smoke"] = [f"{s} {c} {act}{self.result_of(rest)}" for (s, c, act, rest) in decs]
            say(f"{self.a.name}: decisions on the smoke-test mail: " +
                ", ".join(f"{c}={(self.result_of(r).strip()[7:] or act)}" for (_, c, act, r) in decs))
            if missing:
                problems.append("no ACCEPT decision logged for " + ", ".join(missing))
            refused = unexpected_refusals(decs)
            if refused:
                problems.append("the smoke-test mail was refused/shadow-refused: " +
                                "; ".join(f"{c} {act}{self.result_of(r)}{reason_of(r)}" for (_, c, act, r) in refused))
            if ar:
                header = " ".join(ar.group(0).split())
                self.result["authentication_results"] = header
                say(f"{self.a.name}: {header}")
                bad = [p for p in EXPECTED_AR if not re.search(p, header)]
                if bad:
                    problems.append(f"Authentication-Results lacks {bad}: {header}")
            else:
                problems.append("no Authentication-Results header logged for the smoke-test mail "
                                "(AuthenticationResults/LogMessage in mailetcontainer.xml)")
            # 3. from now on: refusals only (as shipped), no headers
            if not self.a.verbose_log:
                self.quiet_log(d / "conf" / "logback.xml", log)
        except Exception as e:  # a broken helper must not leave the bench running unchecked
            problems.append(f"{type(e).__name__}: {e}")
        self.result["ok"] = not problems
        self.write_result()
        if problems:
            for p in problems:
                say(f"SMOKE FAILED ({self.a.name}): {p}")
            self.stop_bench()

    @staticmethod
    def result_of(rest):
        m = re.search(r"\bresult=(\S+)", rest)
        return f" result={m.group(1)}" if m else ""

    def quiet_log(self, conf, log):
        text = conf.read_text()
        for old, new in LEVELS:
            if old not in text:
                raise RuntimeError(f"{conf}: no {old!r} to switch (conf/logback.xml changed?)")
            text = text.replace(old, new)
        size0 = log.stat().st_size
        tmp = conf.with_name(conf.name + ".new")
        tmp.write_text(text)
        os.replace(tmp, conf)
        self.result["log_quiet_written_at"] = time.strftime("%H:%M:%S")
        deadline = time.time() + 10
        while time.time() < deadline:
            with open(log, "rb") as f:
                f.seek(size0)
                if b"reconfigur" in f.read().lower():
                    self.result["log_quiet_at"] = time.strftime("%H:%M:%S")
                    self.result["log_quiet_epoch"] = time.time()
                    say(f"{self.a.name}: log switched to refusals only (decision accepts and headers off)")
                    return
            time.sleep(0.1)
        self.result["problems"].append("logback did not re-read logback.xml within 10 s "
                                       "(per-mail log lines stay on: numbers would be low)")

    def stop_bench(self):
        """SIGTERM to the bench.py process of this run (the one whose --work lies under our TMPDIR)."""
        if self.finishing:
            return
        prefix = os.path.join(self.a.tmp, "james-bench.")
        for p in os.listdir("/proc"):
            if not p.isdigit():
                continue
            try:
                argv = Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="replace").split("\0")
            except OSError:
                continue
            if any(x.endswith("/bench.py") for x in argv) and any(x.startswith(prefix) for x in argv):
                say(f"stopping bench.py (pid {p})")
                try:
                    os.kill(int(p), signal.SIGTERM)
                except ProcessLookupError:
                    pass


# --------------------------------------------------------------------------- report

def reason_of(rest):
    m = re.search(r'\breason=("[^"]*"|\S+)', rest)
    return f" reason={m.group(1)}" if m else ""


def paired(runs_x, runs_y):
    """Median over rounds of x/y (same round); runs_*: {round: value}."""
    r = [runs_x[k] / runs_y[k] for k in runs_x if k in runs_y and runs_y[k]]
    return statistics.median(r) if r else None


def fmt(v, spec="7.1f", width=7):
    return format(v, spec) if v is not None else "-".rjust(width)


def load(dir_, name):
    p = Path(dir_) / "results.json"
    if not p.is_file():
        return None, f"{p}: missing (the run did not finish)"
    res = json.loads(p.read_text())
    if res.get("exit_code", 0) != 0:
        return res, f"bench.py exit code {res['exit_code']} (see its output / logs in {dir_})"
    if name not in res.get("peers", {}):
        return res, f"no peer {name} in {p}"
    return res, None


def log_findings(dir_, name):
    """What the candidate's own log says about the whole run."""
    f = Path(dir_) / "logs" / name / "james.log"
    if not f.is_file():
        return None
    text = f.read_text(errors="replace")
    decs = decisions(text)
    acc = sum(1 for d in decs if d[2] == "ACCEPT")
    refused = unexpected_refusals(decs)
    deny = [d for d in decs if d not in refused and d[2] != "ACCEPT"]
    lines = text.splitlines()
    errors = {}
    for i, l in enumerate(lines):
        if "[ERROR]" in l:
            what = l.split(" - ", 1)[-1]
            if i + 1 < len(lines) and re.match(r"[\w.$]+(Exception|Error)\b", lines[i + 1]):
                what += ": " + lines[i + 1][:140]
            errors[what] = errors.get(what, 0) + 1
    return {"decision_lines": len(decs), "accept_lines": acc, "deny_refusals": len(deny),
            "unexpected": [f"{s} {c} {a}{Watch.result_of(r)}{reason_of(r)}" for (s, c, a, r) in refused],
            "errors": errors}


def report(a):
    rows, notes, bad = [], [], False
    peers_all = []
    for dir_ in a.dirs:
        label = a.label or Path(dir_).name
        res, err = load(dir_, a.name)
        smoke_p = Path(dir_) / "mxpack-smoke.json"
        smoke = json.loads(smoke_p.read_text()) if smoke_p.is_file() else None
        if err:
            notes.append(f"{label}: FAILED: {err}")
            bad = True
        if smoke is None:
            notes.append(f"{label}: no mxpack smoke check (mxpack-smoke.json missing)")
            bad = True
        elif not smoke.get("ok"):
            notes.append(f"{label}: mxpack smoke check FAILED: " + "; ".join(smoke.get("problems", [])))
            bad = True
        else:
            notes.append(f"{label}: smoke ok: ACCEPT decisions of {', '.join(REQUIRED_CHECKS)} on the bench mail; "
                         f"deny.example.net -> {smoke.get('deny_reply')}; log quiet from "
                         f"{smoke.get('log_quiet_at', 'never (verbose)')}")
            if smoke.get("warning"):
                notes.append(f"{label}: WARNING: {smoke['warning']}")
        lf = log_findings(dir_, a.name)
        if lf is None:
            notes.append(f"{label}: no log of {a.name} in {dir_}/logs")
        else:
            if lf["unexpected"]:
                bad = True
                shown = sorted(set(lf["unexpected"]))
                notes.append(f"{label}: UNEXPECTED refusals in {a.name}'s log ({len(lf['unexpected'])}): "
                             + "; ".join(shown[:8]))
            if lf["errors"]:
                notes.append(f"{label}: {sum(lf['errors'].values())} ERROR line(s) in {a.name}'s log: " + "; ".join(
                    f"{n} x {what}" for what, n in sorted(lf["errors"].items(), key=lambda x: -x[1])[:4]))
            if not a.quiet_checks:
                notes.append(f"{label}: {a.name}'s log: {lf['decision_lines']} decision lines "
                             f"({lf['accept_lines']} ACCEPT at DEBUG, {lf['deny_refusals']} deny.example.net "
                             f"probe refusal(s), {len(lf['unexpected'])} other refusals)")
        if res is None or "summary" not in res:
            continue
        peers = list(res["peers"])
        others = [p for p in peers if p != a.name]
        for p in peers:
            if p not in peers_all:
                peers_all.append(p)
        conc = sorted({r["concurrency"] for r in res["runs"]})
        for c in conc:
            tp = {p: {r["round"]: r["msgs_per_s"] for r in res["runs"] if r["peer"] == p and r["concurrency"] == c}
                  for p in peers}
            med = {p: statistics.median(tp[p].values()) if tp[p] else None for p in peers}
            cpu = statistics.median(r["server_cpu_ms_per_msg"] for r in res["runs"]
                                    if r["peer"] == a.name and r["concurrency"] == c)
            rows.append((label, f"c={c}", med, {o: paired(tp[a.name], tp[o]) for o in others}, cpu))
        lat = {p: {l["round"]: statistics.median(l["accept_ms"]) for l in res["latency"] if l["peer"] == p}
               for p in peers}
        if any(lat.values()):
            med = {p: statistics.median(lat[p].values()) if lat[p] else None for p in peers}
            rows.append((label, "lat c=1 ms", med, {o: paired(lat[a.name], lat[o]) for o in others}, None))
        s = res["settings"]
        notes.append(f"{label}: {s['messages']} msgs/run, {s['rounds']} round(s), "
                     f"warm-up {s['messages'] if s['warmup'] is None else s['warmup']}, "
                     f"dns-ttl {s.get('dns_ttl')}, dns-delay-ms {s.get('dns_delay_ms')}, "
                     f"latency samples {s['latency_samples']}/round")
    others = [p for p in peers_all if p != a.name]
    short = {p: p.replace("james-", "") for p in peers_all + [a.name]}
    hdr = f"{'condition':10s} {'conc':>10s} " + " ".join(f"{short[p][:12]:>12s}" for p in peers_all)
    hdr += "  | " + " ".join(f"{(short[a.name] + '/' + short[o])[:22]:>22s}" for o in others)
    hdr += f"  | {short[a.name][:8]} cpu ms/msg"
    out = ["", f"msg/s medians (lat: c=1 latency median, ms, connect..250 after DATA); "
               f"ratios: paired = median over rounds of {a.name}/peer in the same round", "", hdr, "-" * len(hdr)]
    if not rows:
        out = ["", "no results to tabulate"]
    for (label, conc, med, pr, cpu) in rows:
        line = f"{label:10s} {conc:>10s} " + " ".join(
            f"{fmt(med.get(p), '12.1f' if not conc.startswith('lat') else '12.2f', 12)}" for p in peers_all)
        line += "  | " + " ".join(f"{fmt(pr.get(o), '22.2f', 22)}" for o in others)
        line += f"  | {fmt(cpu, '8.2f', 8)}"
        out.append(line)
    out.append("")
    out += notes
    text = "\n".join(out)
    print(text, flush=True)
    if a.write:
        Path(a.write).write_text(text + "\n")
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("watch")
    w.add_argument("--bench", required=True)
    w.add_argument("--name", required=True)
    w.add_argument("--tmp", required=True)
    w.add_argument("--out", required=True)
    w.add_argument("--verbose-log", action="store_true")
    r = sub.add_parser("report")
    r.add_argument("--name", required=True)
    r.add_argument("--label")
    r.add_argument("--write", help="also write the table to this file")
    r.add_argument("--quiet-checks", action="store_true", help="omit the per-run log statistics")
    r.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    return Watch(a).run() if a.cmd == "watch" else report(a)


if __name__ == "__main__":
    sys.exit(main())
