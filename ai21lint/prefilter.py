"""The text pass: which files can matter, found without parsing anything.

Almost every file of a real repository has nothing to do with AI21. A file can hold a completion request only if its
text mentions AI21 (an `ai21` import, `langchain_ai21`, `llama_index...ai21`, the studio URL, an `ai21.` model id)
or a configured wrapper; generated text can reach another file only through an import of such a module. So the
candidates are those files and, transitively, the files that import them (from where the import can resolve to
them: a bare module name only from inside its directory). Modules they import from are still parsed
on demand, and the callers of wrapper functions are found by a text search for their names (engine), so analysing
the candidates gives the same findings as analysing every file — except AIS001, which is about the files the
analysis reads: a broken file that cannot hold a completion request is only reported without the prefilter
(`--no-prefilter`). A file that cannot be read at all is a candidate, so that it is reported.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterable

from ai21lint.analysis.project import Project

AI21_TEXT = re.compile(rb"ai21", re.IGNORECASE)


def _module_names(rel: str) -> dict[str, str]:
    """The names other files may import this module by (its dotted path's last parts: `app.llm`, `llm`), each with
    the directory an importer must be inside for that name to resolve to this file: a script imports a sibling by
    its bare name, a package's modules by the package's dotted path from where the package lives."""
    parts = list(PurePosixPath(rel).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return {".".join(parts[i:]): "".join(f"{part}/" for part in parts[:i]) for i in range(len(parts))}


def _import_pattern(names: Iterable[str]) -> re.Pattern[bytes]:
    alternatives = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(
        rf"^[ \t]*(?:from[ \t]+\.*(?:[\w.]*\.)?(?:{alternatives})[ \t]+import\b|"
        rf"import[ \t]+(?:[\w.]*\.)?(?:{alternatives})\b|"
        rf"from[ \t]+\.+[\w.]*[ \t]+import[^\n]*\b(?:{alternatives})\b|"
        rf"from[ \t]+[\w.]+[ \t]+import[^\n]*\b(?:{alternatives})\b)".encode("utf-8", "surrogateescape"),
        re.MULTILINE,
    )


def candidates(project: Project, targets: list[str], extra_names: Iterable[str] = ()) -> list[str]:
    """The targets that can hold a finding, in their original order. Searches bytes: nothing is decoded."""
    extra = [name for name in extra_names if name]
    extra_pattern = (
        re.compile("|".join(re.escape(n) for n in extra).encode("utf-8", "surrogateescape")) if extra else None
    )
    selected: set[str] = set()
    for rel in project.paths:
        data = project.raw_bytes(rel)
        if data is None or AI21_TEXT.search(data) or (extra_pattern and extra_pattern.search(data)):
            selected.add(rel)
    selected |= importers(project, selected)
    return [rel for rel in targets if rel in selected]


def importers(project: Project, modules: Iterable[str]) -> set[str]:
    """The files that import any of `modules`, directly or through each other (the modules themselves excluded)."""
    selected = set(modules)
    frontier = set(selected)
    found: set[str] = set()
    while frontier:
        by_directory: dict[str, set[str]] = {}
        for rel in frontier:
            for name, directory in _module_names(rel).items():
                by_directory.setdefault(directory, set()).add(name)
        frontier = set()
        patterns = [(directory, _import_pattern(names)) for directory, names in by_directory.items()]
        for rel in project.paths:
            if rel in selected:
                continue
            matching = [pattern for directory, pattern in patterns if rel.startswith(directory)]
            if not matching:
                continue
            data = project.raw_bytes(rel) or b""
            if any(pattern.search(data) for pattern in matching):
                selected.add(rel)
                frontier.add(rel)
                found.add(rel)
    return found
