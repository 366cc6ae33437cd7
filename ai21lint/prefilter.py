"""The text pass: which files can matter, found without parsing anything.

Almost every file of a real repository has nothing to do with AI21. A file can hold a completion request only if its
text mentions AI21 (an `ai21` import, `langchain_ai21`, `llama_index...ai21`, the studio URL, an `ai21.` model id)
or a configured wrapper; generated text can reach another file only through an import of such a module. So the
candidates are those files and, transitively, the files that import them. Modules they import from are still parsed
on demand, and the callers of wrapper functions are found by a text search for their names (engine), so analysing
the candidates gives the same findings as analysing every file — except AIS001 for a file outside the candidates,
which is only reported without the prefilter (`--no-prefilter`). A file that cannot be read as text is a candidate,
so that it is reported.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterable

from ai21lint.analysis.project import Project

AI21_TEXT = re.compile(r"ai21", re.IGNORECASE)


def _module_names(rel: str) -> set[str]:
    """The names other files may import this module by: its dotted path's last parts (`app.llm`, `llm`)."""
    parts = list(PurePosixPath(rel).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return {".".join(parts[i:]) for i in range(len(parts))} if parts else set()


def _import_pattern(names: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(
        rf"^[ \t]*(?:from[ \t]+\.*(?:[\w.]*\.)?(?:{alternatives})[ \t]+import\b|"
        rf"import[ \t]+(?:[\w.]*\.)?(?:{alternatives})\b|"
        rf"from[ \t]+\.+[\w.]*[ \t]+import[^\n]*\b(?:{alternatives})\b|"
        rf"from[ \t]+[\w.]+[ \t]+import[^\n]*\b(?:{alternatives})\b)",
        re.MULTILINE,
    )


def candidates(project: Project, targets: list[str], extra_names: Iterable[str] = ()) -> list[str]:
    """The targets that can hold a finding, in their original order."""
    extra = [name for name in extra_names if name]
    extra_pattern = re.compile("|".join(re.escape(n) for n in extra)) if extra else None
    texts = {rel: project.raw_text(rel) for rel in project.paths}
    selected: set[str] = set()
    for rel, text in texts.items():
        if (
            rel in project.unreadable
            or "\ufffd" in text
            or AI21_TEXT.search(text)
            or (extra_pattern and extra_pattern.search(text))
        ):
            selected.add(rel)
    frontier = set(selected)
    while frontier:
        names = set().union(*(_module_names(rel) for rel in frontier))
        frontier = set()
        if not names:
            break
        pattern = _import_pattern(names)
        for rel, text in texts.items():
            if rel not in selected and pattern.search(text):
                selected.add(rel)
                frontier.add(rel)
    return [rel for rel in targets if rel in selected]
