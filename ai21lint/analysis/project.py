"""The project index: the scanned root's Python modules, parsed only when something asks for them.

Modules are known by their path relative to the root (`app/main.py`). Imports resolve the way a script or package
of the project would see them: beside the importing file first, then from the root, then by a unique dotted suffix
(so `src/` layouts and apps nested in a monorepo resolve too). Nothing outside the root is ever read.
"""

from __future__ import annotations

import ast
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Mapping, Optional, Union

from ai21lint.analysis.source import MAX_FILE_BYTES, SourceProblem, decode_source, parse_source

if TYPE_CHECKING:  # LibCST is imported when a module is first parsed (see source.parse_source)
    import libcst as cst
    from libcst.metadata import CodeRange

MAX_TEXT_FILE_BYTES = 1024 * 1024
TOO_LARGE = "file is too large to analyse (over 8 MiB)"

# A directory holding one of these is an app of its own: project-level evidence (disclosure text, a way to report
# output) counts for the app it is in, so the apps of a monorepo are judged separately.
APP_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Pipfile")


@dataclass
class ModuleSource:
    """One parsed (or unparsable) module of the project."""

    path: str
    text: Optional[str]
    tree: Optional[cst.Module]
    problem: Optional[SourceProblem]
    _positions: Optional[Mapping[cst.CSTNode, CodeRange]] = field(default=None, repr=False)
    _placed: Optional[Mapping[cst.CSTNode, CodeRange]] = field(default=None, repr=False)
    syntax: Optional[ast.Module] = field(default=None, repr=False)  # CPython's tree, until positions are read

    def position(self, node: cst.CSTNode) -> Optional[CodeRange]:
        """Where `node` is, or None when positions cannot be computed (a tree too deep for LibCST's metadata).
        Calls, attributes, returns and strings are placed by CPython's parser (analysis/positions.py, much cheaper);
        the rest, and those it cannot place, by LibCST's PositionProvider."""
        from ai21lint.analysis import positions

        if self._positions is None and positions.kind_of(node) is not None:
            if self._placed is None:
                placeable = self.tree is not None and self.text is not None
                self._placed = positions.positions(self.text, self.tree, self.syntax)[0] if placeable else {}  # type: ignore
                self.syntax = None
            found = self._placed.get(node)
            if found is not None:
                return found
        if self._positions is None:
            assert self.tree is not None
            try:
                from libcst.metadata import MetadataWrapper, PositionProvider

                wrapper = MetadataWrapper(self.tree, unsafe_skip_copy=True)
                self._positions = wrapper.resolve(PositionProvider)
            except RecursionError:
                self._positions = {}
        return self._positions.get(node)

    def line_text(self, line: int) -> str:
        if self.text is None:
            return ""
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


