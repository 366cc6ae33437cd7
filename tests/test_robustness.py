"""Bad input never stops a run: every odd file gets AIS001 or a one-line note, the other files keep their findings,
and nothing outside the root is read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.test_cli import cli

GOOD = "import sys, ai21\nai21.Completion.execute(prompt='Hi ' + sys.argv[1])\n"

BAD = {
    "syntax.py": b"def f(:\n",
    "py2.py": b"print 'hello'\n",
    "latin1.py": b"x = '\xe9t\xe9'\n",
    "nul.py": b"import ai21\x00\n",
    "deep1000.py": b"import ai21\nx = " + b"(" * 1000 + b"'a'" + b")" * 1000 + b"\n",
    "deep100000.py": b"import ai21\nx = " + b"(" * 100_000 + b"'a'" + b")" * 100_000 + b"\n",
    "plus50000.py": b"import ai21\nx = " + b" + ".join([b"'a'"] * 50_000) + b"\n",
    "huge.py": b"import ai21\n" + b"x = 1\n" * 1_600_000,
    "huge20mb.py": b"import ai21\n" + b"prompt = 'Summarise the following text for a reader.' + x\n" * 350_000,
}
GOOD_VARIANTS = {
    "good.py": GOOD.encode(),
    "bom.py": b"\xef\xbb\xbf" + GOOD.encode(),
    "crlf.py": GOOD.replace("\n", "\r\n").encode(),
    "cr.py": GOOD.replace("\n", "\r").encode(),
    "coding.py": b"# -*- coding: latin-1 -*-\n" + GOOD.replace("Hi ", "H\xe9 ").encode("latin-1"),
    "deep100.py": b"import sys, ai21\nx = "
    + b"(" * 100
    + b"'a'"
    + b")" * 100
    + b"\nai21.Completion.execute(prompt=x + sys.argv[1])\n",
    "empty.py": b"",
}


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad")
    (root / "pyproject.toml").write_text("")
    for name, data in {**BAD, **GOOD_VARIANTS}.items():
        (root / name).write_bytes(data)
    (root / "loop10000.py").write_text(
        "import sys, ai21\np = 'x'\n" + "p += 'a'\n" * 10_000 + "ai21.Completion.execute(prompt=p + sys.argv[1])\n"
    )
    (root / "rec_a.py").write_text(
        "import ai21\nfrom rec_b import g\n\ndef f(x):\n    return g(x) + 'a'\n\n"
        "ai21.Completion.execute(prompt=f('q'))\n"
    )
    (root / "rec_b.py").write_text("from rec_a import f\n\ndef g(x):\n    return f(x)\n")
    (root / "dir.py").mkdir()
    (root / "loop").mkdir()
    os.symlink("..", root / "loop" / "up")
    outside = tmp_path_factory.mktemp("outside") / "secret.py"
    outside.write_text(GOOD)
    os.symlink(outside, root / "linked_outside.py")
    try:
        (root / os.fsdecode(b"caf\xe9_\xff.py")).write_text(GOOD)
    except (OSError, UnicodeError):  # a file system that refuses such names
        pass
    return root


def test_every_bad_file_is_reported_and_the_rest_checked(matrix: Path) -> None:
    result = cli("check", ".", "--format", "json", cwd=matrix)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    found = {(d["path"], d["code"]) for d in document["diagnostics"]}
    for name in BAD:
        assert (name, "AIS001") in found, name
    for name in ("good.py", "bom.py", "crlf.py", "cr.py", "coding.py", "deep100.py"):
        assert (name, "AIS301") in found, name
    assert ("rec_a.py", "AIS302") in found  # mutually recursive helpers: unknowable, not a crash
    assert not any(path.startswith(("loop10000", "empty", "dir.py", "linked_outside")) for path, _ in found)
    assert "linked_outside.py: skipped, it lies outside the project root" in result.stderr


def test_the_same_without_the_prefilter(matrix: Path) -> None:
    with_prefilter = json.loads(cli("check", ".", "--format", "json", cwd=matrix).stdout)["diagnostics"]
    without = json.loads(cli("check", ".", "--format", "json", "--no-prefilter", cwd=matrix).stdout)["diagnostics"]
    assert with_prefilter == without


def test_template_paths_outside_the_root_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("You are a helpful assistant who answers questions about our shop in two sentences. " * 2)
    project = tmp_path / "app"
    project.mkdir()
    (project / "pyproject.toml").write_text("")
    source = (
        "import sys, ai21\n"
        "SYSTEM = open('../secret.txt').read()\n"
        f"ABSOLUTE = open({str(secret)!r}).read()\n"
        "ai21.Completion.execute(prompt=SYSTEM + sys.argv[1])\n"
        "ai21.Completion.execute(prompt=ABSOLUTE + sys.argv[1])\n"
    )
    (project / "app.py").write_text(source)
    document = json.loads(cli("check", ".", "--format", "json", cwd=project).stdout)
    # had the files been read, both prompts would be long enough; unread, they are unknowable
    assert [d["code"] for d in document["diagnostics"]] == ["AIS302", "AIS302"]


def test_scanned_code_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed.txt"
    evil = (
        "import os, sys, ai21\n"
        f"open({str(marker)!r}, 'w').write('ran')\n"
        "os._exit(7)\n"
        "ai21.Completion.execute(prompt='Hi ' + sys.argv[1])\n"
    )
    (tmp_path / "pyproject.toml").write_text(
        "[build-system]\nrequires = ['setuptools']\nbuild-backend = 'setuptools.build_meta'\n"
        "[tool.ai21lint]\nmin-prompt-chars = 60\n"
    )
    (tmp_path / "setup.py").write_text(f"open({str(marker)!r}, 'w').write('setup ran')\n")
    (tmp_path / "conftest.py").write_text(f"open({str(marker)!r}, 'w').write('conftest ran')\n")
    (tmp_path / "evil.py").write_text(evil)
    (tmp_path / "uses_evil.py").write_text("import evil\nfrom evil import something\n")
    for command in (("check", "."), ("audit", "."), ("check", ".", "--no-prefilter")):
        result = cli(*command, "--format", "json", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert ("evil.py", "AIS301") in {(d["path"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert not marker.exists()


def test_a_file_deleted_or_unreadable_during_the_run(tmp_path: Path) -> None:
    from ai21lint.config import Config
    from ai21lint.engine import run

    for name in ("a.py", "b.py", "c.py", "d.py"):
        (tmp_path / name).write_text(GOOD)
    seen: list[int] = []

    def meanwhile(done: int, total: int) -> None:
        if not seen:  # the files were found and searched; now they change under the analysis
            (tmp_path / "b.py").unlink()
            (tmp_path / "c.py").unlink()
            (tmp_path / "c.py").mkdir()  # unreadable as a file, whatever the user's permissions
        seen.append(done)

    report = run([tmp_path], Config(), tmp_path, progress=meanwhile)
    found = {(d.path, d.code): d.message for d in report.diagnostics}
    assert ("a.py", "AIS301") in found and ("d.py", "AIS301") in found
    assert found[("b.py", "AIS001")].startswith("cannot read file")
    assert found[("c.py", "AIS001")].startswith("cannot read file")
    assert not report.internal_errors
