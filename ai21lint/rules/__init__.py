"""The rules, one module each; `all_rules()` is the registry every front-end uses.

The modules are imported when a rule is first needed: they bring in the analysis (and LibCST), which a run that
parses nothing (a pre-commit hook on files that never call AI21) must not pay for. `known_codes()` needs none of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from ai21lint.rules.base import Rule

# code, module, class (a test checks this table against the classes themselves)
_TABLE = (
    ("AIS000", "ais000_internal_error", "InternalError"),
    ("AIS001", "ais001_unanalysable_file", "UnanalysableFile"),
    ("AIS101", "ais101_prohibited_content", "ProhibitedContentPrompt"),
    ("AIS102", "ais102_bulk_messaging", "BulkMessaging"),
    ("AIS201", "ais201_public_autopost", "PublicAutopost"),
    ("AIS202", "ais202_undisclosed_generation", "UndisclosedGeneration"),
    ("AIS203", "ais203_no_harm_report", "NoHarmReport"),
    ("AIS301", "ais301_short_prompt", "ShortPrompt"),
    ("AIS302", "ais302_unverifiable_prompt", "UnverifiablePrompt"),
    ("AIS401", "ais401_automated_decision", "AutomatedDecision"),
    ("AIS501", "ais501_profiling", "ProtectedProfiling"),
)
_LOADED: dict[str, type[Rule]] = {}


def _load(code: str, module: str, name: str) -> type[Rule]:
    rule = _LOADED.get(code)
    if rule is None:
        rule = _LOADED[code] = getattr(importlib.import_module(f"ai21lint.rules.{module}"), name)
    return rule


def all_rules() -> list[type[Rule]]:
    return sorted((_load(*row) for row in _TABLE), key=lambda rule: rule.code)


def rule_by_code(code: str) -> Optional[type[Rule]]:
    return next((_load(*row) for row in _TABLE if row[0] == code.upper()), None)


def known_codes() -> list[str]:
    return sorted(code for code, _, _ in _TABLE)
