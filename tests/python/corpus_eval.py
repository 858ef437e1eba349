"""`transaudit corpus` on the evaluation data (issue 12's "done means"):
one JSONL of the seeds and the clean articles, with a broken record in the
middle; every seed must be not clean, every clean article clean, the broken
record reported with its line, and the rest in order. The texts are read
from ../shared at run time, never copied into the repository.

    python tests/python/corpus_eval.py TRANSAUDIT_BIN SHARED_DIR
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    binary, shared = sys.argv[1], Path(sys.argv[2])
    seeds = sorted((shared / "corpus/seeds").glob("*.txt"))
    clean = sorted((shared / "corpus/clean").rglob("*.txt"))
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "eval.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            ids = []
            for i, f in enumerate(seeds + clean):
                if i == 3:
                    out.write('{"id": "broken", "text": "cut\n')
                    ids.append("broken")
                kind = "seed" if f in seeds else "clean"
                rec = {"id": f"{kind}:{f.name}", "text": f.read_text(encoding="utf-8")}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                ids.append(rec["id"])
        run = subprocess.run([binary, "corpus", "--summary", str(path)],
                             capture_output=True, text=True, cwd=d)
    objects = [json.loads(line) for line in run.stdout.splitlines()]
    problems = []
    if run.returncode != 2:
        problems.append(f"exit {run.returncode}, expected 2 (one broken record)")
    if "eval.jsonl:4:" not in run.stderr:
        problems.append("the broken record's line (4) is not on stderr")
    if [o["id"] if o["id"] is not None else "broken" for o in objects] != ids:
        problems.append("the output is not one object per record in input order")
    verdicts = {"seed": {}, "clean": {}}
    for o in objects:
        if "error" in o:
            continue
        kind = o["id"].split(":")[0]
        verdicts[kind][o["verdict"]] = verdicts[kind].get(o["verdict"], 0) + 1
        if (kind == "seed") == (o["verdict"] == "clean"):
            problems.append(f"{o['id']}: {o['verdict']} (density {o['density']})")
    print(f"seeds: {verdicts['seed']}; clean articles: {verdicts['clean']}")
    print("".join(line for line in run.stderr.splitlines(True) if " records: " in line), end="")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
