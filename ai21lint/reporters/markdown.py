"""`audit --format markdown`: a self-contained report a compliance reviewer can read and archive.

Everything taken from the scanned code is escaped: it is inert as Markdown and as the HTML a renderer makes of it."""

from __future__ import annotations

import html
import re
from typing import TextIO

from ai21lint import __version__
from ai21lint.audit import Audit

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def escape(text: str) -> str:
    """Inert in Markdown and in HTML, on one line: entities for HTML, backslashes for Markdown punctuation,
    control characters shown as escapes."""
    text = "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


def render(audit: Audit, stream: TextIO) -> None:
    report = audit.report
    out = [
        "# ai21lint audit report",
        "",
        f"- Project: {escape(str(report.root))}",
        f"- Files checked: {report.files_checked}",
        f"- Completion call sites: {len(audit.call_sites)}",
        f"- Findings: {len(report.diagnostics)}",
        f"- Tool: ai21lint {escape(__version__)}",
        "",
        "## Usage guidelines",
        "",
        "| guideline | status | findings |",
        "| --- | --- | --- |",
    ]
    for g in audit.guidelines:
        out.append(f"| {g.section}. {escape(g.title)} | **{g.status}** | {len(g.findings)} |")
    for g in audit.guidelines:
        if not g.findings:
            continue
        out += ["", f"### Guideline {g.section}: {g.status}", ""]
        for d in g.findings:
            out.append(f"- {escape(d.path)}:{d.line}:{d.column} **{d.code}** ({d.severity.value}): {escape(d.message)}")
    out += [
        "",
        "## Completion call sites",
        "",
        "| location | API | model | constant chars | custom model | where the text comes from |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for s in audit.call_sites:
        chars = "unknown" if s.constant_chars is None else str(s.constant_chars)
        out.append(
            f"| {escape(s.path)}:{s.line} | {escape(s.api)} | {escape(s.model or '-')} | {chars} | "
            f"{'yes' if s.custom_model else 'no'} | {escape(s.evidence)} |"
        )
    out += ["", "## Project-level evidence", ""]
    if not audit.evidence:
        out.append("No disclosure text, report mechanism or posting sink was found.")
    for e in audit.evidence:
        out.append(f"- {escape(e.kind)}: {escape(e.path)}:{e.line}: {escape(e.text)}")
    stream.write("\n".join(out) + "\n")
