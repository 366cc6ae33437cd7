"""Full analysis of real code: the running interpreter's standard library and Django's source, every file parsed
and analysed (`--no-prefilter`), must finish with no traceback and no internal error (AIS000).

    python benchmarks/real_code.py [--workdir DIR] [--skip-download]

It builds the same corpus as `run.py` (without the generated apps), runs `ai21lint check --no-prefilter --no-cache
--debug` on each tree, and prints per tree: files, wall time, peak memory (the largest run so far), diagnostics by
code, internal errors and tracebacks. The exit status is 1 if any run failed, left a traceback or reported an
internal error.
"""

from __future__ import annotations

import argparse
import collections
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import copy_stdlib, fetch_django, python_files  # noqa: E402


def check(tree: Path) -> bool:
    command = [sys.executable, "-m", "ai21lint", "check", ".", "--no-prefilter", "--no-cache", "--debug"]
    command += ["--format", "json", "--exit-zero"]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far, in MB
    tracebacks = stderr.count("Traceback (most recent call last)")
    try:
        document = json.loads(stdout)
    except ValueError:
        print(f"{tree.name}: no JSON output (exit {process.returncode})\n{stderr[-2000:]}")
        return False
    codes = collections.Counter(d["code"] for d in document["diagnostics"])
    internal = [d for d in document["diagnostics"] if d["code"] == "AIS000"]
    files = len(python_files(tree))
    print(f"{tree.name}: {files} .py files, {document['files_checked']} checked, {wall:.1f} s, peak {peak:.0f} MB")
    print(f"  exit status {process.returncode}, tracebacks {tracebacks}, internal errors (AIS000) {len(internal)}")
    print(f"  diagnostics: {dict(sorted(codes.items()))}")
    for diagnostic in internal[:20]:
        print(f"  {diagnostic['path']}: {diagnostic['message']}")
    return process.returncode == 0 and tracebacks == 0 and not internal


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ai21lint-bench")
    parser.add_argument("--skip-download", action="store_true", help="do not download Django")
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    options = parse_args(argv)
    real = options.workdir / "real"
    real.mkdir(parents=True, exist_ok=True)
    copy_stdlib(real / "stdlib", options.workdir / "real-stdlib.stamp")
    fetch_django(options.workdir, real / "django", options.skip_download)
    trees: List[Path] = [tree for tree in (real / "stdlib", real / "django") if tree.is_dir()]
    results = [check(tree) for tree in trees]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
