"""Benchmark ai21lint against ruff, flake8, bandit and a bare LibCST parse, on a corpus built on this machine.

The corpus ("the monorepo") is the running interpreter's standard library, Django's source from the package index
and a few hundred generated AI21 apps (see generate_apps.py). Every command runs as a subprocess, repeated, and the
median wall time, CPU time (user + system, child processes included) and peak resident memory are reported, with
each row's wall time as a ratio of the `ai21lint audit cold` row, followed by a PASS/FAIL check of the performance
targets. Standard library only; tools that are not installed are skipped with a note.

Usage: python benchmarks/run.py [--workdir DIR] [--repeat 3] [--repeat-slow 1] [--apps 300] [--skip-download]
                                [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate_apps  # noqa: E402  (a sibling module, importable once HERE is on sys.path)

DJANGO_REQUIREMENT = "django>=5.2,<5.3"
REFERENCE = "ai21lint audit cold"
STDLIB_SKIP = {"site-packages", "dist-packages", "__pycache__"}
DEFAULT_CACHE_DIR = ".ai21lint_cache"  # where ai21lint keeps its cache when not told otherwise
PARSE_SCRIPT = """\
import pathlib, sys
import libcst
failed = 0
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.py")):
    try:
        libcst.parse_module(path.read_bytes())
    except Exception:
        failed += 1
print(f"{failed} files failed to parse", file=sys.stderr)
"""


# --------------------------------------------------------------------------------------------------------------------
# Measuring one command


@dataclass
class Sample:
    wall_s: float
    cpu_s: Optional[float]  # user + system of the child and the processes it waited for
    peak_mb: Optional[float]  # largest resident set of the child or one of its waited-for descendants
    returncode: int
    timed_out: bool = False


def measure(cmd: Sequence[str], cwd: Path, env: Dict[str, str], timeout: float) -> Tuple[Sample, str]:
    """Run `cmd` once with stdout discarded; return its figures and the tail of its standard error."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(cmd), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            process.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(process.pid, 0)
                wall = time.perf_counter() - start
                process.returncode = os.waitstatus_to_exitcode(status)
                cpu: Optional[float] = usage.ru_utime + usage.ru_stime
                # ru_maxrss is in kilobytes on Linux and the BSDs, in bytes on macOS
                peak: Optional[float] = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
            else:  # no rusage of a single child (Windows): wall time only
                process.wait()
                wall = time.perf_counter() - start
                cpu = peak = None
        finally:
            timer.cancel()
        stderr.seek(0)
        tail = stderr.read()[-2000:].decode("utf-8", "replace")
    return Sample(wall, cpu, peak, process.returncode, killed.is_set()), tail


@dataclass
class Bench:
    """One row of the table: a command, how often to run it and what to do around each run."""

    name: str
    group: str
    cmd: List[str]
    repeat: int
    env: Optional[Dict[str, str]] = None
    before_each: Optional[Callable[[], None]] = None  # e.g. delete the cache directory (a cold run)
    prime: bool = False  # one untimed run first (a warm run)
    ok_codes: Sequence[int] = (0,)  # exit statuses that mean it worked
    samples: List[Sample] = field(default_factory=list)
    error: str = ""

    def median(self, attribute: str) -> Optional[float]:
        values = [getattr(s, attribute) for s in self.samples if getattr(s, attribute) is not None]
        return statistics.median(values) if values else None

    @property
    def ok(self) -> bool:
        return bool(self.samples) and not self.error


def run_bench(bench: Bench, cwd: Path, base_env: Dict[str, str], timeout: float) -> None:
    env = dict(base_env, **(bench.env or {}))

    def once() -> Optional[Sample]:
        sample, tail = measure(bench.cmd, cwd, env, timeout)
        if sample.timed_out:
            bench.error = f"timed out after {timeout:.0f}s"
        elif sample.returncode not in bench.ok_codes:
            bench.error = f"exit status {sample.returncode}: {tail.strip()[-600:]}"
        return None if bench.error else sample

    print(f"  {bench.name} ...", end="", flush=True)
    if bench.prime:  # a warm run: fill the cache once, untimed
        if bench.before_each:
            bench.before_each()
        once()
    for _ in range(0 if bench.error else bench.repeat):
        if bench.before_each and not bench.prime:
            bench.before_each()
        sample = once()
        if sample is None:
            break
        bench.samples.append(sample)
        print(f" {sample.wall_s:.2f}s", end="", flush=True)
    print()
    if bench.error:
        print(f"    FAILED, {textblock(bench.error, '    ').lstrip()}")


