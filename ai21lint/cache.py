"""The result cache: one JSON entry per analysis unit, keyed by what the unit's result depends on.

An entry is only ever parsed as JSON (never unpickled or executed), written to a temporary file and renamed into
place (two runs at once never see half an entry), and any entry that cannot be read, parsed or understood is a
miss that the run overwrites: a corrupt cache heals itself.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Optional

from ai21lint import __version__

DIRECTORY_NAME = ".ai21lint_cache"
_FORMAT = 1
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is ai21lint's cache (https://bford.info/cachedir/).\n"


class Cache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.problem: Optional[str] = None  # set when the cache cannot be written; the run goes on without it
        self.hits = 0
        self.misses = 0

    def _entry(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> Optional[dict[str, Any]]:
        try:
            document = json.loads(self._entry(key).read_text(encoding="utf-8"))
            if document["format"] == _FORMAT and document["version"] == __version__ and document["key"] == key:
                payload = document["payload"]
                if isinstance(payload, dict):
                    self.hits += 1
                    return payload
        except (OSError, ValueError, KeyError, TypeError):
            pass
        self.misses += 1
        return None

    def put(self, key: str, payload: dict[str, Any]) -> None:
        if self.problem is not None:
            return
        document = {"format": _FORMAT, "version": __version__, "key": key, "payload": payload}
        try:
            self._prepare()
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".entry-", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(document, stream, separators=(",", ":"))
                os.replace(temporary, self._entry(key))
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError as error:
            self.problem = f"cache directory {self.directory} cannot be written ({error.strerror or error}); not cached"

    def _prepare(self) -> None:
        if (self.directory / "CACHEDIR.TAG").is_file():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", "*\n"), ("CACHEDIR.TAG", _TAG)):
            target = self.directory / name
            if not target.exists():
                target.write_text(text, encoding="utf-8")
