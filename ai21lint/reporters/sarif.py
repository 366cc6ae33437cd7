"""SARIF 2.1.0 for GitHub code scanning and other viewers: rule metadata, relative URIs under %SRCROOT%,
1-based columns, `info` as the SARIF level `note`, fingerprints that survive line moves."""

from __future__ import annotations

import json
from typing import Any, TextIO
from urllib.parse import quote

from ai21lint import __version__
from ai21lint.diagnostics import Severity
from ai21lint.engine import Report
from ai21lint.fingerprints import fingerprints
from ai21lint.rules import all_rules

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    docs = rule.docs()
    what = docs.split("## Why is this bad?")[0].replace("## What it does", "").strip()
    return {
        "id": rule.code,
        "name": "".join(part.capitalize() for part in rule.name.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(what.split())},
        "help": {"text": " ".join(docs.replace("#", "").split()), "markdown": docs},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"guideline": rule.guideline, "tags": ["ai21", "compliance", f"guideline-{rule.guideline}"]},
    }


def document(report: Report) -> dict[str, Any]:
    rules = all_rules()
    index = {rule.code: position for position, rule in enumerate(rules)}
    prints = fingerprints(report.diagnostics, report.line_text)
    results = []
    for diagnostic, fingerprint in zip(report.diagnostics, prints):
        region = {"startLine": diagnostic.line, "startColumn": diagnostic.column}
        if (diagnostic.end_line, diagnostic.end_column) > (diagnostic.line, diagnostic.column):
            region.update(endLine=diagnostic.end_line, endColumn=diagnostic.end_column)
        results.append(
            {
                "ruleId": diagnostic.code,
                "ruleIndex": index[diagnostic.code],
                "level": LEVELS[diagnostic.severity],
                "message": {"text": diagnostic.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": quote(diagnostic.path), "uriBaseId": "%SRCROOT%"},
                            "region": region,
                        }
                    }
                ],
                "partialFingerprints": {"ai21lintFingerprint/v1": fingerprint},
            }
        )
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ai21lint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule_descriptor(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": report.root.as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report, stream: TextIO) -> None:
    json.dump(document(report), stream, indent=2)
    stream.write("\n")
