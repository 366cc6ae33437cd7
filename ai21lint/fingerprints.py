"""Line-independent identities of findings: the rule, the file, and the code the finding points at (its line,
whitespace-normalised), numbered when the same code repeats. Used by SARIF `partialFingerprints` and by baselines,
so moving code up or down a file keeps a finding's identity."""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Callable, Sequence

from ai21lint.diagnostics import Diagnostic


def fingerprints(diagnostics: Sequence[Diagnostic], line_text: Callable[[str, int], str]) -> list[str]:
    """One fingerprint per diagnostic, in the same order."""
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for diagnostic in diagnostics:
        code = " ".join(line_text(diagnostic.path, diagnostic.line).split())
        key = (diagnostic.code, diagnostic.path, code)
        occurrence = seen[key]
        seen[key] += 1
        digest = hashlib.sha256("\x1f".join((*key, str(occurrence))).encode("utf-8")).hexdigest()
        result.append(digest[:32])
    return result