class Project:
    """The Python files under `root`, with lazy parsing and import resolution."""

    def __init__(
        self, root: Path, files: list[Path], text_files: Optional[list[Path]] = None, keep_syntax: bool = True
    ) -> None:
        self.root = root.resolve()
        # keep CPython's tree of each parsed module until its positions are read (saves parsing it again); not
        # worth its memory when every module of a large tree is parsed (--no-prefilter)
        self.keep_syntax = keep_syntax
        self._app_of_dir: dict[str, str] = {}
        self._by_app: Optional[dict[str, list[str]]] = None
        self.unreadable: set[str] = set()  # files a text read failed on (reported as AIS001 when parsed)
        self.read_log: set[str] = set()  # files whose content the analysis used (what a cached result depends on)
        self.text_files: list[str] = []
        for file in text_files or []:
            rel = self.relative(file)
            if rel is not None:
                self.text_files.append(rel)
        self.paths: list[str] = []
        self._abs: dict[str, Path] = {}
        self._dotted: dict[str, str] = {}
        self._suffix: dict[str, list[str]] = {}
        self._modules: dict[str, ModuleSource] = {}
        for file in files:
            rel = self.relative(file)
            if rel is None or rel in self._abs:
                continue
            self.paths.append(rel)
            self._abs[rel] = file
            parts = list(PurePosixPath(rel).with_suffix("").parts)
            if parts and parts[-1] == "__init__":
                parts.pop()
            if not parts:
                continue
            self._dotted.setdefault(".".join(parts), rel)
            for start in range(1, len(parts)):
                self._suffix.setdefault(".".join(parts[start:]), []).append(rel)

    def relative(self, file: Path) -> Optional[str]:
        try:
            return file.resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError, RuntimeError):
            return None

    def __contains__(self, rel: str) -> bool:
        return rel in self._abs

    def module(self, rel: str) -> ModuleSource:
        """The module at `rel`, read and parsed on first request (a problem is kept, not raised)."""
        cached = self._modules.get(rel)
        if cached is not None:
            return cached
        source = self._load(rel)
        self._modules[rel] = source
        return source

    def digest(self, rel: str) -> str:
        """A content hash of a file under the root ("-" when it does not exist or cannot be read)."""
        try:
            digest = hashlib.blake2b(digest_size=16)
            with open(self.root / rel, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            return digest.hexdigest()
        except OSError:
            return "-"

    def forget_parsed(self) -> None:
        """Drop parsed modules (between independent analyses, so memory does not grow with the repository)."""
        self._modules.clear()

    def raw_bytes(self, rel: str) -> Optional[bytes]:
        """The file's bytes for a text search, or None when it cannot be read."""
        try:
            with open(self._abs[rel], "rb") as handle:
                return handle.read(MAX_FILE_BYTES + 1)
        except OSError:
            self.unreadable.add(rel)
            return None

    def raw_text(self, rel: str) -> str:
        """The file's text without parsing it (for text searches); empty when it cannot be read."""
        self.read_log.add(rel)
        loaded = self._modules.get(rel)
        if loaded is not None and loaded.text is not None:
            return loaded.text
        data = self.raw_bytes(rel)
        return data.decode("utf-8", errors="replace") if data is not None else ""

    def parsed(self) -> list[ModuleSource]:
        return list(self._modules.values())

    def _load(self, rel: str) -> ModuleSource:
        path = self._abs[rel]
        self.read_log.add(rel)
        try:
            with open(path, "rb") as handle:  # bounded: the file may grow while we read it
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            return ModuleSource(rel, None, None, SourceProblem(f"cannot read file: {error.strerror or error}"))
        if len(data) > MAX_FILE_BYTES:
            return ModuleSource(rel, None, None, SourceProblem(TOO_LARGE))
        text = decode_source(data)
        if isinstance(text, SourceProblem):
            return ModuleSource(rel, None, None, text)
        tree, syntax = parse_source(text)
        if isinstance(tree, SourceProblem):
            return ModuleSource(rel, text, None, tree)
        return ModuleSource(rel, text, tree, None, syntax=syntax if self.keep_syntax else None)

    # --- import resolution -------------------------------------------------------------------------------------

    def resolve_module(self, importer: str, dotted: str, level: int = 0) -> Optional[str]:
        """The project module that `import dotted` (with `level` leading dots) means in `importer`, if any."""
        base = PurePosixPath(importer).parent
        if level:
            for _ in range(level - 1):
                base = base.parent
            return self._module_at(base, dotted)
        # A script sees its own directory first; an app or package sees its root: try each directory up to the root.
        directory = base
        while True:
            found = self._module_at(directory, dotted)
            if found is not None:
                return found
            if directory == PurePosixPath(".") or str(directory) in ("", "."):
                break
            directory = directory.parent
        if "." in dotted:
            # a nested layout the walk above cannot see (a sibling `src/`), within the importer's own app: another
            # app's copy of a package (a vendored Django beside the app) is not what the import means
            app = self.app_of(importer)
            candidates = [c for c in self._suffix.get(dotted, []) if self.app_of(c) == app]
            if len(candidates) == 1:
                return candidates[0]
        return None

    def _module_at(self, base: PurePosixPath, dotted: str) -> Optional[str]:
        parts = [p for p in dotted.split(".") if p]
        stem = base.joinpath(*parts) if parts else base
        for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
            candidate = candidate[2:] if candidate.startswith("./") else candidate
            if candidate in self._abs:
                return candidate
        return None

    def files_of_app(self, app: str) -> list[str]:
        """The Python files, then the other text files, of an app (see `app_of`), in discovery order."""
        if self._by_app is None:
            self._by_app = {}
            for rel in [*self.paths, *self.text_files]:
                self._by_app.setdefault(self.app_of(rel), []).append(rel)
        return self._by_app.get(app, [])

    def app_of(self, rel: str) -> str:
        """The app a file belongs to: the nearest directory above it (inside the root) holding an app marker, as a
        relative path ("" for the root itself)."""
        slash = rel.rfind("/")
        directory = rel[:slash] if slash >= 0 else ""  # relative paths are POSIX and normalised
        found = self._app_of_dir.get(directory)
        if found is not None:
            return found
        current = directory
        while True:
            base = self.root / current if current else self.root
            if any((base / marker).is_file() for marker in APP_MARKERS) or not current:
                break
            parent = PurePosixPath(current).parent.as_posix()
            current = "" if parent == "." else parent
        self._app_of_dir[directory] = current
        return current

    def read_text(self, rel: str) -> str:
        """A text file of the project (a template), for evidence searches; empty when unreadable or too large."""
        self.read_log.add(rel)
        try:
            path = self.root / rel
            if path.stat().st_size > MAX_TEXT_FILE_BYTES:
                return ""
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def is_package(self, rel: str) -> bool:
        return rel.endswith("__init__.py")

    # --- text files read by scanned code (templates) ------------------------------------------------------------

    def read_text_file(self, importer: str, relative_path: str) -> Union[tuple[str, str], None]:
        """Read a text file named by a literal path in the scanned code, only if it lies inside the root.

        The path is tried beside the importing module, then from the root. Returns (relative path, text).
        """
        if not relative_path or "\x00" in relative_path or os.path.isabs(relative_path):
            return None
        for base in (self.root / PurePosixPath(importer).parent, self.root):
            candidate = base / relative_path
            try:
                resolved = candidate.resolve()
                self.read_log.add(resolved.relative_to(self.root).as_posix())
            except (ValueError, OSError, RuntimeError):
                continue
            try:
                if not resolved.is_file() or resolved.stat().st_size > MAX_TEXT_FILE_BYTES:
                    continue
                text = resolved.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            return resolved.relative_to(self.root).as_posix(), text
        return None