def textblock(text: str, indent: str) -> str:
    return "\n".join(indent + line for line in text.splitlines())


# --------------------------------------------------------------------------------------------------------------------
# Building the corpus


def copy_stdlib(destination: Path, marker: Path) -> None:
    source = Path(sysconfig.get_paths()["stdlib"])
    stamp = f"{source} {platform.python_version()}"
    if destination.is_dir() and marker.is_file() and marker.read_text() == stamp:
        print(f"stdlib: reusing {destination}")
        return
    shutil.rmtree(destination, ignore_errors=True)

    def ignore(_directory: str, names: List[str]) -> List[str]:
        return [n for n in names if n in STDLIB_SKIP or n.endswith((".pyc", ".pyo"))]

    print(f"stdlib: copying {source} (without site-packages and __pycache__) ...")
    try:
        shutil.copytree(source, destination, symlinks=True, ignore=ignore)
    except shutil.Error as error:  # unreadable files: the rest is copied
        print(f"stdlib: {len(error.args[0])} files could not be copied")
    marker.write_text(stamp)


def fetch_django(workdir: Path, destination: Path, skip_download: bool) -> None:
    if destination.is_dir() and any(destination.glob("django/__init__.py")):
        print(f"django: reusing {destination}")
        return
    downloads = workdir / "dl"
    wheels = sorted(downloads.glob("[Dd]jango-5.2*.whl"))
    if not wheels and not skip_download:
        print(f'django: python -m pip download "{DJANGO_REQUIREMENT}" ...')
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", DJANGO_REQUIREMENT, "--no-deps", "--only-binary", ":all:"]
            + ["-d", str(downloads), "--disable-pip-version-check", "-q"],
            capture_output=True,
            text=True,
        )
        if result.returncode:
            print(f"django: download failed, the monorepo has no Django:\n{textblock(result.stderr.strip(), '  ')}")
        wheels = sorted(downloads.glob("[Dd]jango-5.2*.whl"))
    if not wheels:
        print("django: no wheel in the download directory (--skip-download?); the monorepo has no Django")
        return
    shutil.rmtree(destination, ignore_errors=True)
    with zipfile.ZipFile(wheels[-1]) as wheel:
        wheel.extractall(destination)
    print(f"django: unpacked {wheels[-1].name}")


def python_files(root: Path) -> List[Path]:
    return [p for p in root.rglob("*.py") if p.is_file()] if root.is_dir() else []


def corpus_stats(mono: Path) -> Dict[str, Dict[str, int]]:
    """Python files and lines in each part of the monorepo; reading them also warms the OS file cache."""
    stats = {}
    for part in sorted(p for p in mono.iterdir() if p.is_dir()):
        files = python_files(part)
        lines = sum(f.read_bytes().count(b"\n") for f in files)
        stats[part.name] = {"files": len(files), "lines": lines}
    return stats


def pick_small_file(apps: Path) -> Optional[Path]:
    """A small AI21 app module: the smallest file of a one-module app, else the smallest app module at all."""
    single = []
    for app in sorted(apps.iterdir()):
        modules = python_files(app)
        if len(modules) == 1:
            single.append(modules[0])
    candidates = single or [f for f in python_files(apps) if f.name != "__init__.py"]
    return min(candidates, key=lambda f: (f.stat().st_size, str(f))) if candidates else None


# --------------------------------------------------------------------------------------------------------------------
# Tools


