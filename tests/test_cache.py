"""The result cache: a warm run gives the same output from the cache, any change the result depends on is seen,
a corrupt cache heals itself, two runs at once share it, and `--no-cache` / `--cache-dir` do what they say."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import write_project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "apps"
# a few apps of the corpus with flow findings, templates, helper modules and more than one file
APPS = ("broken_latin1_notes", "django_wrapper_multi_views", "account_locked_mailer", "aliased_imports")


def _json_run(root: Path, command: str, *extra: str) -> tuple[dict, tuple[int, int]]:
    """The JSON document of `ai21lint COMMAND .`, and how many of how many units came from the cache."""
    completed = subprocess.run(
        [sys.executable, "-m", "ai21lint", command, ".", "--format", "json", "--debug", *extra],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr
    stats = next(line for line in completed.stderr.splitlines() if "units from the cache" in line)
    cached, _, units = stats.split(": ")[-1].split()[:3]
    return json.loads(completed.stdout), (int(cached), int(units))


def run(root: Path, *extra: str) -> tuple[list[dict], tuple[int, int]]:
    document, stats = _json_run(root, "check", *extra)
    return document["diagnostics"], stats


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("")
    for app in APPS:
        shutil.copytree(FIXTURES / app, tmp_path / app)
    return tmp_path


def test_a_warm_run_comes_from_the_cache_with_the_same_output(repo: Path) -> None:
    cold, (cached, units) = run(repo)
    assert cached == 0 and units == len(APPS) and cold
    assert (repo / ".ai21lint_cache" / "CACHEDIR.TAG").is_file()
    warm, (cached, _) = run(repo)
    assert warm == cold and cached == units
    uncached, (cached, _) = run(repo, "--no-cache")
    assert uncached == cold and cached == 0


def test_a_change_to_an_analysed_file_is_seen(repo: Path) -> None:
    before, _ = run(repo)
    view = repo / "django_wrapper_multi_views" / "notes" / "views.py"
    view.write_text(view.read_text() + '\nNOTICE = "Answers are AI-generated."\n')
    after, (cached, units) = run(repo)
    assert cached == 0  # a file that calls AI21 changed: every unit's key covers the analysed files
    assert after != before  # the disclosure now found there removes that app's AIS202 findings
    fresh, _ = run(repo, "--no-cache")
    assert after == fresh


def test_a_changed_template_or_helper_invalidates_the_unit_that_read_it(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "pyproject.toml": "",
            "prompts.py": "PREFIX = 'Hi'\n",
            "app.py": "import sys, ai21\nfrom prompts import PREFIX\n"
            "ai21.Completion.execute(prompt=PREFIX + sys.argv[1])\n",
        },
    )
    short, _ = run(tmp_path)
    assert [d["code"] for d in short] == ["AIS301"]
    (tmp_path / "prompts.py").write_text("PREFIX = '" + "Summarise the text below for a busy reader. " * 3 + "'\n")
    long, (cached, _) = run(tmp_path)
    assert long == [] and cached == 0


def test_a_corrupt_cache_heals_itself(repo: Path) -> None:
    cold, _ = run(repo)
    entries = list((repo / ".ai21lint_cache").glob("*.json"))
    assert entries
    for index, entry in enumerate(entries):
        entry.write_bytes([b"", b"{not json", b'{"format": 1}', b"\xff\xfe\x00"][index % 4])
    healed, (cached, units) = run(repo)
    assert healed == cold and cached == 0
    again, (cached, _) = run(repo)
    assert again == cold and cached == units


def test_an_unwritable_cache_directory_is_a_note_not_a_failure(repo: Path) -> None:
    blocker = repo / "blocked"
    blocker.write_text("a file where the cache directory should be")
    completed = subprocess.run(
        [sys.executable, "-m", "ai21lint", "check", ".", "--cache-dir", str(blocker / "cache"), "--format", "json"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    assert "cannot be written" in completed.stderr and json.loads(completed.stdout)["diagnostics"]


def test_cache_dir_moves_it(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("cache")
    cold, _ = run(repo, "--cache-dir", str(elsewhere))
    assert not (repo / ".ai21lint_cache").exists() and list(elsewhere.glob("*.json"))
    warm, (cached, units) = run(repo, "--cache-dir", str(elsewhere))
    assert warm == cold and cached == units


def test_two_runs_at_once_share_the_cache(repo: Path) -> None:
    command = [sys.executable, "-m", "ai21lint", "check", ".", "--format", "json", "--jobs", "1"]
    first = subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [process.communicate() for process in (first, second)]
    for _, stderr in outputs:
        assert "Traceback" not in stderr and "cannot be written" not in stderr
    assert json.loads(outputs[0][0]) == json.loads(outputs[1][0])
    after, (cached, units) = run(repo)
    assert after == json.loads(outputs[0][0])["diagnostics"] and cached == units
    assert not list((repo / ".ai21lint_cache").glob("*.tmp"))


def test_an_audit_split_into_units_equals_one_analysis(repo: Path) -> None:
    from ai21lint import engine, units
    from ai21lint.audit import build_audit
    from ai21lint.config import Config

    whole = build_audit(engine.run([repo], Config(), repo))
    split = build_audit(units.run_units([repo], Config(), repo, jobs=2))
    assert whole.call_sites
    assert (split.call_sites, split.evidence) == (whole.call_sites, whole.evidence)
    assert split.report.diagnostics == whole.report.diagnostics


def test_a_file_broken_beside_the_ai21_code_is_seen_on_a_warm_run(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "pyproject.toml": "",
            "helpers.py": "def tidy(text):\n    return text.strip()\n",
            "app.py": "import sys, ai21\nai21.Completion.execute(prompt='Hi ' + sys.argv[1])\n",
        },
    )
    before, _ = run(tmp_path)
    assert [d["code"] for d in before] == ["AIS301"]
    (tmp_path / "helpers.py").write_text("def tidy(text)\n    return text.strip()\n")
    after, (cached, _) = run(tmp_path)
    assert [(d["path"], d["code"]) for d in after] == [("app.py", "AIS301"), ("helpers.py", "AIS001")] and not cached


def test_check_leaves_out_the_audit_parts_and_audit_does_not_take_its_entries(repo: Path) -> None:
    run(repo)  # `check` fills the cache without call sites or evidence
    audited, (cached, _) = _json_run(repo, "audit")
    assert cached == 0  # those entries cannot serve an audit: analysed again
    fresh, _ = _json_run(repo, "audit", "--no-cache")
    assert audited == fresh and audited["call_sites"]
    again, (cached, _) = _json_run(repo, "audit")
    assert again == fresh and cached == len(APPS)
    _, (cached, units) = run(repo)  # an audit's entries serve `check` too
    assert cached == units
