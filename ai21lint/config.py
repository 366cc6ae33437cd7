"""`[tool.ai21lint]` in pyproject.toml, command-line overrides, and their validation.

A bad configuration is a `ConfigError` with a one-line message; the CLI turns it into exit status 2.
"""

from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib

DEFAULT_MIN_PROMPT_CHARS = 60


class ConfigError(Exception):
    """An invalid configuration or option; its message is shown as is."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("AIS",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    min_prompt_chars: int = DEFAULT_MIN_PROMPT_CHARS
    monthly_users: Optional[int] = None
    wrappers: tuple[tuple[str, str], ...] = ()
    posting_sinks: tuple[str, ...] = ()
    send_sinks: tuple[str, ...] = ()
    presentation_sinks: tuple[str, ...] = ()
    review_gates: tuple[str, ...] = ()
    public_channels: tuple[str, ...] = ()
    disclosure_phrases: tuple[str, ...] = ()
    report_mechanisms: tuple[str, ...] = ()
    protected_characteristics: tuple[str, ...] = ()
    source: Optional[Path] = field(default=None, compare=False)

    def is_enabled(self, code: str, path: str = "") -> bool:
        """Whether `code` is reported for `path`: the most specific matching select/ignore prefix wins."""
        selected = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        ignored = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        if selected < 0 or ignored >= selected:
            return False
        for pattern, codes in self.per_file_ignores:
            if _path_matches(path, pattern) and any(code.startswith(c) for c in codes):
                return False
        return True

    def is_excluded(self, relative_path: str) -> bool:
        return any(_path_matches(relative_path, pattern) for pattern in self.exclude)

    def with_overrides(self, **overrides: Any) -> Config:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _path_matches(path: str, pattern: str) -> bool:
    pattern = pattern.strip("/")
    if fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, pattern + "/*"):
        return True
    parts = path.split("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in parts)
    return any(fnmatch.fnmatchcase("/".join(parts[i:]), pattern) for i in range(len(parts)))


# Catalogue extensions: lists of strings, each key to its Config field.
_LIST_KEYS = {
    "posting-sinks": "posting_sinks",
    "send-sinks": "send_sinks",
    "presentation-sinks": "presentation_sinks",
    "review-gates": "review_gates",
    "public-channels": "public_channels",
    "disclosure-phrases": "disclosure_phrases",
    "report-mechanisms": "report_mechanisms",
    "protected-characteristics": "protected_characteristics",
}
_KEYS = (
    "select",
    "ignore",
    "exclude",
    "per-file-ignores",
    "min-prompt-chars",
    "monthly-users",
    "wrappers",
    *_LIST_KEYS,
)


def load_config(path: Optional[Path], known_codes: Iterable[str]) -> Config:
    """Read `[tool.ai21lint]` from a pyproject.toml (or a file holding that table); no file means defaults."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not valid UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid TOML in {path}: {error}") from None
    table = data.get("tool", {}).get("ai21lint") if isinstance(data.get("tool"), dict) else None
    if table is None:
        table = data.get("ai21lint", {}) if path.name != "pyproject.toml" else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.ai21lint] must be a table")
    return parse_table(table, path, known_codes)


def parse_table(table: Mapping[str, Any], path: Optional[Path], known_codes: Iterable[str]) -> Config:
    where = f"{path}: " if path else ""
    codes = tuple(known_codes)
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(f"{where}unknown key '{unknown[0]}' in [tool.ai21lint] (known keys: {', '.join(_KEYS)})")
    config = Config(source=path)
    if "select" in table:
        config = replace(config, select=validate_codes(_str_list(table, "select", where), codes, f"{where}select"))
    if "ignore" in table:
        config = replace(config, ignore=validate_codes(_str_list(table, "ignore", where), codes, f"{where}ignore"))
    if "exclude" in table:
        config = replace(config, exclude=tuple(_str_list(table, "exclude", where)))
    if "per-file-ignores" in table:
        raw = table["per-file-ignores"]
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}per-file-ignores must be a table of glob = [codes]")
        entries = []
        for pattern, value in raw.items():
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}per-file-ignores.{pattern} must be a list of rule codes")
            entries.append((pattern, validate_codes(value, codes, f"{where}per-file-ignores.{pattern}")))
        config = replace(config, per_file_ignores=tuple(entries))
    if "min-prompt-chars" in table:
        config = replace(config, min_prompt_chars=validate_min_chars(table["min-prompt-chars"], where))
    if "monthly-users" in table:
        value = table["monthly-users"]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{where}monthly-users must be a non-negative integer, not {value!r}")
        config = replace(config, monthly_users=value)
    if "wrappers" in table:
        config = replace(config, wrappers=parse_wrappers(table["wrappers"], where))
    for key, attribute in _LIST_KEYS.items():
        if key in table:
            values = _str_list(table, key, where)
            if key == "report-mechanisms":
                for pattern in values:
                    try:
                        re.compile(pattern)
                    except re.error as error:
                        raise ConfigError(
                            f"{where}report-mechanisms: {pattern!r} is not a valid regular expression ({error})"
                        ) from None
            config = replace(config, **{attribute: tuple(values)})  # type: ignore[arg-type]
    return config


def validate_min_chars(value: Any, where: str = "") -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"{where}min-prompt-chars must be a positive integer, not {value!r}")
    return value


def parse_wrappers(value: Any, where: str = "") -> tuple[tuple[str, str], ...]:
    """`wrappers = ["pkg.llm.ask", "pkg.llm.complete:text"]`: a function, and the argument that is the prompt
    (default `prompt`, or the first positional argument)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{where}wrappers must be a list of strings like "package.module.function:argument"')
    result = []
    for entry in value:
        name, _, argument = entry.partition(":")
        if not name or not all(part.isidentifier() for part in name.split(".")):
            raise ConfigError(f"{where}wrappers entry {entry!r} is not a dotted function name")
        if argument and not (argument.isidentifier() or argument.isdigit()):
            raise ConfigError(f"{where}wrappers entry {entry!r}: {argument!r} is not an argument name or position")
        result.append((name, argument or "prompt"))
    return tuple(result)


def _str_list(table: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = table[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}{key} must be a list of strings")
    return value


def validate_codes(values: Iterable[str], known_codes: tuple[str, ...], where: str) -> tuple[str, ...]:
    """Codes or code prefixes (`AIS`, `AIS3`, `AIS301`); anything matching no rule is an error."""
    result = []
    for raw in values:
        code = raw.strip().upper()
        if not code:
            continue
        if code == "ALL":
            code = "AIS"
        if not any(known.startswith(code) for known in known_codes) or not code.startswith("AIS"):
            raise ConfigError(f"{where}: unknown rule code '{raw}' (see `ai21lint rules`)")
        result.append(code)
    return tuple(result)


def split_codes(option_values: Iterable[str]) -> list[str]:
    """`--select AIS301,AIS302 --select AIS1` -> ["AIS301", "AIS302", "AIS1"]."""
    codes: list[str] = []
    for value in option_values:
        codes.extend(part for part in value.replace(" ", ",").split(",") if part)
    return codes


PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


def find_project_root(start: Path) -> Path:
    """The nearest ancestor of `start` holding a project marker, else `start` itself."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if any((candidate / marker).exists() for marker in PROJECT_MARKERS):
            return candidate
    return start
