"""Terminal output: `path:line:col: CODE message`, then a summary line. Colour only on a terminal."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from ai21lint.diagnostics import Severity
from ai21lint.engine import Report

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def inert(text: str) -> str:
    """Make text from scanned code safe for a terminal: control characters (ANSI escapes, carriage returns, bells)
    are shown as escapes instead of acting on the terminal."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in text)


def render(report: Report, stream: TextIO) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
    for diagnostic in report.diagnostics:
        line = Text()
        line.append(inert(diagnostic.path), style="bold")
        line.append(f":{diagnostic.line}:{diagnostic.column}: ")
        line.append(diagnostic.code, style=_STYLES[diagnostic.severity])
        line.append(" " + inert(diagnostic.message))
        console.print(line)
    counts = {severity: 0 for severity in Severity}
    for diagnostic in report.diagnostics:
        counts[diagnostic.severity] += 1
    files = f"{report.files_checked} file{'s' if report.files_checked != 1 else ''}"
    if not report.diagnostics:
        console.print(Text(f"All checks passed ({files} checked).", style="green"))
        return
    total = len(report.diagnostics)
    parts = [
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s is not Severity.INFO else ''}"
        for s in Severity
        if counts[s]
    ]
    console.print(Text(f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}); {files} checked."))
