"""The flake8 plugin (`flake8 --select AIS`): a thin adapter over the engine.

flake8 calls a plugin once per file; ai21lint's findings depend on the whole project (constants imported from other
modules, wrapper call sites, the app's disclosure text), so the project is analysed once per flake8 process and
each file takes its share. flake8 applies its own --select/--ignore/--per-file-ignores and `# noqa`; it reports
unparsable files itself (E999), so AIS001 is left to `ai21lint check`. A plugin that raises fails the whole flake8
run: this one reports an internal error on standard error, once, and yields nothing for the file instead.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any, ClassVar, Iterator, Optional

from ai21lint import __version__

_cache: dict[tuple[Any, ...], dict[str, list[Any]]] = {}
_lock = threading.Lock()
_warned = False


class Plugin:
    name = "ai21lint"
    version = __version__
    config_path: ClassVar[Optional[str]] = None
    min_prompt_chars: ClassVar[Optional[int]] = None
    monthly_users: ClassVar[Optional[int]] = None

    def __init__(self, tree: object, filename: str) -> None:
        self.filename = filename

    @classmethod
    def add_options(cls, option_manager: Any) -> None:
        option_manager.add_option(
            "--ai21-config",
            default=None,
            parse_from_config=True,
            help="ai21lint: a pyproject.toml to read [tool.ai21lint] from (default: the project's own).",
        )
        option_manager.add_option(
            "--ai21-min-prompt-chars",
            type=int,
            default=None,
            parse_from_config=True,
            help="ai21lint: guideline-3 threshold of developer-written prompt characters "
            "(default 60, or min-prompt-chars in [tool.ai21lint]).",
        )
        option_manager.add_option(
            "--ai21-monthly-users",
            type=int,
            default=None,
            parse_from_config=True,
            help="ai21lint: monthly users of the app; below 100 turns AIS203 off.",
        )

    @classmethod
    def parse_options(cls, options: Any) -> None:
        cls.config_path = getattr(options, "ai21_config", None)
        cls.min_prompt_chars = getattr(options, "ai21_min_prompt_chars", None)
        cls.monthly_users = getattr(options, "ai21_monthly_users", None)

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        global _warned
        try:
            found = self._diagnostics()
        except Exception as error:  # never fail the whole flake8 run
            if not _warned:
                _warned = True
                print(
                    f"ai21lint: internal error in the flake8 plugin ({type(error).__name__}: {error}); "
                    "run `ai21lint check --debug` and please report it",
                    file=sys.stderr,
                )
            return
        for diagnostic in found:
            yield diagnostic.line, diagnostic.column - 1, f"{diagnostic.code} {diagnostic.message}", type(self)

    def _diagnostics(self) -> list[Any]:
        from ai21lint import engine
        from ai21lint.config import ConfigError, load_config, validate_min_chars
        from ai21lint.rules import known_codes

        file = Path(self.filename).resolve()
        root = engine.resolve_root([file])
        key = (root, self.config_path, self.min_prompt_chars, self.monthly_users)
        with _lock:
            by_path = _cache.get(key)
            if by_path is None:
                source = (
                    Path(self.config_path)
                    if self.config_path
                    else (root / "pyproject.toml" if (root / "pyproject.toml").is_file() else None)
                )
                try:
                    config = load_config(source, known_codes())
                    if self.min_prompt_chars is not None:
                        config = config.with_overrides(
                            min_prompt_chars=validate_min_chars(self.min_prompt_chars, "--ai21-")
                        )
                    if self.monthly_users is not None:
                        config = config.with_overrides(monthly_users=self.monthly_users)
                except ConfigError as error:
                    print(f"ai21lint: error: {error}", file=sys.stderr)
                    by_path = {}
                else:
                    report = engine.run([root], config, root, apply_noqa=False)
                    by_path = {}
                    for diagnostic in report.diagnostics:
                        if diagnostic.code != "AIS001":
                            by_path.setdefault(diagnostic.path, []).append(diagnostic)
                _cache[key] = by_path
        try:
            relative = file.relative_to(root).as_posix()
        except ValueError:
            return []
        return by_path.get(relative, [])
