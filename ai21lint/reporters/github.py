"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per diagnostic."""

from __future__ import annotations

from typing import TextIO

from ai21lint.diagnostics import Severity
from ai21lint.engine import Report
from ai21lint.rules import rule_by_code

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, stream: TextIO) -> None:
    for d in report.diagnostics:
        rule = rule_by_code(d.code)
        title = f"{d.code} {rule.name}" if rule else d.code
        properties = [f"file={_property(d.path)}", f"line={d.line}", f"col={d.column}"]
        if d.end_line >= d.line:
            properties += [f"endLine={d.end_line}", f"endColumn={d.end_column}"]
        properties.append(f"title={_property(title)}")
        stream.write(f"::{COMMANDS[d.severity]} {','.join(properties)}::{_data(d.message)}\n")
