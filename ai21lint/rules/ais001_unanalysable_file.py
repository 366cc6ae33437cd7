"""AIS001 unanalysable-file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ai21lint.diagnostics import Diagnostic, Severity
from ai21lint.rules.base import Rule

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult


class UnanalysableFile(Rule):
    """
    ## What it does
    Reports a Python file that cannot be decoded or parsed (a syntax error, Python 2 code, bytes that are not valid
    in the file's declared encoding, NUL bytes, nesting too deep to analyse). The other files are still checked.

    It covers every file of an app that makes completion requests (an app is a directory holding a
    `pyproject.toml`, `setup.py`, `setup.cfg`, `requirements.txt` or `Pipfile`) and every file the analysis reads.
    Apps that never call AI21 are only searched as text, so a broken file there is not reported unless
    `--no-prefilter` asks for every file to be parsed.

    ## Why is this bad?
    No guideline can be verified for code the analyzer cannot read: a completion request in this file would go
    unchecked. The diagnostic gives the parser's position where it has one.

    ## Options
    `exclude` in `[tool.ai21lint]` skips files that are not meant to be Python (generated fixtures, templates).
    """

    code = "AIS001"
    name = "unanalysable-file"
    severity = Severity.ERROR
    guideline = "-"
    summary = "A file cannot be decoded or parsed, so it was not checked."

    INVALID = (
        """
        import ai21

        def ask(q)
            return ai21.Completion.execute(model="j2-ultra", prompt=q)
        """,
        """
        import ai21

        print "hello from Python 2"
        """,
    )
    VALID = (
        """
        import ai21

        def ask(q):
            return ai21.Completion.execute(model="j2-ultra", prompt=q)
        """,
    )

    def check(self, result: AnalysisResult) -> Iterable[Diagnostic]:
        for path in sorted(result.analysed):
            source = result.project.module(path)
            problem = source.problem
            if problem is None:
                continue
            line = max(1, problem.line)
            column = max(1, problem.column)
            yield Diagnostic(
                path, line, column, self.code, line, column, self.severity, self.guideline, problem.message
            )
