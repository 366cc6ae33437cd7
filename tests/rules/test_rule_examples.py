"""Every rule's VALID and INVALID examples run as tests (they are also its documentation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai21lint.rules import all_rules
from ai21lint.rules.base import Rule, example_files, render_page
from tests.harness import check

CASES = [
    pytest.param(rule, kind, index, example, id=f"{rule.code}-{kind}-{index}")
    for rule in all_rules()
    for kind, examples in (("valid", rule.VALID), ("invalid", rule.INVALID))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize("rule, kind, index, example", CASES)
def test_example(tmp_path: Path, rule: type[Rule], kind: str, index: int, example: object) -> None:
    report = check(tmp_path, example_files(example))  # type: ignore[arg-type]
    found = [d for d in report.diagnostics if d.code == rule.code]
    if kind == "invalid":
        assert found, f"{rule.code} should flag this example"
    else:
        assert not found, f"{rule.code} should not flag this example: {found}"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_has_complete_documentation(rule: type[Rule]) -> None:
    page = render_page(rule)
    for section in ("## What it does", "## Why is this bad?", "## Options"):
        assert section in page
    if rule.code == "AIS000":
        return  # a bug of ours has no example program
    assert rule.INVALID and rule.VALID
    for section in ("## Example", "## Use instead"):
        assert section in page
    assert rule.code.startswith("AIS") and len(rule.code) == 6
    assert rule.name == rule.name.lower() and " " not in rule.name


def test_guideline_quotes_come_from_the_policy() -> None:
    policy = Path(__file__).resolve().parents[3] / "shared" / "policy" / "ai21-usage-guidelines.txt"
    if not policy.is_file():
        pytest.skip("the policy text is not beside the project")
    import re

    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", policy.read_text(encoding="utf-8")).replace("*", "")
    text = " ".join(plain.split())
    for rule in all_rules():
        for quote in rule.docs().split('"')[1::2]:
            if len(quote) > 40:
                assert " ".join(quote.split()) in text, f"{rule.code} misquotes the guideline: {quote!r}"
