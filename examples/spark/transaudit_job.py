"""PySpark job: lint every document of a JSONL or Parquet dataset with
transaudit, write the verdicts and findings as Parquet, and the dataset
without the rejected documents.

    spark-submit examples/spark/transaudit_job.py \
        --input crawl/ --input-format jsonl --output audit/

writes ``audit/verdicts`` (id, verdict, density, words, categories,
findings; one row per document) and ``audit/filtered`` (the input's rows
whose verdict is not dropped, same columns as the input), both Parquet.
Each partition compiles one ``transaudit.Linter`` and lints its documents
in batches with ``check_batch`` (all the executor's cores, no GIL).
"""

import argparse
import json
import sys
from typing import Any, Dict, Iterator, List, Optional

from pyspark.sql import DataFrame, Row, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

FINDING = T.StructType([
    T.StructField("rule", T.StringType()),
    T.StructField("category", T.StringType()),
    T.StructField("severity", T.StringType()),
    T.StructField("message", T.StringType()),
    T.StructField("line", T.LongType()),
    T.StructField("column", T.LongType()),
    T.StructField("byte_start", T.LongType()),
    T.StructField("byte_end", T.LongType()),
    T.StructField("scope", T.StringType()),
    T.StructField("fix", T.StringType()),
])

AUDIT = [
    T.StructField("transaudit_verdict", T.StringType()),
    T.StructField("transaudit_density", T.DoubleType()),
    T.StructField("transaudit_words", T.LongType()),
    T.StructField("transaudit_categories", T.MapType(T.StringType(), T.LongType())),
    T.StructField("transaudit_findings", T.ArrayType(FINDING)),
    T.StructField("transaudit_error", T.StringType()),
]

BATCH = 512


def lint_partition(rows: Iterator[Row], text_column: str, options: Dict[str, Any]) -> Iterator[tuple]:
    """One Linter per partition; the partition's rows with the audit columns."""
    import transaudit

    linter = transaudit.Linter(options.get("lang"), options.get("config"),
                               markup=options.get("markup", "plain"))
    batch: List[Row] = []

    def flush() -> Iterator[tuple]:
        texts = [r[text_column] if isinstance(r[text_column], str) else "" for r in batch]
        for row, res in zip(batch, linter.check_batch(texts)):
            if not isinstance(row[text_column], str):
                res = {"error": f"`{text_column}` is not a string"}
            if "error" in res:
                yield tuple(row) + ("error", None, None, None, None, res["error"])
                continue
            findings = [
                (f["rule"], f["category"], f["severity"], f["message"], f["line"], f["column"],
                 f["byte_start"], f["byte_end"], f["scope"],
                 f["fix"]["replacement"] if f["fix"] else None)
                for f in res["findings"]
            ]
            yield tuple(row) + (res["verdict"], res["density"], res["words"],
                                dict(res["categories"]), findings, None)

    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def audit(df: DataFrame, text_column: str, options: Dict[str, Any]) -> DataFrame:
    """``df`` with the audit columns appended (one Linter per partition)."""
    schema = T.StructType(list(df.schema.fields) + AUDIT)
    rdd = df.rdd.mapPartitions(lambda rows: lint_partition(rows, text_column, options))
    return df.sparkSession.createDataFrame(rdd, schema)


def run(spark: SparkSession, args: argparse.Namespace) -> Dict[str, int]:
    reader = spark.read
    df = reader.json(args.input) if args.input_format == "jsonl" else reader.parquet(args.input)
    if args.text_column not in df.columns:
        raise SystemExit(f"error: no column `{args.text_column}` in {args.input}; use --text-column")
    options = {"lang": args.lang, "config": args.config, "markup": args.markup}
    audited = audit(df, args.text_column, options).cache()
    id_cols = [args.id_column] if args.id_column in df.columns else []
    verdicts = audited.select(
        *id_cols,
        F.col("transaudit_verdict").alias("verdict"),
        F.col("transaudit_density").alias("density"),
        F.col("transaudit_words").alias("words"),
        F.col("transaudit_categories").alias("categories"),
        F.col("transaudit_findings").alias("findings"),
        F.col("transaudit_error").alias("error"),
    )
    verdicts.write.mode("overwrite").parquet(f"{args.output}/verdicts")
    drop = [v for v in args.drop.split(",") if v]
    kept = audited.where(~F.col("transaudit_verdict").isin(drop)).select(*df.columns)
    kept.write.mode("overwrite").parquet(f"{args.output}/filtered")
    counts = {row["transaudit_verdict"]: row["count"]
              for row in audited.groupBy("transaudit_verdict").count().collect()}
    counts["total"] = sum(counts.values())
    counts["kept"] = counts["total"] - sum(counts.get(v, 0) for v in drop)
    audited.unpersist()
    return counts


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--input", required=True, help="JSONL or Parquet file or directory")
    p.add_argument("--input-format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument("--output", required=True, help="directory for verdicts/ and filtered/")
    p.add_argument("--text-column", default="text")
    p.add_argument("--id-column", default="id")
    p.add_argument("--drop", default="reject", help="verdicts to drop, comma-separated")
    p.add_argument("--lang", default=None)
    p.add_argument("--config", default=None, help=".auditrc.toml readable on every executor")
    p.add_argument("--markup", choices=["plain", "md", "html"], default="plain")
    p.add_argument("--master", default=None, help="e.g. local[2]; spark-submit sets it otherwise")
    return p.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> None:
    args = parse_args(argv)
    builder = SparkSession.builder.appName("transaudit")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        counts = run(spark, args)
    finally:
        spark.stop()
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
