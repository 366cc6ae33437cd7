"""Finding the Python files to check under the paths a user gives, inside the project root."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ai21lint.config import Config

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".env",
        ".tox",
        ".nox",
        "__pycache__",
        "node_modules",
        "build",
        "dist",
        "site-packages",
        ".eggs",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".ai21lint_cache",
        ".ipynb_checkpoints",
    }
)
PYTHON_SUFFIXES = (".py", ".pyw")


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    text_files: list[Path] = field(default_factory=list)  # templates and other text an app shows
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _is_virtualenv(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file()


def discover(paths: list[Path], root: Path, config: Config, text_suffixes: tuple[str, ...] = ()) -> Discovery:
    """Python files under `paths` (files given explicitly are taken whatever their suffix), minus excluded ones.

    Symbolic links are not followed into directories, and a file whose real location is outside `root` is skipped.
    """
    found = Discovery()
    seen: set[Path] = set()
    root = root.resolve()

    def add(file: Path) -> None:
        try:
            real = file.resolve()
            relative = real.relative_to(root).as_posix()
        except (OSError, ValueError, RuntimeError):
            found.notes.append(f"{file}: skipped, it lies outside the project root {root}")
            return
        if config.is_excluded(relative) or real in seen:
            return
        seen.add(real)
        found.files.append(real)

    for path in paths:
        if not os.path.lexists(path):
            found.missing.append(str(path))
            continue
        if path.is_file():
            add(path)
            continue
        if not path.is_dir():
            found.notes.append(f"{path}: skipped, not a regular file or directory")
            continue
        for directory, subdirectories, files in os.walk(
            path, followlinks=False, onerror=lambda e: found.notes.append(f"{e.filename}: skipped, {e.strerror}")
        ):
            base = Path(directory)
            kept = []
            for name in sorted(subdirectories):
                child = base / name
                if name in SKIPPED_DIRECTORIES or name.endswith(".egg-info") or _is_virtualenv(child):
                    continue
                try:
                    relative = child.resolve().relative_to(root).as_posix()
                except (OSError, ValueError, RuntimeError):
                    continue
                if config.is_excluded(relative):
                    continue
                kept.append(name)
            subdirectories[:] = kept
            for name in sorted(files):
                if text_suffixes and name.endswith(text_suffixes):
                    text_file = base / name
                    if text_file.is_file() and not text_file.is_symlink():
                        found.text_files.append(text_file)
                    continue
                if not name.endswith(PYTHON_SUFFIXES):
                    continue
                file = base / name
                if file.is_symlink() and not file.exists():
                    continue
                if not file.is_file():
                    continue
                add(file)
    return found
