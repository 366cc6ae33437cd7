"""What a rule is: a code, a severity, the guideline it enforces, docs, examples that run as tests, and a check.

A rule reads the shared analysis (`engine.AnalysisResult`); it never parses or walks files itself. Its docstring is
its documentation page (What it does / Why is this bad? / Options); the page's Example and Use instead sections are
its first INVALID and VALID examples, which the test suite runs, so docs, tests and behaviour cannot drift apart.
"""

from __future__ import annotations

import inspect
import textwrap
from typing import TYPE_CHECKING, ClassVar, Iterable, Mapping, Sequence, Union

from ai21lint.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult

# An example is the source of one module (`app.py`), or several files by relative path.
Example = Union[str, Mapping[str, str]]


def example_files(example: Example) -> dict[str, str]:
    if isinstance(example, str):
        return {"app.py": textwrap.dedent(example).lstrip("\n")}
    return {path: textwrap.dedent(text).lstrip("\n") for path, text in example.items()}


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    guideline: ClassVar[str]
    summary: ClassVar[str]
    VALID: ClassVar[Sequence[Example]] = ()
    INVALID: ClassVar[Sequence[Example]] = ()

    def check(self, result: AnalysisResult) -> Iterable[Diagnostic]:
        raise NotImplementedError

    def diagnostic(self, result: AnalysisResult, path: str, node: object, message: str) -> Diagnostic:
        return result.diagnostic(self.code, self.severity, self.guideline, path, node, message)  # type: ignore[arg-type]

    @classmethod
    def docs(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")


def render_page(rule: type[Rule]) -> str:
    """The rule's documentation page as Markdown (used by `ai21lint rules CODE` and docs/rules)."""
    guideline = f"guideline {rule.guideline}" if rule.guideline != "-" else "no guideline"
    lines = [f"# {rule.code} {rule.name}", "", f"*{rule.severity.value}, {guideline}* — {rule.summary}", ""]
    lines.append(rule.docs())
    for title, examples in (("Example", rule.INVALID), ("Use instead", rule.VALID)):
        if not examples:
            continue
        lines += ["", f"## {title}", ""]
        for path, text in example_files(examples[0]).items():
            lines += [f"`{path}`:", "```python", text.rstrip(), "```"]
    return "\n".join(lines).rstrip() + "\n"
