"""The Python module, as a user calls it (tests/python/run.sh installs it
into a fresh venv with `pip install .` first)."""

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import transaudit

RESIDUE = (
    "Le randonneur a parcouru 55 miles. Leave a Reply. "
    "Le budget est de 200,000 euros. Zelenskyqui a répondu."
)
CLEAN = "Les élus ont adopté le projet à l’unanimité hier soir."
FIELDS = {
    "rule", "category", "severity", "message", "line", "column", "end_line",
    "end_column", "byte_start", "byte_end", "scope", "fix",
}


@pytest.fixture(scope="module")
def linter():
    return transaudit.Linter(lang="fr", config=None)


def test_check_finds_a_unit_with_the_json_fields(linter):
    text = "Il a parcouru 55 miles."
    findings = linter.check(text)
    unit = [f for f in findings if f["category"] == "unit"]
    assert len(unit) == 1, findings
    f = unit[0]
    assert set(f) == FIELDS
    assert f["rule"] == "unit/imperial"
    assert text.encode()[f["byte_start"]:f["byte_end"]].decode() == "55 miles"
    assert (f["line"], f["column"]) == (1, 15)
    assert f["fix"] == {"replacement": "environ 89\u00a0km", "applicability": "unsafe"}


def test_char_span_slices_non_ascii_text(linter):
    text = "Élu à l’été, il a parcouru 55 miles."
    f = next(f for f in linter.check(text) if f["category"] == "unit")
    start, end = transaudit.char_span(text, f)
    assert text[start:end] == "55 miles"


def test_check_batch_keeps_order_and_gives_verdicts(linter):
    texts = [CLEAN, RESIDUE] * 100 + [""]
    out = linter.check_batch(texts)
    assert len(out) == len(texts)
    for text, r in zip(texts, out):
        assert set(r) == {"findings", "density", "categories", "verdict", "words"}
        if text == RESIDUE:
            assert r["verdict"] == "reject"
            assert r["categories"]["unit"] == 1
            assert r["density"] > 5
        else:
            assert r["verdict"] == "clean", r
            assert r["findings"] == []


def test_a_text_with_nul_is_an_error_entry_not_an_exception(linter):
    out = linter.check_batch(["a\0b", CLEAN])
    assert "error" in out[0] and "NUL" in out[0]["error"]
    assert out[1]["verdict"] == "clean"


def test_thresholds_from_arguments_and_config(tmp_path):
    lenient = transaudit.Linter(review_density=0.1, reject_density=1000, min_findings=1)
    assert lenient.thresholds == (0.1, 1000.0, 1)
    assert lenient.check_batch(["Il a parcouru 55 miles dans la montagne."])[0]["verdict"] == "review"
    cfg = tmp_path / ".auditrc.toml"
    cfg.write_text("[corpus]\nreview-density = 0.2\nreject-density = 0.3\nmin-findings = 1\n")
    strict = transaudit.Linter(config=cfg)
    assert strict.thresholds == (0.2, 0.3, 1)
    assert strict.check_batch(["Il a parcouru 55 miles dans la montagne."])[0]["verdict"] == "reject"


def test_config_errors_carry_file_and_line(tmp_path):
    cfg = tmp_path / ".auditrc.toml"
    cfg.write_text('lang = "fr"\n[corpus]\nreject = 3\n')
    with pytest.raises(transaudit.TransauditError) as e:
        transaudit.Linter(config=str(cfg))
    assert e.value.path == str(cfg)
    assert e.value.line == 3
    assert "reject" in str(e.value)


def test_rule_file_errors_carry_file_and_line(tmp_path):
    (tmp_path / "house.toml").write_text('[[rule]]\nid = "house/x"\ncategory = "nope"\n')
    cfg = tmp_path / ".auditrc.toml"
    cfg.write_text('extend-rules = ["house.toml"]\n')
    with pytest.raises(transaudit.TransauditError) as e:
        transaudit.Linter(config=cfg)
    assert e.value.path is not None and e.value.path.endswith("house.toml")
    assert isinstance(e.value.line, int)


def test_bad_arguments_raise(tmp_path):
    with pytest.raises(transaudit.TransauditError):
        transaudit.Linter(lang="xx")
    with pytest.raises(transaudit.TransauditError):
        transaudit.Linter(markup="rtf")
    with pytest.raises(transaudit.TransauditError):
        transaudit.Linter(review_density=9, reject_density=1)


def test_markdown_markup_lints_prose_only():
    md = transaudit.Linter(markup="md")
    text = "# Titre\n\nIl a parcouru 55 miles.\n\n```\nLeave a Reply\n```\n"
    cats = {f["category"] for f in md.check(text)}
    assert "unit" in cats and "boilerplate" not in cats


def test_stubs_and_marker_are_installed():
    pkg = Path(transaudit.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_transaudit.pyi").exists()


def test_the_transaudit_command_comes_with_the_package(tmp_path):
    exe = Path(sysconfig.get_path("scripts")) / "transaudit"
    assert exe.exists(), exe
    article = tmp_path / "a.txt"
    article.write_text("Il a parcouru 55 miles.\n")
    out = subprocess.run([str(exe), "check", "--format", "concise", str(article)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    assert "unit/imperial" in out.stdout
    corpus = subprocess.run([str(exe), "corpus", "-"], input='{"id": 1, "text": "Bonjour."}\n',
                            capture_output=True, text=True, cwd=tmp_path)
    assert corpus.returncode == 0, corpus.stderr
    assert '"verdict":"clean"' in corpus.stdout
    bad = subprocess.run([str(exe), "check", "--no-such-flag"], capture_output=True, text=True)
    assert bad.returncode == 2 and "--no-such-flag" in bad.stderr
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and "transaudit" in version.stdout
