"""Fuzzing with hypothesis (SPEC.md "Counting" and "Safety").

1. Generated apps (tests/fuzz_programs.py) build a prompt from a random mix of the constructs the evaluator follows;
   the generator computes the constant count itself, and the analysis must give exactly that count, with AIS301
   below the threshold and no AIS301 from it up.
2. Token-level mutations (deleted, duplicated, swapped tokens) of the fixture apps never make `check` or `audit`
   crash: the exit status stays 0 or 1 and no note reports an internal error.

Profiles, chosen by the environment variable AI21LINT_FUZZ_PROFILE:
- `ci` (the default): a fixed number of derandomised examples, the same on every run, so CI is reproducible.
- `long`: many more random examples, for a run by hand before a release, or after touching the evaluator:

      AI21LINT_FUZZ_PROFILE=long python -m pytest tests/test_fuzz.py -q --hypothesis-show-statistics

  It takes about three minutes on two idle cores. AI21LINT_FUZZ_EXAMPLES=N overrides the number of generated apps (the
  mutation test runs two thirds as many). A long run keeps its failures in `.hypothesis/` and replays them first next
  time; the ci profile uses no database. Both print a `@reproduce_failure` blob for a failing example, and the
  generated app or mutated source in full.

Where the analyser is exact only up to a bound, the generator stays inside it (see the top of tests/fuzz_programs.py).
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import shutil
import tempfile
import tokenize
from functools import cache
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from ai21lint.analysis.guideline3 import constant_count
from ai21lint.cli import cli
from ai21lint.engine import Report
from tests import fuzz_programs
from tests.harness import check, only

settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("AI21LINT_FUZZ_PROFILE", "ci")
_base = settings.get_profile(PROFILE)
_examples = int(os.environ.get("AI21LINT_FUZZ_EXAMPLES", _base.max_examples))
GENERATED = settings(_base, max_examples=_examples)
MUTATED = settings(_base, max_examples=max(1, _examples * 2 // 3))

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "apps"
_COUNT = re.compile(r"prompt has (\d+) constant characters")


# --- 1. generated apps ------------------------------------------------------------------------------------------


def _analyse(files: Dict[str, str]) -> Tuple[Report, List[int]]:
    with tempfile.TemporaryDirectory() as directory:
        report = check(Path(directory), {path: text.encode("utf-8") for path, text in files.items()})
    assert report.result is not None
    instances = report.result.interpreter.reported
    return report, [constant_count(instance.prompt) for instance in instances]


@GENERATED
@given(fuzz_programs.programs())
def test_generated_prompt_has_the_generators_count(program: fuzz_programs.Program) -> None:
    note(repr(program))
    for path, source in program.files.items():
        compile(source, path, "exec")  # the generator writes valid Python (compiled, never run)
    for construct in program.constructs:
        event(f"construct: {construct}")
    event(f"host: {program.host}")
    event(f"style: {program.style}")
    short = program.expected < fuzz_programs.THRESHOLD
    event("expected: below 60" if short else "expected: 60 or more")

    report, counts = _analyse(program.files)

    assert report.notes == []
    assert counts == [program.expected]
    assert only(report, "AIS302") == []  # every piece is constant or user input: nothing is unknowable
    found = only(report, "AIS301")
    if short:
        assert len(found) == 1, found
        match = _COUNT.search(found[0].message)
        assert match is not None and int(match.group(1)) == program.expected, found[0].message
    else:
        assert found == []


# --- 2. mutated fixture apps ------------------------------------------------------------------------------------

Token = Tuple[int, int, int]  # start and end offsets in the decoded source, token type


def _fixture_files() -> List[Path]:
    return sorted(path.relative_to(FIXTURES) for path in FIXTURES.rglob("*.py"))


@cache
def _tokens(relative: Path) -> Optional[Tuple[str, str, Tuple[Token, ...]]]:
    """(encoding, source, token spans) of a fixture file; None for the files that do not tokenize (the broken ones
    are already covered by test_robustness)."""
    data = (FIXTURES / relative).read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        source = data.decode(encoding)
        starts = [0]  # offset of each line as tokenize reads them (CR, LF and CRLF all end a line)
        for line in io.StringIO(source, newline="").readlines():
            starts.append(starts[-1] + len(line))
        spans = []
        for token in tokenize.generate_tokens(io.StringIO(source, newline="").readline):
            start = starts[min(token.start[0] - 1, len(starts) - 1)] + token.start[1]
            end = starts[min(token.end[0] - 1, len(starts) - 1)] + token.end[1]
            if end > start and source[start:end] == token.string:
                spans.append((start, end, token.type))
    except (SyntaxError, UnicodeDecodeError, LookupError, tokenize.TokenError, IndentationError):
        return None
    return encoding, source, tuple(spans)


TOKENIZABLE = [path for path in _fixture_files() if _tokens(path) is not None and _tokens(path)[2]]  # type: ignore


@st.composite
def mutations(draw: Callable) -> Tuple[Path, bytes, List[str]]:
    """A fixture file with 1-4 token-level mutations: delete a token, duplicate it, or swap two tokens (half the
    swaps between tokens of one type, two names or two strings, which often still parses and so reaches the
    analysis rather than the parser)."""
    relative = draw(st.sampled_from(TOKENIZABLE))
    encoding, source, spans = _tokens(relative)  # type: ignore[misc]
    gaps = [source[: spans[0][0]]] + [source[spans[i - 1][1] : spans[i][0]] for i in range(1, len(spans))]
    words = [source[start:end] for start, end, _ in spans]
    kinds = [kind for _, _, kind in spans]
    tail = source[spans[-1][1] :]
    done = []
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["delete", "duplicate", "swap"]))
        index = draw(st.integers(0, len(words) - 1))
        if operation == "delete":
            done.append(f"delete {words[index]!r} (token {index})")
            words[index] = ""
        elif operation == "duplicate":
            gap = draw(st.sampled_from(["", " ", "\n"]))
            done.append(f"duplicate {words[index]!r} (token {index}) with {gap!r} between")
            words.insert(index + 1, words[index])
            kinds.insert(index + 1, kinds[index])
            gaps.insert(index + 1, gap)
        else:
            alike = [i for i, kind in enumerate(kinds) if kind == kinds[index]]
            other = draw(st.sampled_from(alike) if draw(st.booleans()) else st.integers(0, len(words) - 1))
            done.append(f"swap {words[index]!r} (token {index}) and {words[other]!r} (token {other})")
            words[index], words[other] = words[other], words[index]
            kinds[index], kinds[other] = kinds[other], kinds[index]
    text = "".join(gap + word for gap, word in zip(gaps, words)) + tail
    return relative, text.encode(encoding, errors="surrogateescape"), done


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click 8.1; 8.2 always keeps stderr apart
    except TypeError:
        return CliRunner()


# In-process (--jobs 1) but for one, which forks workers when the app has several units; each run has a fresh cache.
COMMANDS = [
    ["check", "--format", "json", "--jobs", "1"],
    ["check", "--format", "text", "--jobs", "1"],
    ["check", "--format", "sarif", "--no-prefilter", "--jobs", "1"],
    ["check", "--format", "github", "--jobs", "2"],
    ["audit", "--format", "json", "--jobs", "1"],
    ["audit", "--format", "html", "--jobs", "1", "--no-cache"],
]


@MUTATED
@given(mutations(), st.sampled_from(COMMANDS))
def test_mutated_fixture_apps_never_crash(mutation: Tuple[Path, bytes, List[str]], command: List[str]) -> None:
    """Never a crash (exit 2, a traceback), never an internal error (AIS000, a note): the mutated file gets AIS001
    or is analysed like any other."""
    relative, data, done = mutation
    note(f"{relative}: {done}\n--- mutated source ---\n{data.decode('utf-8', errors='replace')}")
    event(f"command: {' '.join(command)}")
    try:
        ast.parse(data)
        event("mutated file: parses")
    except (SyntaxError, ValueError):
        event("mutated file: does not parse")
    app = relative.parts[0]
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory) / app
        shutil.copytree(FIXTURES / app, root)
        if not (root / "pyproject.toml").exists():
            (root / "pyproject.toml").write_text("[project]\nname = 'scanned'\n")
        (root.parent / relative).write_bytes(data)
        result = _runner().invoke(cli, [command[0], str(root), *command[1:], "--debug"], catch_exceptions=True)
    output = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert result.exit_code in (0, 1), output
    assert "internal error" not in output  # AIS000's message, a note, or --debug's report of one
    assert "Traceback" not in output
    if command[:3] == ["check", "--format", "json"]:
        assert "AIS000" not in {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    if command[:3] == ["check", "--format", "sarif"]:
        assert "AIS000" not in {r["ruleId"] for run in json.loads(result.stdout)["runs"] for r in run["results"]}
    event(f"exit {result.exit_code}")
