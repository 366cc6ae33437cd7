"""The rules, one module each; `all_rules()` is the registry every front-end uses."""

from __future__ import annotations

from typing import Optional

from ai21lint.rules.ais000_internal_error import InternalError
from ai21lint.rules.ais001_unanalysable_file import UnanalysableFile
from ai21lint.rules.ais101_prohibited_content import ProhibitedContentPrompt
from ai21lint.rules.ais102_bulk_messaging import BulkMessaging
from ai21lint.rules.ais201_public_autopost import PublicAutopost
from ai21lint.rules.ais202_undisclosed_generation import UndisclosedGeneration
from ai21lint.rules.ais203_no_harm_report import NoHarmReport
from ai21lint.rules.ais301_short_prompt import ShortPrompt
from ai21lint.rules.ais302_unverifiable_prompt import UnverifiablePrompt
from ai21lint.rules.ais401_automated_decision import AutomatedDecision
from ai21lint.rules.ais501_profiling import ProtectedProfiling
from ai21lint.rules.base import Rule

_RULES: tuple[type[Rule], ...] = (
    InternalError,
    UnanalysableFile,
    ProhibitedContentPrompt,
    BulkMessaging,
    PublicAutopost,
    UndisclosedGeneration,
    NoHarmReport,
    ShortPrompt,
    UnverifiablePrompt,
    AutomatedDecision,
    ProtectedProfiling,
)


def all_rules() -> list[type[Rule]]:
    return sorted(_RULES, key=lambda rule: rule.code)


def rule_by_code(code: str) -> Optional[type[Rule]]:
    return next((rule for rule in _RULES if rule.code == code.upper()), None)


def known_codes() -> list[str]:
    return [rule.code for rule in all_rules()]
