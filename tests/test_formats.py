"""Output formats of `check` and `audit`: every format of one run carries the same findings; SARIF is valid against
the 2.1.0 schema with rule metadata and line-independent fingerprints; reports escape what comes from scanned code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.harness import write_project
from tests.projects import sample_project
from tests.test_cli import cli

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def findings_from(fmt: str, output: str) -> set[tuple[str, int, str]]:
    """(path, line, code) of every finding in one output format."""
    if fmt == "json" or fmt == "audit-json":
        return {(d["path"], d["line"], d["code"]) for d in json.loads(output)["diagnostics"]}
    if fmt == "sarif":
        run = json.loads(output)["runs"][0]
        return {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["ruleId"],
            )
            for r in run["results"]
        }
    if fmt == "github":
        pattern = re.compile(r"^::\w+ file=([^,]+),line=(\d+),.*?title=(AIS\d+)")
        return {(m.group(1), int(m.group(2)), m.group(3)) for m in map(pattern.match, output.splitlines()) if m}
    if fmt == "text":
        pattern = re.compile(r"^(\S+?):(\d+):\d+: (AIS\d+) ")
        return {(m.group(1), int(m.group(2)), m.group(3)) for m in map(pattern.match, output.splitlines()) if m}
    if fmt in ("markdown", "html"):
        pattern = re.compile(r"([\w/\\.]+\.py):(\d+):\d+(?:</code>)? (?:\*\*|<b>)(AIS\d+)")
        return {(m.group(1).replace("\\", ""), int(m.group(2)), m.group(3)) for m in pattern.finditer(output)}
    raise AssertionError(fmt)


def test_every_format_carries_the_same_findings(tmp_path: Path) -> None:
    sample_project(tmp_path)
    reference = findings_from("json", cli("check", ".", "--format", "json", cwd=tmp_path).stdout)
    assert len(reference) >= 4
    for fmt in ("text", "sarif", "github"):
        assert findings_from(fmt, cli("check", ".", "--format", fmt, cwd=tmp_path).stdout) == reference, fmt
    for fmt in ("json", "sarif", "github", "markdown", "html"):
        output = cli("audit", ".", "--format", fmt, cwd=tmp_path).stdout
        assert findings_from("audit-json" if fmt == "json" else fmt, output) == reference, fmt


def test_sarif_is_valid_with_rule_metadata(tmp_path: Path) -> None:
    sample_project(tmp_path)
    document = json.loads(cli("check", ".", "--format", "sarif", cwd=tmp_path).stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    run = document["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert {"AIS301", "AIS302", "AIS201"} <= set(rules)
    for rule in rules.values():
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["properties"]["guideline"]
    assert rules["AIS302"]["defaultConfiguration"]["level"] == "note"
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert location["region"]["startColumn"] >= 1
        assert result["level"] == rules[result["ruleId"]]["defaultConfiguration"]["level"]


def test_sarif_fingerprints_survive_line_moves(tmp_path: Path) -> None:
    sample_project(tmp_path)

    def prints() -> dict[str, str]:
        run = json.loads(cli("check", ".", "--format", "sarif", cwd=tmp_path).stdout)["runs"][0]
        return {r["ruleId"]: r["partialFingerprints"]["ai21lintFingerprint/v1"] for r in run["results"]}

    before = prints()
    app = tmp_path / "app.py"
    app.write_text("\n\n# moved down\n" + app.read_text())
    assert prints() == before


def test_info_is_note_and_github_annotations(tmp_path: Path) -> None:
    write_project(tmp_path, {"app.py": "import os, ai21\nai21.Completion.execute(prompt='Hi, ' + os.environ['P'])\n"})
    sarif = json.loads(cli("check", ".", "--format", "sarif", cwd=tmp_path).stdout)
    assert sarif["runs"][0]["results"][0]["level"] == "note"
    github = cli("check", ".", "--format", "github", cwd=tmp_path).stdout
    assert github.startswith("::notice file=app.py,line=2,col=1,endLine=2,endColumn=")
    assert "title=AIS302 unverifiable-prompt::prompt has 4 constant characters" in github


HOSTILE = "<script>alert(1)</script> **bold** | [link](http://x) \x1b[31mred\x1b[0m `tick`"


def test_reports_escape_what_comes_from_scanned_code(tmp_path: Path) -> None:
    # the hostile text reaches reports as a file name and inside a quoted expression of the message
    source = (
        "import json, sys, ai21\ndata = json.loads(sys.argv[1])\n"
        f'ai21.Completion.execute(prompt="Hi " + data["{HOSTILE}"])\n'
    )
    write_project(tmp_path, {"requirements.txt": "ai21\n", "<script>x**y**.py": source})
    for fmt in ("html", "markdown"):
        report = cli("audit", ".", "--format", fmt, cwd=tmp_path).stdout
        assert "alert" in report, fmt  # the finding is there...
        assert "<script>" not in report and "\x1b" not in report, fmt  # ...and inert
    markdown_report = cli("audit", ".", "--format", "markdown", cwd=tmp_path).stdout
    assert "](http" not in markdown_report and "**bold**" not in markdown_report and "**y**" not in markdown_report
    for fmt in ("text", "github"):
        assert "\x1b" not in cli("check", ".", "--format", fmt, cwd=tmp_path).stdout, fmt
    sarif = json.loads(cli("check", ".", "--format", "sarif", cwd=tmp_path).stdout)
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(
        "%3Cscript%3E"
    )


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    sample_project(tmp_path)
    page = cli("audit", ".", "--format", "html", cwd=tmp_path).stdout
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"<(?:script|link|img|iframe)\b", page)


def test_audit_json_call_sites_and_checklist(tmp_path: Path) -> None:
    sample_project(tmp_path)
    completed = cli("audit", ".", "--format", "json", cwd=tmp_path)
    assert completed.returncode == 1
    document = json.loads(completed.stdout)
    assert list(document)[:4] == ["tool", "version", "files_checked", "diagnostics"]
    sites = document["call_sites"]
    assert [(s["path"], s["line"]) for s in sites] == [("app.py", 13), ("app.py", 18)]
    assert all(set(s) == {"path", "line", "api", "model", "constant_chars", "custom_model"} for s in sites)
    assert [s["constant_chars"] for s in sites] == [73, 14] and sites[0]["model"] == "j2-ultra"
    status = {g["guideline"]: g["status"] for g in document["guidelines"]}
    assert status == {"1": "pass", "2": "fail", "3": "fail", "4": "pass", "5": "pass"}


def test_audit_text_and_output_file(tmp_path: Path) -> None:
    sample_project(tmp_path)
    completed = cli("audit", ".", cwd=tmp_path)
    assert "Completion call sites" in completed.stdout and "Usage guidelines" in completed.stdout
    assert "Project-level evidence" in completed.stdout
    report = tmp_path / "audit.md"
    assert cli("audit", ".", "--format", "markdown", "--output", str(report), cwd=tmp_path).returncode == 1
    assert report.read_text().startswith("# ai21lint audit report")
    assert cli("audit", "app.py", cwd=tmp_path).returncode == 2


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "sarif", "github", "text"])
def test_clean_project_audit(tmp_path: Path, fmt: str) -> None:
    write_project(tmp_path, {"app.py": "print('no AI here')\n"})
    assert cli("audit", ".", "--format", fmt, cwd=tmp_path).returncode == 0


def test_baseline_reports_only_new_findings(tmp_path: Path) -> None:
    sample_project(tmp_path)
    baseline = tmp_path / "baseline.json"
    assert cli("check", ".", "--write-baseline", str(baseline), cwd=tmp_path).returncode == 0
    assert cli("check", ".", "--baseline", str(baseline), cwd=tmp_path).returncode == 0
    app = tmp_path / "app.py"
    app.write_text(
        "\n\n" + app.read_text() + "\nclient.completion.create(model='j2-mid', prompt='Hi ' + sys.argv[2])\n"
    )
    completed = cli("check", ".", "--baseline", str(baseline), "--format", "json", cwd=tmp_path)
    assert completed.returncode == 1
    assert [(d["code"], d["line"]) for d in json.loads(completed.stdout)["diagnostics"]] == [("AIS301", 26)]
    baseline.write_text("not json")
    broken = cli("check", ".", "--baseline", str(baseline), cwd=tmp_path)
    assert broken.returncode == 2 and "is not an ai21lint baseline" in broken.stderr


def test_rule_docs_are_generated_from_the_rules() -> None:
    from ai21lint.rules import all_rules
    from ai21lint.rules.base import render_index, render_page

    docs = Path(__file__).resolve().parents[1] / "docs" / "rules"
    for rule in all_rules():
        assert (docs / f"{rule.code}.md").read_text(encoding="utf-8") == render_page(rule), (
            f"docs/rules/{rule.code}.md is stale: run `ai21lint rules --write-docs docs/rules`"
        )
    assert (docs / "README.md").read_text(encoding="utf-8") == render_index()
