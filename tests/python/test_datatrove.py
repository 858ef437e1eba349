"""transaudit.datatrove.TransauditFilter in a small local datatrove pipeline:
JSONL in, rejected documents to the exclusion writer, the rest kept."""

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from transaudit.datatrove import TransauditFilter  # noqa: E402

RESIDUE = (
    "Le randonneur a parcouru 55 miles. Leave a Reply. "
    "Le budget est de 200,000 euros. Zelenskyqui a répondu."
)
CLEAN = "Les élus ont adopté le projet à l’unanimité hier soir."


def read_jsonl_dir(d: Path):
    docs = []
    for f in sorted(d.rglob("*.jsonl*")):
        opener = gzip.open if f.suffix == ".gz" else open
        with opener(f, "rt", encoding="utf-8") as fh:
            docs.extend(json.loads(line) for line in fh if line.strip())
    return docs


def test_filter_drops_rejects_in_a_local_pipeline(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    with open(src / "shard.jsonl", "w", encoding="utf-8") as fh:
        for i in range(30):
            text = RESIDUE if i % 3 == 0 else CLEAN
            fh.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(src)),
            TransauditFilter(
                exclusion_writer=JsonlWriter(str(tmp_path / "dropped")),
                batch_size=8,
            ),
            JsonlWriter(str(tmp_path / "kept")),
        ],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    kept = read_jsonl_dir(tmp_path / "kept")
    dropped = read_jsonl_dir(tmp_path / "dropped")
    assert len(kept) == 20 and len(dropped) == 10
    assert {d["id"] for d in dropped} == {f"d{i}" for i in range(0, 30, 3)}
    assert all(d["text"] == CLEAN for d in kept)
    assert all(d["metadata"]["transaudit_verdict"] == "clean" for d in kept)
    assert all(d["metadata"]["filter_reason"] == "transaudit_reject" for d in dropped)
    assert all(d["metadata"]["transaudit_categories"]["unit"] == 1 for d in dropped)


def test_unknown_verdicts_are_refused():
    with pytest.raises(ValueError):
        TransauditFilter(drop=("bad",))
