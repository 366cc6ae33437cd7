"""`ai21lint check` and `ai21lint rules` as users run them: output, exit status, options, configuration, noqa."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ai21lint import __version__
from tests.harness import write_project

SHORT = """
import sys
import ai21

ai21.Completion.execute(model="j2-mid", prompt="Answer: " + sys.argv[1])
"""
LONG_PROMPT = "You are a careful assistant. Answer the customer's question in two sentences: "


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ai21lint", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(
        tmp_path, {"app.py": SHORT, "clean.py": f"import ai21\nai21.Completion.execute(prompt={LONG_PROMPT!r})\n"}
    )


def test_text_output_and_exit_status(project: Path) -> None:
    result = cli("check", ".", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("app.py:4:1: AIS301 prompt has 8 constant characters, needs 60 (guideline 3)")
    assert lines[-1] == "Found 1 problem (1 error); 2 files checked."


def test_clean_project_exits_zero(tmp_path: Path) -> None:
    write_project(tmp_path, {"clean.py": f"import ai21\nai21.Completion.execute(prompt={LONG_PROMPT!r})\n"})
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 0
    assert "All checks passed (1 file checked)." in result.stdout


def test_json_output_has_the_contract_shape(project: Path) -> None:
    result = cli("check", ".", "--format", "json", cwd=project)
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert list(document) == ["tool", "version", "files_checked", "diagnostics"]
    assert document["tool"] == "ai21lint" and document["version"] == __version__ and document["files_checked"] == 2
    [diagnostic] = document["diagnostics"]
    assert list(diagnostic) == [
        "code",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "severity",
        "guideline",
        "message",
    ]
    assert diagnostic["code"] == "AIS301" and diagnostic["path"] == "app.py"
    assert (diagnostic["line"], diagnostic["column"], diagnostic["end_line"]) == (4, 1, 4)
    assert diagnostic["end_column"] > diagnostic["column"]
    assert diagnostic["severity"] == "error" and diagnostic["guideline"] == "3"


def test_exit_zero(project: Path) -> None:
    assert cli("check", ".", "--exit-zero", cwd=project).returncode == 0


def test_select_and_ignore(project: Path) -> None:
    assert cli("check", ".", "--ignore", "AIS301", cwd=project).returncode == 0
    assert cli("check", ".", "--select", "AIS302,AIS001", cwd=project).returncode == 0
    assert cli("check", ".", "--select", "AIS3", cwd=project).returncode == 1


def test_unknown_code_is_a_usage_error(project: Path) -> None:
    result = cli("check", ".", "--select", "AIS999", cwd=project)
    assert result.returncode == 2
    assert "unknown rule code 'AIS999'" in result.stderr
    assert "Traceback" not in result.stderr


def test_min_prompt_chars_option(project: Path) -> None:
    assert cli("check", ".", "--min-prompt-chars", "8", cwd=project).returncode == 0
    assert cli("check", ".", "--min-prompt-chars", "0", cwd=project).returncode == 2


def test_noqa(tmp_path: Path) -> None:
    source = SHORT.replace("sys.argv[1])", "sys.argv[1])  # noqa: AIS301")
    write_project(tmp_path, {"app.py": source})
    assert cli("check", ".", cwd=tmp_path).returncode == 0
    write_project(tmp_path, {"app.py": SHORT.replace("sys.argv[1])", "sys.argv[1])  # noqa: AIS302")})
    assert cli("check", ".", cwd=tmp_path).returncode == 1
    write_project(tmp_path, {"app.py": SHORT.replace("sys.argv[1])", "sys.argv[1])  # noqa")})
    assert cli("check", ".", cwd=tmp_path).returncode == 0


def test_pyproject_configuration(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text("[tool.ai21lint]\nmin-prompt-chars = 5\n")
    assert cli("check", ".", cwd=project).returncode == 0
    pyproject.write_text('[tool.ai21lint]\nper-file-ignores = { "app.py" = ["AIS301"] }\n')
    assert cli("check", ".", cwd=project).returncode == 0
    pyproject.write_text('[tool.ai21lint]\nexclude = ["app.py"]\n')
    result = cli("check", ".", "--format", "json", cwd=project)
    assert result.returncode == 0 and json.loads(result.stdout)["files_checked"] == 1
    pyproject.write_text('[tool.ai21lint]\nignore = ["AIS3"]\n')
    assert cli("check", ".", cwd=project).returncode == 0


@pytest.mark.parametrize(
    "content, message",
    [
        ("[tool.ai21lint]\nmin-prompt-chars = 'sixty'\n", "min-prompt-chars must be a positive integer"),
        ("[tool.ai21lint]\nselect = ['XYZ1']\n", "unknown rule code 'XYZ1'"),
        ("[tool.ai21lint]\nmin_prompt_chars = 3\n", "unknown key 'min_prompt_chars'"),
        ("[tool.ai21lint\n", "invalid TOML"),
        ("[tool.ai21lint]\nwrappers = ['not a name']\n", "is not a dotted function name"),
    ],
)
def test_bad_configuration_is_one_line_and_exit_two(project: Path, content: str, message: str) -> None:
    (project / "pyproject.toml").write_text(content)
    result = cli("check", ".", cwd=project)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_explicit_config_file(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    other = tmp_path_factory.mktemp("cfg") / "lint.toml"
    other.write_text("[tool.ai21lint]\nignore = ['AIS301']\n")
    assert cli("check", ".", "--config", str(other), cwd=project).returncode == 0
    assert cli("check", ".", "--config", str(other) + ".missing", cwd=project).returncode == 2


def test_missing_path_is_reported_and_the_rest_is_checked(project: Path) -> None:
    result = cli("check", "app.py", "nope.py", cwd=project)
    assert result.returncode == 2
    assert "nope.py: no such file or directory" in result.stderr
    assert "app.py:4:1: AIS301" in result.stdout


def test_given_files_still_resolve_imports_against_the_project(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "prompts.py": f"LONG = {LONG_PROMPT!r}\nSHORT = 'Hi: '\n",
            "app/main.py": "import sys\nimport ai21\nfrom prompts import LONG, SHORT\n"
            "ai21.Completion.execute(prompt=LONG + sys.argv[1])\n"
            "ai21.Completion.execute(prompt=SHORT + sys.argv[1])\n",
        },
    )
    result = cli("check", "app/main.py", "--format", "json", cwd=tmp_path)
    document = json.loads(result.stdout)
    assert [(d["path"], d["line"], d["code"]) for d in document["diagnostics"]] == [("app/main.py", 5, "AIS301")]
    assert document["files_checked"] == 1


def test_unparsable_file_does_not_stop_the_run(tmp_path: Path) -> None:
    tool = {"tools/pyproject.toml": "", "tools/other.py": "def g(:\n"}  # an app that never calls AI21
    write_project(tmp_path, {"broken.py": "def f(:\n", "app.py": SHORT, **tool})
    (tmp_path / "latin.py").write_bytes(b"x = '\xe9t\xe9'\n")
    result = cli("check", ".", "--format", "json", cwd=tmp_path)
    found = {(d["path"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert found == {("broken.py", "AIS001"), ("latin.py", "AIS001"), ("app.py", "AIS301")}
    assert result.returncode == 1 and "Traceback" not in result.stderr
    everything = cli("check", ".", "--no-prefilter", "--format", "json", cwd=tmp_path)
    found = {(d["path"], d["code"]) for d in json.loads(everything.stdout)["diagnostics"]}
    assert found == {
        ("broken.py", "AIS001"),
        ("latin.py", "AIS001"),
        ("app.py", "AIS301"),
        ("tools/other.py", "AIS001"),
    }


def test_rules_listing_and_pages(tmp_path: Path) -> None:
    listing = cli("rules", cwd=tmp_path)
    assert listing.returncode == 0
    for code in ("AIS001", "AIS301", "AIS302"):
        assert code in listing.stdout
    page = cli("rules", "ais301", cwd=tmp_path)
    assert page.returncode == 0
    assert "# AIS301 short-prompt" in page.stdout and "## Why is this bad?" in page.stdout
    assert "60 characters" in page.stdout
    unknown = cli("rules", "AIS999", cwd=tmp_path)
    assert unknown.returncode == 2 and "unknown rule code" in unknown.stderr


def test_version_and_console_script(tmp_path: Path) -> None:
    result = cli("--version", cwd=tmp_path)
    assert result.returncode == 0 and __version__ in result.stdout


def test_skips_virtualenvs_and_git(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {"app.py": SHORT, ".venv/lib/x.py": SHORT, "build/y.py": SHORT, "env/pyvenv.cfg": "", "env/z.py": SHORT},
    )
    result = cli("check", ".", "--format", "json", cwd=tmp_path)
    assert json.loads(result.stdout)["files_checked"] == 1


def test_syntax_error_position_and_message_are_cpythons(tmp_path: Path) -> None:
    write_project(tmp_path, {"broken.py": "x = 1\ndef f()\n    return 1\n", "app.py": SHORT})
    result = cli("check", ".", cwd=tmp_path)
    assert "broken.py:2:8: AIS001 syntax error: expected ':'" in result.stdout.splitlines()


def test_a_failing_rule_costs_only_its_own_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ai21lint.config import Config
    from ai21lint.engine import run
    from ai21lint.rules.ais203_no_harm_report import NoHarmReport

    def broken(self: object, result: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(NoHarmReport, "check", broken)
    write_project(tmp_path, {"app.py": SHORT})
    report = run([tmp_path], Config(), tmp_path)
    assert [(d.code, d.path) for d in report.diagnostics] == [("AIS000", "app.py"), ("AIS301", "app.py")]
    message = report.diagnostics[0].message
    assert "rule AIS203" in message and "RuntimeError: boom" in message and "please report it" in message


def test_a_rule_failing_on_one_file_keeps_its_findings_in_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ai21lint.config import Config
    from ai21lint.engine import run
    from ai21lint.rules import ais301_short_prompt

    real = ais301_short_prompt.describe_pieces

    def fails_on_b(result: object, pieces: object) -> str:
        if getattr(result, "focus", None) in (None, "b.py"):
            raise KeyError("boom")
        return real(result, pieces)  # type: ignore[arg-type]

    monkeypatch.setattr(ais301_short_prompt, "describe_pieces", fails_on_b)
    write_project(tmp_path, {"a.py": SHORT, "b.py": SHORT, "c.py": SHORT})
    found = [(d.code, d.path) for d in run([tmp_path], Config(), tmp_path).diagnostics]
    assert found == [("AIS301", "a.py"), ("AIS000", "b.py"), ("AIS301", "c.py")]


def test_debug_shows_the_traceback_of_an_internal_error(tmp_path: Path) -> None:
    # a rule that fails, installed the way a user's run would meet it: through a module the CLI imports
    write_project(tmp_path, {"app.py": SHORT})
    script = (
        "import sys\n"
        "from ai21lint.rules.ais203_no_harm_report import NoHarmReport\n"
        "def broken(self, result):\n"
        "    raise RuntimeError('boom')\n"
        "NoHarmReport.check = broken\n"
        "from ai21lint.cli import main\n"
        "sys.exit(main())\n"
    )
    plain = subprocess.run([sys.executable, "-c", script, "check", "."], cwd=tmp_path, capture_output=True, text=True)
    assert "app.py:1:1: AIS000 internal error in rule AIS203" in plain.stdout
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    debug = subprocess.run(
        [sys.executable, "-c", script, "check", ".", "--debug"], cwd=tmp_path, capture_output=True, text=True
    )
    assert "Traceback" in debug.stderr and "RuntimeError: boom" in debug.stderr


LOADED_MODULES = """
import sys
from ai21lint.cli import main
sys.argv = ["ai21lint", *sys.argv[1:]]
try:
    main()
except SystemExit as stop:
    print(stop.code, sorted(m for m in ("libcst", "ai21lint.analysis.interpreter") if m in sys.modules))
"""


def test_files_that_never_call_ai21_are_checked_without_loading_the_analysis(tmp_path: Path) -> None:
    # the pre-commit case: most commits touch no AI21 code, and LibCST alone takes longer to import than flake8 runs
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "util.py").write_text("import os\n\n\ndef home():\n    return os.path.expanduser('~')\n")
    (tmp_path / "app.py").write_text(SHORT)
    run = [sys.executable, "-c", LOADED_MODULES, "check", "--no-cache"]
    plain = subprocess.run([*run, "util.py"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert plain.stdout.splitlines()[-1] == "0 []"
    ai21 = subprocess.run([*run, "app.py"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert ai21.stdout.splitlines()[-1] == "1 ['ai21lint.analysis.interpreter', 'libcst']"


def test_the_rule_table_names_every_rule_by_its_code() -> None:
    from ai21lint.rules import all_rules, known_codes, rule_by_code

    assert known_codes() == [rule.code for rule in all_rules()]
    assert all(rule_by_code(code).code == code for code in known_codes())  # type: ignore[union-attr]
