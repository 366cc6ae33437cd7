"""`ai21lint audit` on a terminal: the call-site inventory, the guideline checklist and the evidence, with rich."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ai21lint.audit import FAIL, PASS, Audit
from ai21lint.reporters.text import inert

_STATUS_STYLE = {PASS: "bold green", FAIL: "bold red"}


def render(audit: Audit, stream: TextIO) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=False, emoji=False)
    report = audit.report
    console.print(
        Text(
            f"ai21lint audit of {inert(str(report.root))}: {report.files_checked} files checked, "
            f"{len(audit.call_sites)} completion call sites",
            style="bold",
        )
    )
    inventory = Table(title="Completion call sites", show_lines=False)
    for column in ("location", "API", "model", "constant chars", "custom model", "where the text comes from"):
        inventory.add_column(column, overflow="fold")
    for site in audit.call_sites:
        chars = "unknown" if site.constant_chars is None else str(site.constant_chars)
        inventory.add_row(
            Text(inert(f"{site.path}:{site.line}")),
            Text(inert(site.api)),
            Text(inert(site.model or "-")),
            chars,
            "yes" if site.custom_model else "no",
            Text(inert(site.evidence)),
        )
    console.print(inventory)
    checklist = Table(title="Usage guidelines", show_lines=True)
    for column in ("guideline", "status", "findings"):
        checklist.add_column(column, overflow="fold")
    for guideline in audit.guidelines:
        findings = Text()
        for d in guideline.findings[:20]:
            findings.append(inert(f"{d.path}:{d.line} {d.code} {d.message}") + "\n")
        if len(guideline.findings) > 20:
            findings.append(f"... and {len(guideline.findings) - 20} more\n")
        checklist.add_row(
            Text(f"{guideline.section}. {guideline.title}"),
            Text(guideline.status, style=_STATUS_STYLE.get(guideline.status, "bold yellow")),
            findings if guideline.findings else Text("-"),
        )
    console.print(checklist)
    evidence = Table(title="Project-level evidence")
    for column in ("kind", "location", "text"):
        evidence.add_column(column, overflow="fold")
    for item in audit.evidence:
        evidence.add_row(item.kind, Text(inert(f"{item.path}:{item.line}")), Text(inert(item.text)))
    if not audit.evidence:
        evidence.add_row("-", "-", "no disclosure text, report mechanism or posting sink found")
    console.print(evidence)
