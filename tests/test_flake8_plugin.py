"""The flake8 plugin, through real flake8 in a subprocess: the same findings as `ai21lint check`, flake8's own
selection and noqa, the plugin's options, and `[tool.ai21lint]` settings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.projects import sample_project
from tests.test_cli import cli


def flake8(cwd: Path, *args: str) -> list[tuple[str, int, int, str]]:
    completed = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "AIS", *args, "."],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr
    found = []
    for line in completed.stdout.splitlines():
        path, row, column, rest = line.split(":", 3)
        code, message = rest.strip().split(" ", 1)
        found.append((path.removeprefix("./"), int(row), int(column), f"{code} {message}"))
    return sorted(found)


def check_json(cwd: Path, *args: str) -> list[tuple[str, int, int, str]]:
    document = json.loads(cli("check", ".", "--format", "json", *args, cwd=cwd).stdout)
    return sorted(
        (d["path"], d["line"], d["column"], f"{d['code']} {d['message']}")
        for d in document["diagnostics"]
        if d["code"] != "AIS001"
    )


def test_flake8_reports_what_check_reports(tmp_path: Path) -> None:
    sample_project(tmp_path)
    from_flake8 = flake8(tmp_path)
    assert from_flake8 == check_json(tmp_path)
    codes = {finding[3].split()[0] for finding in from_flake8}
    assert {"AIS201", "AIS202", "AIS203", "AIS301"} <= codes  # prompts from another module, project-level rules


def test_flake8_selection_and_noqa(tmp_path: Path) -> None:
    sample_project(tmp_path)
    assert all(f[3].startswith("AIS3") for f in flake8(tmp_path, "--select", "AIS3"))
    assert not any(f[3].startswith("AIS301") for f in flake8(tmp_path, "--extend-ignore", "AIS301"))
    assert flake8(tmp_path, "--per-file-ignores", "app.py:AIS") == []
    source = (tmp_path / "app.py").read_text()
    (tmp_path / "app.py").write_text(
        source.replace(".create_tweet(text=text)", ".create_tweet(text=text)  # noqa: AIS201")
    )
    assert not any(f[3].startswith("AIS201") for f in flake8(tmp_path))


def test_plugin_options_and_project_settings(tmp_path: Path) -> None:
    sample_project(tmp_path)
    assert any(f[3].startswith("AIS301") for f in flake8(tmp_path))
    assert not any(f[3].startswith("AIS301") for f in flake8(tmp_path, "--ai21-min-prompt-chars", "5"))
    (tmp_path / "pyproject.toml").write_text("[tool.ai21lint]\nmin-prompt-chars = 5\nmonthly-users = 10\n")
    found = flake8(tmp_path)
    assert not any(f[3].startswith(("AIS301", "AIS203")) for f in found)
    help_text = subprocess.run([sys.executable, "-m", "flake8", "--help"], capture_output=True, text=True).stdout
    assert "--ai21-min-prompt-chars" in help_text and "--ai21-config" in help_text


def test_plugin_never_fails_the_flake8_run(tmp_path: Path) -> None:
    sample_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.ai21lint]\nmin-prompt-chars = 'many'\n")
    (tmp_path / "broken.py").write_text("def f(:\n")
    completed = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "AIS,E999", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in completed.stderr
    assert "E999" in completed.stdout
    assert "min-prompt-chars must be a positive integer" in completed.stderr
