#!/usr/bin/env python3
"""Read transaudit's CI formats back with real consumers from the Python registry.

  check_formats.py BINARY PATH...

SARIF: parsed and validated by sarif-pydantic (pydantic models of SARIF
2.1.0) and loaded by Microsoft's sarif-tools; JUnit: parsed by junitparser;
GitLab Code Quality and GitHub annotations: checked against their documented
shapes. Every format must carry the same number of findings as --format json.
Run by .ci/run in a throw-away virtualenv; exits 1 with a message on failure.
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def run(binary, fmt, paths):
    p = subprocess.run([binary, "check", "--format", fmt, "--exit-zero", *paths], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{fmt}: exit {p.returncode}: {p.stderr[:500]}")
    return p.stdout


def main():
    binary, paths = sys.argv[1], sys.argv[2:]
    findings = json.loads(run(binary, "json", paths))
    n = len(findings)
    files_with = {d["path"] for d in findings}
    tmp = tempfile.mkdtemp()

    # SARIF: pydantic validation of the 2.1.0 model, then sarif-tools' loader.
    sarif_text = run(binary, "sarif", paths)
    from sarif_pydantic import Sarif
    log = Sarif.model_validate_json(sarif_text)
    assert log.version == "2.1.0", log.version
    results = log.runs[0].results or []
    assert len(results) == n, f"sarif results {len(results)} != json {n}"
    rule_ids = {r.id for r in log.runs[0].tool.driver.rules}
    assert all(r.rule_id in rule_ids for r in results), "a result's ruleId is not in tool.driver.rules"
    path = os.path.join(tmp, "out.sarif")
    open(path, "w").write(sarif_text)
    from sarif import loader
    sf = loader.load_sarif_file(path)
    assert sf.get_result_count() == n, f"sarif-tools counts {sf.get_result_count()} != {n}"
    raw = json.loads(sarif_text)
    for r, d in zip(raw["runs"][0]["results"], findings):
        reg = r["locations"][0]["physicalLocation"]["region"]
        assert (reg["startLine"], reg["startColumn"], reg["byteOffset"]) == (d["line"], d["column"], d["byte_start"]), (reg, d)

    # JUnit: one test case per file, one failure per finding.
    from junitparser import JUnitXml, Failure
    jpath = os.path.join(tmp, "out.xml")
    open(jpath, "w").write(run(binary, "junit", paths))
    xml = JUnitXml.fromfile(jpath)
    cases = [c for suite in xml for c in suite]
    failures = sum(1 for c in cases for r in c.result if isinstance(r, Failure))
    assert failures == n, f"junit failures {failures} != {n}"
    assert {c.name for c in cases} >= files_with, "a file with findings has no test case"

    # GitLab Code Quality: required keys, unique fingerprints.
    gl = json.loads(run(binary, "gitlab", paths))
    assert len(gl) == n
    for issue in gl:
        for key in ("description", "check_name", "fingerprint", "severity", "location"):
            assert key in issue, f"gitlab issue lacks {key}"
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert "path" in issue["location"] and "begin" in issue["location"]["positions"]
    assert len({i["fingerprint"] for i in gl}) == n, "gitlab fingerprints are not unique"

    # GitHub workflow commands.
    gh = run(binary, "github", paths).splitlines()
    pat = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:]+::.+$")
    assert len(gh) == n and all(pat.match(l) for l in gh), "github annotations malformed"

    print(f"formats ok: {n} findings in {len(files_with)} files read back from sarif, junit, gitlab, github")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        sys.exit(f"format check failed: {e}")
