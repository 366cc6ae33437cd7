"""`--format json`: the contract other tools rely on (SPEC.md, Output)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from ai21lint import __version__
from ai21lint.engine import Report

if TYPE_CHECKING:
    from ai21lint.audit import Audit


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


def audit_document(audit: Audit) -> dict[str, Any]:
    """`audit --format json`: the check document, plus the call-site inventory, the guideline checklist and the
    project-level evidence."""
    result = document(audit.report)
    result["call_sites"] = [site.to_json() for site in audit.call_sites]
    result["guidelines"] = [
        {"guideline": g.section, "title": g.title, "status": g.status, "findings": len(g.findings)}
        for g in audit.guidelines
    ]
    result["evidence"] = [{"kind": e.kind, "path": e.path, "line": e.line, "text": e.text} for e in audit.evidence]
    return result


def render_audit(audit: Audit, stream: TextIO) -> None:
    json.dump(audit_document(audit), stream, indent=2)
    stream.write("\n")
