"""The command line: `ai21lint check`, `ai21lint audit`, `ai21lint rules`. It only configures and calls the engine.

Exit status: 0 no diagnostics, 1 diagnostics, 2 usage or configuration error (SPEC.md, Output).
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, TextIO

import click

from ai21lint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
PROGRESS_MIN_FILES = 200  # below this a run is quick enough that a progress bar only flickers

# format -> (module in ai21lint.reporters, function): the check reporters render a Report, the audit ones an Audit.
REPORTERS = {
    "text": ("text", "render"),
    "json": ("json_report", "render"),
    "sarif": ("sarif", "render"),
    "github": ("github", "render"),
}
AUDIT_REPORTERS = {
    "text": ("audit_text", "render"),
    "json": ("json_report", "render_audit"),
    "markdown": ("markdown", "render"),
    "html": ("html_report", "render"),
}
CHECK_FORMATS = list(REPORTERS)
AUDIT_FORMATS = [*REPORTERS, "markdown", "html"]


def _reporter(entry: tuple[str, str]) -> Callable[[Any, TextIO], None]:
    import importlib

    module, function = entry
    return getattr(importlib.import_module(f"ai21lint.reporters.{module}"), function)  # type: ignore[no-any-return]


def _fail(message: str) -> click.exceptions.Exit:
    click.echo(f"ai21lint: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="ai21lint")
def cli() -> None:
    """Check Python applications that call AI21 Studio models against AI21's usage guidelines."""


