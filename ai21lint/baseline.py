"""Baselines for gradual adoption: record today's findings, then report only new ones.

A finding is identified by its rule, its file and the code it points at (see `fingerprints`), not by its line
number, so edits elsewhere in the file do not bring recorded findings back."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from ai21lint import __version__
from ai21lint.config import ConfigError
from ai21lint.engine import Report
from ai21lint.fingerprints import fingerprints


def _prints(report: Report) -> list[str]:
    return fingerprints(report.diagnostics, report.line_text)


def write(report: Report, path: Path) -> None:
    findings = [
        {"code": d.code, "path": d.path, "fingerprint": fp, "message": d.message}
        for d, fp in zip(report.diagnostics, _prints(report))
    ]
    document = {"tool": "ai21lint", "version": __version__, "findings": findings}
    try:
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot write baseline {path}: {error.strerror or error}") from None


def load(path: Path) -> Counter[str]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Counter(str(item["fingerprint"]) for item in document["findings"])
    except OSError as error:
        raise ConfigError(f"cannot read baseline {path}: {error.strerror or error}") from None
    except (ValueError, KeyError, TypeError):
        raise ConfigError(f"{path} is not an ai21lint baseline (write one with --write-baseline)") from None


def subtract(report: Report, baseline: Counter[str]) -> Report:
    """The report without the findings the baseline records (each recorded finding hides one)."""
    remaining = Counter(baseline)
    kept = []
    for diagnostic, fingerprint in zip(report.diagnostics, _prints(report)):
        if remaining[fingerprint] > 0:
            remaining[fingerprint] -= 1
            continue
        kept.append(diagnostic)
    return replace(report, diagnostics=kept)
