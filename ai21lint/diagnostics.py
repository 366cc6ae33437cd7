"""A diagnostic: one finding, as every reporter and front-end sees it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """Positions are 1-based; `end_column` is the column just after the last character (as in SARIF)."""

    path: str
    line: int
    column: int
    code: str
    end_line: int
    end_column: int
    severity: Severity
    guideline: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "severity": self.severity.value,
            "guideline": self.guideline,
            "message": self.message,
        }

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> Diagnostic:
        """The inverse of `to_json`; raises KeyError, TypeError or ValueError on anything else."""
        return cls(
            str(document["path"]),
            int(document["line"]),
            int(document["column"]),
            str(document["code"]),
            int(document["end_line"]),
            int(document["end_column"]),
            Severity(document["severity"]),
            str(document["guideline"]),
            str(document["message"]),
        )
