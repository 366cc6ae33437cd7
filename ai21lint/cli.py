"""The command line: `ai21lint check`, `ai21lint rules`. It only configures and calls the engine.

Exit status: 0 no diagnostics, 1 diagnostics, 2 usage or configuration error (SPEC.md, Output).
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Optional

import click

from ai21lint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> click.exceptions.Exit:
    click.echo(f"ai21lint: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="ai21lint")
def cli() -> None:
    """Check Python applications that call AI21 Studio models against AI21's usage guidelines."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--select", multiple=True, metavar="CODES", help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rule codes or prefixes (comma-separated).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A pyproject.toml (or TOML file with an [ai21lint] table) to read instead of the project's.",
)
@click.option("--min-prompt-chars", type=int, default=None, help="Guideline-3 threshold (default 60).")
@click.option("--exit-zero", is_flag=True, help="Exit with status 0 even when there are diagnostics.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(
    paths: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: Optional[Path],
    min_prompt_chars: Optional[int],
    exit_zero: bool,
    debug: bool,
) -> None:
    """Check PATHS (files or directories; default: the current directory)."""
    from ai21lint import engine
    from ai21lint.config import ConfigError, load_config, split_codes, validate_codes, validate_min_chars
    from ai21lint.rules import known_codes

    targets = list(paths) or [Path(".")]
    root = engine.resolve_root(targets)
    codes = known_codes()
    try:
        if config_path is not None and not config_path.is_file():
            raise ConfigError(f"config file {config_path} does not exist")
        source = config_path or (root / "pyproject.toml" if (root / "pyproject.toml").is_file() else None)
        config = load_config(source, codes)
        if select:
            config = config.with_overrides(select=validate_codes(split_codes(select), tuple(codes), "--select"))
        if ignore:
            config = config.with_overrides(ignore=validate_codes(split_codes(ignore), tuple(codes), "--ignore"))
        if min_prompt_chars is not None:
            config = config.with_overrides(min_prompt_chars=validate_min_chars(min_prompt_chars, "--"))
    except ConfigError as error:
        raise _fail(str(error)) from None
    try:
        report = engine.run(targets, config, root)
    except Exception as error:  # a bug of ours: say so plainly, never a bare traceback
        if debug:
            traceback.print_exc()
        raise _fail(
            f"internal error: {type(error).__name__}: {error} (please report it; --debug shows the traceback)"
        ) from None
    for note in report.notes:
        click.echo(f"ai21lint: note: {note}", err=True)
    for missing in report.missing:
        click.echo(f"ai21lint: error: {missing}: no such file or directory", err=True)
    if output_format == "json":
        from ai21lint.reporters import json_report

        json_report.render(report, sys.stdout)
    else:
        from ai21lint.reporters import text

        text.render(report, sys.stdout)
    if report.missing:
        raise click.exceptions.Exit(EXIT_USAGE)
    if report.diagnostics and not exit_zero:
        raise click.exceptions.Exit(EXIT_FINDINGS)


@cli.command()
@click.argument("code", required=False)
def rules(code: Optional[str]) -> None:
    """List the rules, or show the documentation of rule CODE."""
    from ai21lint.rules import all_rules, rule_by_code
    from ai21lint.rules.base import render_page

    if code is not None:
        rule = rule_by_code(code)
        if rule is None:
            raise _fail(f"unknown rule code '{code}' (run `ai21lint rules` for the list)")
        click.echo(render_page(rule), nl=False)
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
