"""The pre-commit hooks, end to end with the real `pre-commit try-repo` against a throwaway git repository: a
violating commit fails the hook, a clean one passes; staged files still resolve imports against the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(cwd: Path, hook: str, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PRE_COMMIT_COLOR": "never",
    }
    selection = ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, *selection, "--verbose"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_hooks_on_a_violating_and_a_clean_commit(tmp_path: Path, pre_commit_home: Path) -> None:
    if not (REPO / ".git").exists():
        pytest.skip("the hooks are tried from a git checkout of ai21lint")
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "t@example.com")
    git(tmp_path, "config", "user.name", "t")
    (tmp_path / "prompts.py").write_text('SHORT = "Answer:"\n')
    (tmp_path / "app.py").write_text(
        "import sys\nimport ai21\nfrom prompts import SHORT\n\n"
        "ai21.Completion.execute(model='j2-mid', prompt=SHORT + sys.argv[1])\n"
    )
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "violating")
    failed = try_repo(tmp_path, "ai21lint", pre_commit_home, "app.py")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "app.py:5:1: AIS301 prompt has 7 constant characters" in failed.stdout  # SHORT resolved from prompts.py
    audit = try_repo(tmp_path, "ai21lint-audit", pre_commit_home)
    assert audit.returncode == 1 and "Usage guidelines" in audit.stdout

    (tmp_path / "prompts.py").write_text(
        'SHORT = "You answer questions about our bakery opening hours in one friendly sentence. Question:"\n'
    )
    git(tmp_path, "commit", "-qam", "clean")
    passed = try_repo(tmp_path, "ai21lint", pre_commit_home, "app.py")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
