"""AIS000 internal-error."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ai21lint.diagnostics import Diagnostic, Severity
from ai21lint.rules.base import Rule

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult

REPORT_HINT = "please report it with the output of --debug at https://github.com/ai21lint/ai21lint/issues"


class InternalError(Rule):
    """
    ## What it does
    Reports a bug in ai21lint itself: a rule, or the analysis of a file, raised an error. The diagnostic names the
    rule (or the analysis) and the file; the findings of the other rules and the other files are kept, and the
    failing rule's findings in the other files too. `--debug` prints the traceback on standard error.

    ## Why is this bad?
    The guideline the failing rule checks was not verified for that file, so a clean result there would be a
    false assurance. Please report it, with the `--debug` output.

    ## Options
    It cannot be configured away by `exclude`; `--ignore AIS000` hides it (not recommended in an audit).
    """

    code = "AIS000"
    name = "internal-error"
    severity = Severity.ERROR
    guideline = "-"
    summary = "ai21lint failed on a file: a rule or the analysis raised an error, so that file was not fully checked."

    def check(self, result: AnalysisResult) -> Iterable[Diagnostic]:
        return ()  # raised by the engine where a rule or an analysis fails


def internal_error(path: str, what: str, error: str) -> Diagnostic:
    message = f"internal error in {what} ({error}); this file was not fully checked: {REPORT_HINT}"
    return Diagnostic(path, 1, 1, InternalError.code, 1, 1, InternalError.severity, InternalError.guideline, message)
