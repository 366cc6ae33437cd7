"""`audit --format html`: one self-contained page (inline CSS, no scripts, no external resources), with every
string from the scanned code escaped."""

from __future__ import annotations

import html
from typing import TextIO

from ai21lint import __version__
from ai21lint.audit import FAIL, PASS, Audit

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0;width:100%}
th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
th{background:#f3f3f3}.pass{color:#176f2c;font-weight:bold}.fail{color:#b00020;font-weight:bold}
.review{color:#8a5a00;font-weight:bold}code{font-family:ui-monospace,monospace}
"""


def _e(text: object) -> str:
    escaped = html.escape(str(text), quote=True)
    return "".join(ch if ch.isprintable() or ch in " \n" else f"&#{ord(ch)};" for ch in escaped)


def render(audit: Audit, stream: TextIO) -> None:
    report = audit.report
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>ai21lint audit: {_e(report.root.name)}</title><style>{_CSS}</style></head><body>",
        "<h1>ai21lint audit report</h1>",
        f"<p>Project <code>{_e(report.root)}</code>: {report.files_checked} files checked, "
        f"{len(audit.call_sites)} completion call sites, {len(report.diagnostics)} findings "
        f"(ai21lint {_e(__version__)}).</p>",
        "<h2>Usage guidelines</h2><table><tr><th>guideline</th><th>status</th><th>findings</th></tr>",
    ]
    for g in audit.guidelines:
        css = {PASS: "pass", FAIL: "fail"}.get(g.status, "review")
        items = "".join(
            f"<li><code>{_e(d.path)}:{d.line}:{d.column}</code> <b>{_e(d.code)}</b> {_e(d.message)}</li>"
            for d in g.findings
        )
        parts.append(
            f'<tr><td>{_e(g.section)}. {_e(g.title)}</td><td class="{css}">{_e(g.status)}</td>'
            f"<td>{'<ul>' + items + '</ul>' if items else '-'}</td></tr>"
        )
    parts.append(
        "</table><h2>Completion call sites</h2><table><tr><th>location</th><th>API</th><th>model</th>"
        "<th>constant chars</th><th>custom model</th><th>where the text comes from</th></tr>"
    )
    for s in audit.call_sites:
        chars = "unknown" if s.constant_chars is None else str(s.constant_chars)
        parts.append(
            f"<tr><td><code>{_e(s.path)}:{s.line}</code></td><td>{_e(s.api)}</td><td>{_e(s.model or '-')}"
            f"</td><td>{chars}</td><td>{'yes' if s.custom_model else 'no'}</td><td>{_e(s.evidence)}</td></tr>"
        )
    parts.append("</table><h2>Project-level evidence</h2><ul>")
    if not audit.evidence:
        parts.append("<li>No disclosure text, report mechanism or posting sink was found.</li>")
    for e in audit.evidence:
        parts.append(f"<li>{_e(e.kind)}: <code>{_e(e.path)}:{e.line}</code> {_e(e.text)}</li>")
    parts.append("</ul></body></html>")
    stream.write("\n".join(parts) + "\n")
