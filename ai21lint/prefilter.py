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
from typing import Iterable, Optional

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
    names = sorted(set(names), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    # `from pkg import llm` for the name `pkg.llm` (any parent with any last part: an extra file parsed now and then
    # costs less than one alternative per name)
    split = [name.rpartition(".") for name in names if "." in name]
    parents = "|".join(sorted({re.escape(parent) for parent, _, _ in split}, key=len, reverse=True))
    lasts = "|".join(sorted({re.escape(last) for _, _, last in split}, key=len, reverse=True))
    from_parent = rf"|from[ \t]+\.*(?:[\w.]*\.)?(?:{parents})[ \t]+import[^\n]*\b(?:{lasts})\b" if split else ""
    return re.compile(
        rf"^[ \t]*(?:from[ \t]+\.*(?:[\w.]*\.)?(?:{alternatives})[ \t]+import\b|"
        rf"import[ \t]+(?:[\w.]*\.)?(?:{alternatives})\b|"
        rf"from[ \t]+\.+[\w.]*[ \t]+import[^\n]*\b(?:{alternatives})\b|"
        rf"from[ \t]+[\w.]+[ \t]+import[^\n]*\b(?:{alternatives})\b{from_parent})".encode("utf-8", "surrogateescape"),
        re.MULTILINE,
    )


def candidates(project: Project, targets: list[str], extra_names: Iterable[str] = ()) -> list[str]:
    """The targets that can hold a finding, in their original order. Searches bytes: nothing is decoded."""
    extra = [name for name in extra_names if name]
    extra_pattern = (
        re.compile("|".join(re.escape(n) for n in extra).encode("utf-8", "surrogateescape")) if extra else None
    )
    selected: set[str] = set()
    words: dict[str, frozenset[bytes]] = {}
    for rel in project.paths:
        data = project.raw_bytes(rel)
        if data is None or AI21_TEXT.search(data) or (extra_pattern and extra_pattern.search(data)):
            selected.add(rel)
        words[rel] = _import_words(data or b"")  # read once: the importer search needs these too
    selected |= importers(project, selected, words)
    return [rel for rel in targets if rel in selected]


def importers(
    project: Project, modules: Iterable[str], words: Optional[dict[str, frozenset[bytes]]] = None
) -> set[str]:
    """The files that import any of `modules`, directly or through each other (the modules themselves excluded).
    `words`: the words on each file's import lines, where already known (filled in here as files are read)."""
    selected = set(modules)
    frontier = set(selected)
    found: set[str] = set()
    words = {} if words is None else words
    while frontier:
        by_directory: dict[str, set[str]] = {}
        for rel in frontier:
            for name, directory in _module_names(rel).items():
                by_directory.setdefault(directory, set()).add(name)
        frontier = set()
        lasts = {where: _last_words(names) for where, names in by_directory.items()}
        patterns: dict[str, re.Pattern[bytes]] = {}  # compiled when a file first needs it (compiling costs)
        for rel in project.paths:
            if rel in selected:
                continue
            matching = [directory for directory in _directories_of(rel) if directory in lasts]
            if not matching:
                continue
            data: Optional[bytes] = None
            if rel not in words:
                data = project.raw_bytes(rel) or b""
                words[rel] = _import_words(data)
            # a name can only be imported on an import line holding its last word
            likely = [d for d in matching if lasts[d] is None or not lasts[d].isdisjoint(words[rel])]  # type: ignore
            if not likely:
                continue
            for directory in likely:
                if directory not in patterns:
                    patterns[directory] = _import_pattern(by_directory[directory])
            data = data if data is not None else project.raw_bytes(rel) or b""
            if any(patterns[directory].search(data) for directory in likely):
                selected.add(rel)
                frontier.add(rel)
                found.add(rel)
    return found


_IMPORT_LINE = re.compile(rb"^[ \t]*(?:from|import)[ \t][^\n]*", re.MULTILINE)
_WORD = re.compile(rb"\w+")


def _import_words(data: bytes) -> frozenset[bytes]:
    return frozenset(_WORD.findall(b"\n".join(_IMPORT_LINE.findall(data))))


def _last_words(names: Iterable[str]) -> Optional[frozenset[bytes]]:
    """The last part of each dotted name, as the bytes of a word (None if one is not ASCII: bytes patterns know
    only ASCII word characters, so such names are not checked this way)."""
    last = [name.rsplit(".", 1)[-1] for name in names]
    if not all(part.isascii() for part in last):
        return None
    return frozenset(part.encode("ascii") for part in last)


def _directories_of(rel: str) -> list[str]:
    """The directories a file is inside, as `_module_names` writes them: "", "app/", "app/sub/"."""
    directories = [""]
    for part in rel.split("/")[:-1]:
        directories.append(f"{directories[-1]}{part}/")
    return directories
