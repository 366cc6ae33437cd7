"""The labelled corpus in fixtures/: expected diagnostics from fixtures/labels.toml, actual ones from the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
APPS = FIXTURES / "apps"


@dataclass(frozen=True)
class Expected:
    case: str
    path: str  # relative to the case directory
    line: int  # 0: any line
    code: str


def load_labels() -> tuple[list[str], dict[str, list[Expected]]]:
    data = tomllib.loads((FIXTURES / "labels.toml").read_text(encoding="utf-8"))
    cases = {
        name: [Expected(name, e["path"], int(e["line"]), e["code"]) for e in entry.get("expected", [])]
        for name, entry in data["cases"].items()
    }
    return list(data["codes"]), cases


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ai21lint", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def actual_diagnostics(extra: tuple[str, ...] = ()) -> list[dict]:
    completed = run_cli("check", "fixtures", "--format", "json", "--no-cache", *extra)
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(completed.stdout)["diagnostics"]


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def score(
    codes: list[str], cases: dict[str, list[Expected]], diagnostics: list[dict]
) -> tuple[dict[str, Score], list[str]]:
    """Match diagnostics to labels by case, file, code and line (line 0 in a label matches any line)."""
    scores = {code: Score() for code in codes}
    problems: list[str] = []
    by_case: dict[str, list[dict]] = {}
    for diagnostic in diagnostics:
        parts = Path(diagnostic["path"]).parts
        if len(parts) < 4 or parts[:2] != ("fixtures", "apps") or diagnostic["code"] not in scores:
            continue
        by_case.setdefault(parts[2], []).append({**diagnostic, "relative": "/".join(parts[3:])})
    for case, expected in cases.items():
        remaining = list(by_case.get(case, []))
        for label in expected:
            if label.code not in scores:
                continue
            match = next(
                (
                    d
                    for d in remaining
                    if d["code"] == label.code
                    and d["relative"] == label.path
                    and (label.line == 0 or d["line"] == label.line)
                ),
                None,
            )
            if match is None:
                scores[label.code].false_negatives += 1
                problems.append(f"missed {label.code} at {case}/{label.path}:{label.line}")
            else:
                remaining.remove(match)
                scores[label.code].true_positives += 1
        for diagnostic in remaining:
            scores[diagnostic["code"]].false_positives += 1
            problems.append(
                f"unexpected {diagnostic['code']} at {case}/{diagnostic['relative']}:{diagnostic['line']}"
                f": {diagnostic['message']}"
            )
    return scores, problems