def _common_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--select", multiple=True, metavar="CODES", help="Only these rule codes or prefixes (comma-separated)."
        ),
        click.option(
            "--ignore", multiple=True, metavar="CODES", help="Skip these rule codes or prefixes (comma-separated)."
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="A pyproject.toml (or TOML file with an [ai21lint] table) to read instead of the project's.",
        ),
        click.option("--min-prompt-chars", type=int, default=None, help="Guideline-3 threshold (default 60)."),
        click.option(
            "--output",
            "-o",
            "output_path",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="Write the report to this file instead of standard output.",
        ),
        click.option(
            "--baseline",
            "baseline_path",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="Report only findings that this baseline file does not record.",
        ),
        click.option(
            "--write-baseline",
            "write_baseline_path",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="Record today's findings in this file (then exit 0).",
        ),
        click.option("--exit-zero", is_flag=True, help="Exit with status 0 even when there are diagnostics."),
        click.option(
            "--no-prefilter",
            is_flag=True,
            help="Parse every file, not only those that can hold findings (slower; also reports AIS001 for "
            "unparsable files that have nothing to do with AI21).",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            default=None,
            help="Worker processes (default: the machine's CPUs). Apps are analysed in parallel; the output is the "
            "same for any number.",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache."),
        click.option(
            "--cache-dir",
            type=click.Path(path_type=Path, file_okay=False),
            default=None,
            help="Where to keep the result cache (default: .ai21lint_cache in the project root).",
        ),
        click.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(CHECK_FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@_common_options
def check(paths: tuple[Path, ...], output_format: str, **options: Any) -> None:
    """Check PATHS (files or directories; default: the current directory)."""
    report = _run(list(paths) or [Path(".")], options)
    with _output(options["output_path"]) as stream:
        _reporter(REPORTERS[output_format])(report, stream)
    _exit(report, options)


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(AUDIT_FORMATS),
    default="text",
    show_default=True,
    help="Output format (markdown and html are self-contained reports).",
)
@_common_options
def audit(path: Optional[Path], output_format: str, **options: Any) -> None:
    """Audit the repository at PATH (default: the current directory) for a compliance reviewer: every completion
    call site, a checklist of guidelines 1-5, and the project-level evidence."""
    from ai21lint.audit import build_audit

    report = _run([path or Path(".")], options, whole_repository=True)
    findings = build_audit(report)
    with _output(options["output_path"]) as stream:
        if output_format in AUDIT_REPORTERS:
            _reporter(AUDIT_REPORTERS[output_format])(findings, stream)
        else:
            _reporter(REPORTERS[output_format])(report, stream)
    _exit(report, options)


def _run(targets: list[Path], options: dict[str, Any], whole_repository: bool = False) -> Any:
    from ai21lint import baseline, engine, units
    from ai21lint.cache import DIRECTORY_NAME as CACHE_DIRECTORY
    from ai21lint.config import ConfigError, load_config, split_codes, validate_codes, validate_min_chars
    from ai21lint.rules import known_codes

    if whole_repository:
        target = targets[0]
        if not target.is_dir():
            raise _fail(f"{target}: not a directory (audit takes the root of a repository)")
        root: Optional[Path] = target.resolve()
    else:
        root = engine.resolve_root(targets)
    codes = known_codes()
    config_path = options["config_path"]
    try:
        if config_path is not None and not config_path.is_file():
            raise ConfigError(f"config file {config_path} does not exist")
        assert root is not None
        source = config_path or (root / "pyproject.toml" if (root / "pyproject.toml").is_file() else None)
        config = load_config(source, codes)
        if options["select"]:
            config = config.with_overrides(
                select=validate_codes(split_codes(options["select"]), tuple(codes), "--select")
            )
        if options["ignore"]:
            config = config.with_overrides(
                ignore=validate_codes(split_codes(options["ignore"]), tuple(codes), "--ignore")
            )
        if options["min_prompt_chars"] is not None:
            config = config.with_overrides(min_prompt_chars=validate_min_chars(options["min_prompt_chars"], "--"))
        recorded = baseline.load(options["baseline_path"]) if options["baseline_path"] is not None else None
    except ConfigError as error:
        raise _fail(str(error)) from None
    try:
        with _progress() as progress:
            report = units.run_units(
                targets,
                config,
                root,
                progress=progress,
                prefilter=not options["no_prefilter"],
                jobs=options["jobs"] or units.default_jobs(),
                cache_dir=None if options["no_cache"] else (options["cache_dir"] or root / CACHE_DIRECTORY),
                audit=whole_repository,
            )
    except Exception as error:  # a bug of ours: say so plainly, never a bare traceback
        if options["debug"]:
            traceback.print_exc()
        raise _fail(
            f"internal error: {type(error).__name__}: {error} (please report it; --debug shows the traceback)"
        ) from None
    for note in report.notes:
        click.echo(f"ai21lint: note: {note}", err=True)
    if options["debug"]:
        cached, total = report.units_from_cache
        click.echo(f"ai21lint: debug: {cached} of {total} units from the cache", err=True)
        for failure in report.internal_errors:
            click.echo(f"ai21lint: internal error in {failure.what} on {failure.path}:\n{failure.traceback}", err=True)
    for missing in report.missing:
        click.echo(f"ai21lint: error: {missing}: no such file or directory", err=True)
    try:
        if options["write_baseline_path"] is not None:
            baseline.write(report, options["write_baseline_path"])
            click.echo(
                f"ai21lint: recorded {len(report.diagnostics)} findings in {options['write_baseline_path']}", err=True
            )
        if recorded is not None:
            report = baseline.subtract(report, recorded)
    except ConfigError as error:
        raise _fail(str(error)) from None
    return report


@contextlib.contextmanager
def _progress() -> Iterator[Optional[Callable[[int, int], None]]]:
    """A progress bar on standard error, only on a terminal and only for runs long enough to wait for."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task: list[Any] = []

    def update(done: int, total: int) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        if not task:
            bar.start()
            task.append(bar.add_task("analysing", total=total))
        bar.update(task[0], completed=done)

    try:
        yield update
    finally:
        if task:
            bar.stop()


@contextlib.contextmanager
def _output(path: Optional[Path]) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8")
    except OSError as error:
        raise _fail(f"cannot write {path}: {error.strerror or error}") from None
    with handle:
        yield handle


def _exit(report: Any, options: dict[str, Any]) -> None:
    if report.missing:
        raise click.exceptions.Exit(EXIT_USAGE)
    if options["write_baseline_path"] is not None or options["exit_zero"]:
        return
    if report.diagnostics:
        raise click.exceptions.Exit(EXIT_FINDINGS)


@cli.command()
@click.argument("code", required=False)
@click.option(
    "--write-docs",
    "docs_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write every rule's page as Markdown into this directory (docs/rules in this repository).",
)
def rules(code: Optional[str], docs_dir: Optional[Path]) -> None:
    """List the rules, or show the documentation of rule CODE."""
    from ai21lint.rules import all_rules, rule_by_code
    from ai21lint.rules.base import render_index, render_page

    if docs_dir is not None:
        try:
            docs_dir.mkdir(parents=True, exist_ok=True)
            for rule in all_rules():
                (docs_dir / f"{rule.code}.md").write_text(render_page(rule), encoding="utf-8")
            (docs_dir / "README.md").write_text(render_index(), encoding="utf-8")
        except OSError as error:
            raise _fail(f"cannot write {docs_dir}: {error.strerror or error}") from None
        return
    if code is not None:
        page = rule_by_code(code)
        if page is None:
            raise _fail(f"unknown rule code '{code}' (run `ai21lint rules` for the list)")
        click.echo(render_page(page), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="ai21lint rules")
    for column in ("code", "name", "severity", "guideline", "flags"):
        table.add_column(column)
    for rule in all_rules():
        table.add_row(rule.code, rule.name, rule.severity.value, rule.guideline, rule.summary)
    Console(highlight=False).print(table)


def main() -> None:
    cli(prog_name="ai21lint")
