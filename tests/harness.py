"""Run the engine on small projects written to a temporary directory."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Mapping, Optional, Union

from ai21lint.analysis.guideline3 import constant_count
from ai21lint.config import Config
from ai21lint.diagnostics import Diagnostic
from ai21lint.engine import Report, run

Files = Union[str, Mapping[str, Union[str, bytes]]]


def write_project(root: Path, files: Files) -> Path:
    if isinstance(files, str):
        files = {"app.py": files}
    (root / "pyproject.toml").write_text("[project]\nname = 'scanned'\n")
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def check(root: Path, files: Files, config: Optional[Config] = None, paths: Optional[list[str]] = None) -> Report:
    write_project(root, files)
    targets = [root / p for p in paths] if paths else [root]
    return run(targets, config or Config(), root)


def codes(report: Report) -> list[tuple[str, str, int]]:
    return [(d.code, d.path, d.line) for d in report.diagnostics]


def only(report: Report, code: str) -> list[Diagnostic]:
    return [d for d in report.diagnostics if d.code == code]


def prompt_counts(root: Path, files: Files) -> list[int]:
    """The constant-character count of every reported prompt, in source order."""
    report = check(root, files)
    assert report.result is not None
    instances = sorted(
        report.result.interpreter.reported, key=lambda i: (i.report_step[0], report.result.line_of(*i.report_step))
    )  # type: ignore
    return [constant_count(i.prompt) for i in instances]


def single_count(root: Path, body: str, prelude: str = "") -> int:
    """Count of the one prompt built by `body`, which must assign `prompt`; sent through the SDK v2 client."""
    source = (
        "import sys\nfrom ai21 import AI21Client\n" + textwrap.dedent(prelude) + "\nclient = AI21Client()\n"
        "user = sys.argv[1]\n" + textwrap.dedent(body) + "\nclient.completion.create(model='j2-ultra', prompt=prompt)\n"
    )
    counts = prompt_counts(root, {"app.py": source})
    assert len(counts) == 1, counts
    return counts[0]
