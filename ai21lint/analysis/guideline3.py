"""Guideline 3 decided for one prompt: provably short (AIS301), unknowable (AIS302) or compliant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ai21lint.analysis.callsites import PromptInstance
from ai21lint.analysis.values import Pieces, StrValue, constant_chars, has_unknown

PROVABLY_SHORT = "AIS301"
UNVERIFIABLE = "AIS302"


@dataclass(frozen=True)
class Assessment:
    code: str
    constant_chars: int
    pieces: Pieces  # the path through the code that gives the verdict


def assess(prompt: StrValue, threshold: int) -> Optional[Assessment]:
    """AIS301 when some path gives fewer than `threshold` constant characters and nothing unknown could add to them;
    AIS302 when only paths with unknown pieces fall short; None when every path reaches the threshold."""
    known = [alt for alt in prompt.alts if not has_unknown(alt)]
    unknown = [alt for alt in prompt.alts if has_unknown(alt)]
    if known:
        shortest = min(known, key=constant_chars)
        if constant_chars(shortest) < threshold:
            return Assessment(PROVABLY_SHORT, constant_chars(shortest), shortest)
    if unknown:
        shortest = min(unknown, key=constant_chars)
        if constant_chars(shortest) < threshold:
            return Assessment(UNVERIFIABLE, constant_chars(shortest), shortest)
    return None


def constant_count(prompt: StrValue) -> int:
    """The smallest constant count over the prompt's paths (the number the audit inventory shows)."""
    return min(constant_chars(alt) for alt in prompt.alts)


def shortest_verdict(instances: list[PromptInstance], threshold: int) -> Optional[tuple[PromptInstance, Assessment]]:
    """The most severe verdict among the prompts that reach one report site (AIS301 before AIS302, then fewest
    constant characters), with the prompt it is about."""
    verdicts = [(instance, found) for instance in instances if (found := assess(instance.prompt, threshold))]
    if not verdicts:
        return None
    return min(verdicts, key=lambda pair: (pair[1].code != PROVABLY_SHORT, pair[1].constant_chars))
