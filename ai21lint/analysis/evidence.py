"""Project-level evidence, per app: text that discloses machine generation, and ways to report harmful output.

Found as text (code string literals and templates) so no file is parsed for it; in Python files a disclosure must
sit inside a string literal (a comment is not shown to anyone)."""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Iterable

from ai21lint.analysis.project import Project
from ai21lint.catalogues import evidence as catalogue


@dataclass(frozen=True)
class Evidence:
    path: str
    line: int
    text: str


@dataclass
class AppEvidence:
    app: str
    disclosures: list[Evidence] = field(default_factory=list)
    report_mechanisms: list[Evidence] = field(default_factory=list)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _string_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of string-literal tokens in Python source (empty when it does not tokenize)."""
    line_starts = [0]
    for line in text.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    spans = []
    string_types = {tokenize.STRING}
    for name in ("FSTRING_MIDDLE", "FSTRING_START"):
        if hasattr(tokenize, name):
            string_types.add(getattr(tokenize, name))
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type in string_types:
                start = line_starts[token.start[0] - 1] + token.start[1]
                end = line_starts[token.end[0] - 1] + token.end[1]
                spans.append((start, end))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []
    return spans


def disclosures_in(path: str, text: str, extra: Iterable[str] = ()) -> list[Evidence]:
    matches = [
        (m.start(), m.group(0)) for m in catalogue.find_all(catalogue.DISCLOSURE, catalogue.DISCLOSURE_STARTS, text)
    ]
    lowered = text.lower()
    for phrase in extra:
        start = lowered.find(phrase.lower())
        if start >= 0:
            matches.append((start, text[start : start + len(phrase)]))
    if not matches:
        return []
    if path.endswith((".py", ".pyw")):
        spans = _string_spans(text)
        matches = [(start, found) for start, found in matches if any(a <= start < b for a, b in spans)]
    return [Evidence(path, _line(text, start), found) for start, found in sorted(matches)]


def report_mechanisms_in(path: str, text: str, extra: Iterable[str] = ()) -> list[Evidence]:
    found = [
        Evidence(path, _line(text, m.start()), m.group(0).strip())
        for m in catalogue.find_all(catalogue.REPORT_MECHANISM, catalogue.REPORT_MECHANISM_STARTS, text)
    ]
    for pattern in extra:
        for match in re.finditer(pattern, text):
            found.append(Evidence(path, _line(text, match.start()), match.group(0)))
    return found


def collect(
    project: Project, apps: set[str], extra_disclosures: Iterable[str] = (), extra_mechanisms: Iterable[str] = ()
) -> dict[str, AppEvidence]:
    """Evidence for each of `apps`, from every Python and template file inside them."""
    result = {app: AppEvidence(app) for app in apps}
    if not apps:
        return result
    extra_disclosures = tuple(extra_disclosures)
    extra_mechanisms = tuple(extra_mechanisms)
    for app in sorted(apps):
        for rel in project.files_of_app(app):
            text = project.raw_text(rel) if rel in project else project.read_text(rel)
            result[app].disclosures.extend(disclosures_in(rel, text, extra_disclosures))
            result[app].report_mechanisms.extend(report_mechanisms_in(rel, text, extra_mechanisms))
    return result