def works(cmd: Sequence[str], env: Optional[Dict[str, str]] = None) -> Optional[str]:
    """`cmd`'s output on one line (at most 120 characters) when it runs successfully, else None."""
    try:
        result = subprocess.run(list(cmd), capture_output=True, text=True, env=env, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return " ".join((result.stdout or result.stderr or "?").split())[:120]


def find_tool(name: str) -> Tuple[Optional[List[str]], str]:
    """How to run tool `name` (its executable, else `python -m name`) and its version; (None, note) if missing."""
    path = shutil.which(name)
    if path:
        version = works([path, "--version"])
        if version:
            return [path], version
    version = works([sys.executable, "-m", name, "--version"])
    if version:
        return [sys.executable, "-m", name], version
    return None, f"{name} is not installed (pip install {name}); its rows are skipped"


def find_flake8() -> Tuple[Optional[List[str]], str]:
    """flake8 without ai21lint's flake8 plugin (see flake8_plain.py), else flake8 as installed."""
    plain = [sys.executable, str(HERE / "flake8_plain.py")]
    version = works(plain + ["--version"])
    if version:
        return plain, version
    command, version = find_tool("flake8")
    if command and "ai21lint" in version:
        version += " -- NOTE: includes the ai21lint flake8 plugin"
    return command, version


class Ai21lint:
    """How to run the ai21lint under test, and which of the newer options it has."""

    OPTIONS = ("--jobs", "--cache-dir", "--no-cache")

    def __init__(self) -> None:
        self.env: Dict[str, str] = {}
        if (REPO / "ai21lint" / "__init__.py").is_file():  # a checkout: measure its code, installed or not
            self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
        self.base = [sys.executable, "-m", "ai21lint"]
        self.version = works(self.base + ["--version"], self.full_env())
        self.options: Dict[str, set] = {}
        for sub in ("check", "audit"):
            help_text = output_of(self.base + [sub, "--help"], self.full_env())
            self.options[sub] = {o for o in self.OPTIONS if re.search(rf"(?<![\w-]){o}(?![\w-])", help_text)}

    def full_env(self) -> Dict[str, str]:
        return dict(os.environ, **self.env)

    def has(self, sub: str, option: str) -> bool:
        return option in self.options.get(sub, set())


def output_of(cmd: Sequence[str], env: Dict[str, str]) -> str:
    try:
        return subprocess.run(list(cmd), capture_output=True, text=True, env=env, timeout=120).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


# --------------------------------------------------------------------------------------------------------------------
# The rows


def remover(path: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(path, ignore_errors=True)


def ai21lint_benches(
    tool: Ai21lint, mono: Path, apps: Path, small: Optional[Path], caches: Path, repeat: int, notes: List[str]
) -> Tuple[List[Bench], List[Bench], List[Bench]]:
    """The ai21lint rows of the monorepo, single-file and AI21-apps groups."""
    monorepo: List[Bench] = []
    variants = [("audit", None, False), ("audit", 1, False), ("audit", None, True), ("audit", 1, True)]
    variants += [("check", None, False), ("check", None, True)]
    for sub, jobs, warm in variants:
        name = f"ai21lint {sub} {'warm' if warm else 'cold'}" + (" --jobs 1" if jobs else "")
        cmd = tool.base + [sub, str(mono), "--exit-zero"]
        if jobs:
            if not tool.has(sub, "--jobs"):
                notes.append(f"{name}: skipped, `ai21lint {sub}` has no --jobs option yet")
                continue
            cmd += ["--jobs", str(jobs)]
        if tool.has(sub, "--cache-dir"):
            cache = caches / name.replace(" ", "_").replace("--", "")
            cmd += ["--cache-dir", str(cache)]
            before = remover(cache)
        elif warm:
            notes.append(f"{name}: skipped, `ai21lint {sub}` has no --cache-dir option yet")
            continue
        elif tool.has(sub, "--no-cache"):
            cmd += ["--no-cache"]
            before = None
        else:  # no cache options: nothing to warm, but clear a default cache in case there is one
            before = remover(mono / DEFAULT_CACHE_DIR)
        monorepo.append(Bench(name, "monorepo", cmd, repeat, tool.env, before, prime=warm))

    def uncached(sub: str, label: str) -> List[str]:
        if tool.has(sub, "--no-cache"):
            return ["--no-cache"]
        if tool.has(sub, "--cache-dir"):
            return ["--cache-dir", str(caches / f"unused-{label}")]
        notes.append(f"{label}: `ai21lint {sub}` has no --no-cache option yet; run as is")
        return []

    single: List[Bench] = []
    if small is not None:
        name = "ai21lint check FILE"
        cmd = tool.base + ["check", str(small), "--exit-zero"] + uncached("check", name)
        single.append(Bench(name, "single file", cmd, repeat, tool.env, remover(caches / f"unused-{name}")))

    name = "ai21lint check ai21apps --jobs 1"
    cmd = tool.base + ["check", str(apps), "--exit-zero"] + uncached("check", name)
    if tool.has("check", "--jobs"):
        cmd += ["--jobs", "1"]
    else:
        notes.append(f"{name}: `ai21lint check` has no --jobs option yet; run with its default (one process today)")
    apps_rows = [Bench(name, "AI21 apps", cmd, repeat, tool.env, remover(caches / f"unused-{name}"))]
    return monorepo, single, apps_rows


def linter_benches(
    mono: Path, small: Optional[Path], repeat: int, repeat_slow: int, notes: List[str], versions: Dict[str, str]
) -> Tuple[List[Bench], List[Bench]]:
    """ruff, flake8 and bandit on the monorepo, and ruff and flake8 on the small file."""
    monorepo: List[Bench] = []
    single: List[Bench] = []
    found = {"ruff": find_tool("ruff"), "flake8": find_flake8(), "bandit": find_tool("bandit")}
    for tool, (command, version) in found.items():
        if command is None:
            notes.append(version)  # why it is missing
        else:
            versions[tool] = version
    ruff, flake8, bandit = (found[tool][0] for tool in ("ruff", "flake8", "bandit"))
    # --isolated: ignore any configuration file, so these are the tools' default rules
    if ruff:
        monorepo.append(
            Bench(
                "ruff check", "monorepo", ruff + ["check", "--no-cache", "--exit-zero", "--isolated", str(mono)], repeat
            )
        )
    if flake8:
        monorepo.append(Bench("flake8", "monorepo", flake8 + ["--isolated", str(mono)], repeat_slow, ok_codes=(0, 1)))
    if bandit:
        monorepo.append(Bench("bandit -r", "monorepo", bandit + ["-r", "-q", str(mono)], repeat_slow, ok_codes=(0, 1)))
    if small is not None:
        if flake8:
            single.append(
                Bench("flake8 FILE", "single file", flake8 + ["--isolated", str(small)], repeat, ok_codes=(0, 1))
            )
        if ruff:
            single.append(
                Bench(
                    "ruff check FILE",
                    "single file",
                    ruff + ["check", "--no-cache", "--exit-zero", "--isolated", str(small)],
                    repeat,
                )
            )
    return monorepo, single


# --------------------------------------------------------------------------------------------------------------------
# Report


@dataclass
class Target:
    name: str
    value: Optional[float]
    goal: str  # e.g. "<= 1"
    unit: str = "x"

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "n/a"
        operator, bound = self.goal.split()
        limit = float(bound)
        passed = {"<=": self.value <= limit, ">=": self.value >= limit, "<": self.value < limit}[operator]
        return "PASS" if passed else "FAIL"


def targets(rows: Dict[str, Bench]) -> List[Target]:
    def wall(name: str) -> Optional[float]:
        bench = rows.get(name)
        return bench.median("wall_s") if bench is not None and bench.ok else None

    def ratio(a: str, b: str) -> Optional[float]:
        x, y = wall(a), wall(b)
        return x / y if x is not None and y else None

    peaks = [b.median("peak_mb") for b in rows.values() if b.name.startswith("ai21lint") and b.ok]
    peaks = [p for p in peaks if p is not None]
    return [
        Target("audit cold / ruff check (monorepo)", ratio(REFERENCE, "ruff check"), "<= 1"),
        Target("bandit -r / audit cold (monorepo)", ratio("bandit -r", REFERENCE), ">= 20"),
        Target("audit warm / audit cold (monorepo)", ratio("ai21lint audit warm", REFERENCE), "<= 0.25"),
        Target("check FILE / flake8 FILE (single file)", ratio("ai21lint check FILE", "flake8 FILE"), "<= 1"),
        Target("max ai21lint peak memory", max(peaks) if peaks else None, "< 300", " MB"),
        Target(
            "ai21lint check / libcst parse (AI21 apps)",
            ratio("ai21lint check ai21apps --jobs 1", "libcst.parse_module ai21apps"),
            "<= 2",
        ),
    ]


def fmt(value: Optional[float], digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(benches: List[Bench], reference: Optional[float]) -> None:
    header = f"{'name':<36} {'runs':>4} {'wall s':>9} {'CPU s':>9} {'peak MB':>9} {'vs audit cold':>14}"
    group = None
    print(header)
    print("-" * len(header))
    for bench in benches:
        if bench.group != group:
            group = bench.group
            print(f"[{group}]")
        wall = bench.median("wall_s")
        ratio = f"{wall / reference:.2f}x" if wall is not None and reference else "-"
        if not bench.ok:
            ratio = "FAILED"
        print(
            f"{bench.name:<36} {len(bench.samples):>4} {fmt(wall):>9} {fmt(bench.median('cpu_s')):>9}"
            f" {fmt(bench.median('peak_mb'), 0):>9} {ratio:>14}"
        )


def print_targets(found: List[Target]) -> None:
    print(f"{'target':<44} {'value':>10} {'goal':>10}  verdict")
    for target in found:
        value = "-" if target.value is None else f"{target.value:.2f}{target.unit}"
        print(f"{target.name:<44} {value:>10} {target.goal + target.unit.strip():>10}  {target.verdict}")


# --------------------------------------------------------------------------------------------------------------------


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "ai21lint-bench",
        help="where the corpus, downloads and caches go (default: %(default)s)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the median is reported (default 3)")
    parser.add_argument(
        "--repeat-slow", type=int, default=1, help="runs of flake8 and bandit on the monorepo (default 1)"
    )
    parser.add_argument("--apps", type=int, default=300, help="generated AI21 apps in the corpus (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated apps (default 0)")
    parser.add_argument("--skip-download", action="store_true", help="do not download Django (reuse it if present)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before one run is killed (default 3600)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the raw figures to this JSON file")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.repeat_slow < 1 or args.apps < 1:
        parser.error("--repeat, --repeat-slow and --apps must be at least 1")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    workdir: Path = args.workdir.resolve()
    mono = workdir / "mono"
    apps = mono / "ai21apps"
    caches = workdir / "caches"
    mono.mkdir(parents=True, exist_ok=True)
    notes: List[str] = []

    copy_stdlib(mono / "stdlib", workdir / "stdlib.stamp")
    fetch_django(workdir, mono / "django", args.skip_download)
    shutil.rmtree(apps, ignore_errors=True)
    generate_apps.generate(apps, args.apps, args.seed)
    print(f"ai21apps: generated {args.apps} apps (seed {args.seed})")
    stats = corpus_stats(mono)
    small = pick_small_file(apps)

    versions: Dict[str, str] = {"python": f"{platform.python_implementation()} {platform.python_version()}"}
    libcst_version = works([sys.executable, "-c", "import importlib.metadata as m; print(m.version('libcst'))"])
    tool = Ai21lint()
    benches: List[Bench] = []
    single: List[Bench] = []
    apps_rows: List[Bench] = []
    if tool.version is None:
        notes.append("ai21lint cannot be run with this interpreter (pip install -e .); its rows are skipped")
    else:
        versions["ai21lint"] = tool.version
        benches, single, apps_rows = ai21lint_benches(tool, mono, apps, small, caches, args.repeat, notes)
    linters, linter_single = linter_benches(mono, small, args.repeat, args.repeat_slow, notes, versions)
    benches += linters
    single += linter_single
    if libcst_version:
        versions["libcst"] = libcst_version
        parse = [sys.executable, "-c", PARSE_SCRIPT, str(apps)]
        apps_rows.append(Bench("libcst.parse_module ai21apps", "AI21 apps", parse, args.repeat))
    else:
        notes.append("libcst is not importable by this interpreter; the parse baseline is skipped")
    benches += single + apps_rows

    print()
    print(f"python {versions['python']} on {platform.platform()}, {os.cpu_count()} CPUs")
    for name, version in versions.items():
        if name != "python":
            print(f"  {name}: {version}")
    print(f"corpus {mono}:")
    for part, figures in stats.items():
        print(f"  {part:<10} {figures['files']:>6} .py files {figures['lines']:>9} lines")
    if small is not None:
        lines = small.read_bytes().count(b"\n")
        print(f"single file: {small.relative_to(mono)} ({lines} lines)")
    for note in notes:
        print(f"note: {note}")

    print(f"\nrunning (repeat {args.repeat}, flake8/bandit on the monorepo {args.repeat_slow}):")
    caches.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    for bench in benches:
        run_bench(bench, workdir, env, args.timeout)
    shutil.rmtree(caches, ignore_errors=True)

    rows = {b.name: b for b in benches}
    reference = rows[REFERENCE].median("wall_s") if REFERENCE in rows and rows[REFERENCE].ok else None
    print()
    print_table(benches, reference)
    print()
    found = targets(rows)
    print_targets(found)

    if args.json:
        report = {
            "versions": versions,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "corpus": {"path": str(mono), "parts": stats, "single_file": str(small) if small else None},
            "options": {k: v for k, v in vars(args).items() if k != "json"},
            "notes": notes,
            "rows": [
                {
                    "name": b.name,
                    "group": b.group,
                    "command": b.cmd,
                    "median_wall_s": b.median("wall_s"),
                    "median_cpu_s": b.median("cpu_s"),
                    "median_peak_mb": b.median("peak_mb"),
                    "error": b.error or None,
                    "runs": [asdict(s) for s in b.samples],
                }
                for b in benches
            ],
            "targets": [dict(asdict(t), verdict=t.verdict) for t in found],
        }
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
