"""`--format json`: the contract other tools rely on (SPEC.md, Output)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ai21lint import __version__
from ai21lint.engine import Report


def document(report: Report) -> dict[str, Any]:
    return {
        "tool": "ai21lint",
        "version": __version__,
        "files_checked": report.files_checked,
        "diagnostics": [d.to_json() for d in report.diagnostics],
    }


def render(report: Report, stream: TextIO) -> None:
    json.dump(document(report), stream, indent=2)
    stream.write("\n")
