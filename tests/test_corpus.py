"""The labelled corpus in fixtures/ is the acceptance test of detection quality: precision and recall of every
labelled code must be at least 0.95."""

from __future__ import annotations

import pytest

from ai21lint.rules import known_codes
from tests.corpus import actual_diagnostics, load_labels, score

THRESHOLD = 0.95
# Labels may run ahead of the rules; every labelled code that has a rule is scored.
SCORED = [code for code in load_labels()[0] if code in known_codes()]


@pytest.fixture(scope="module")
def scores() -> tuple[dict, list[str]]:
    codes, cases = load_labels()
    return score(SCORED, cases, actual_diagnostics())


def test_corpus_is_large_enough() -> None:
    codes, cases = load_labels()
    assert len(cases) >= 40
    assert {"AIS001", "AIS301", "AIS302"} <= set(codes)
    assert sum(1 for expected in cases.values() if not expected) >= 10  # negatives


@pytest.mark.parametrize("code", SCORED)
def test_precision_and_recall(scores: tuple[dict, list[str]], code: str) -> None:
    by_code, problems = scores
    result = by_code[code]
    assert result.true_positives > 0, f"no {code} found at all"
    detail = "\n".join(p for p in problems if code in p)
    assert result.precision >= THRESHOLD, f"{code} precision {result.precision:.3f}\n{detail}"
    assert result.recall >= THRESHOLD, f"{code} recall {result.recall:.3f}\n{detail}"


def test_prefilter_gives_the_same_findings_as_analysing_every_file() -> None:
    with_prefilter = actual_diagnostics()
    without = actual_diagnostics(("--no-prefilter",))
    assert with_prefilter == without
    assert len(with_prefilter) > 100


def test_the_output_is_the_same_for_any_number_of_jobs() -> None:
    parallel = actual_diagnostics(("--jobs", "3"))
    serial = actual_diagnostics(("--jobs", "1"))
    assert parallel == serial
    assert len(serial) > 100
