"""examples/spark/transaudit_job.py in local[2] mode on datasets made here:
JSONL and Parquet in, verdicts and a filtered dataset out, counts checked."""

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime for Spark", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402

JOB = Path(__file__).resolve().parents[2] / "examples" / "spark" / "transaudit_job.py"
RESIDUE = (
    "Le randonneur a parcouru 55 miles. Leave a Reply. "
    "Le budget est de 200,000 euros. Zelenskyqui a répondu."
)
CLEAN = "Les élus ont adopté le projet à l’unanimité hier soir."
N = 90  # every third document carries residue


def load_job():
    spec = importlib.util.spec_from_file_location("transaudit_job", JOB)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("transaudit-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    yield session
    session.stop()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    d = tmp_path_factory.mktemp("data")
    with open(d / "docs.jsonl", "w", encoding="utf-8") as fh:
        for i in range(N):
            fh.write(json.dumps({"id": f"d{i}", "text": RESIDUE if i % 3 == 0 else CLEAN,
                                 "url": f"https://example.org/{i}"}) + "\n")
    return d


def check_outputs(spark, out: Path, counts):
    assert counts == {"clean": 60, "reject": 30, "total": 90, "kept": 60}
    verdicts = spark.read.parquet(str(out / "verdicts"))
    rows = {r["id"]: r for r in verdicts.collect()}
    assert len(rows) == N
    for i in range(N):
        r = rows[f"d{i}"]
        assert r["verdict"] == ("reject" if i % 3 == 0 else "clean")
    units = [f for f in rows["d0"]["findings"] if f["category"] == "unit"]
    assert len(units) == 1 and units[0]["rule"] == "unit/imperial"
    assert rows["d0"]["categories"]["unit"] == 1
    filtered = spark.read.parquet(str(out / "filtered"))
    assert sorted(filtered.columns) == ["id", "text", "url"]
    ids = {r["id"] for r in filtered.collect()}
    assert ids == {f"d{i}" for i in range(N) if i % 3}


def test_jsonl_in_verdicts_and_filtered_parquet_out(spark, dataset, tmp_path):
    job = load_job()
    args = job.parse_args(["--input", str(dataset / "docs.jsonl"), "--output", str(tmp_path)])
    counts = job.run(spark, args)
    check_outputs(spark, tmp_path, counts)


def test_parquet_in(spark, dataset, tmp_path):
    spark.read.json(str(dataset / "docs.jsonl")).repartition(3).write.parquet(
        str(tmp_path / "in.parquet"))
    job = load_job()
    args = job.parse_args(["--input", str(tmp_path / "in.parquet"), "--input-format", "parquet",
                           "--output", str(tmp_path / "out")])
    counts = job.run(spark, args)
    check_outputs(spark, tmp_path / "out", counts)
