"""Positions from CPython's parser (ai21lint/analysis/positions.py) must equal LibCST's PositionProvider, node for
node, on real code.

    python benchmarks/positions_check.py DIR [DIR ...]

For every .py file under the given directories that LibCST parses, it computes both and prints the files, how many
nodes were placed and agreed, which kinds fell back to PositionProvider in how many files, and every disagreement.
The exit status is 1 if any placed node's position differs. The stdlib and Django (`real_code.py` builds them under
the benchmark workdir) take several minutes: PositionProvider is the slow side.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path
from typing import Optional, Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from ai21lint.analysis import positions

KINDS = ("call", "attribute", "return", "string", "def", "class")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("roots", nargs="+", type=Path)
    options = parser.parse_args(argv)
    stats: collections.Counter[str] = collections.Counter()
    for root in options.roots:
        for path in sorted(root.rglob("*.py")):
            try:
                text = path.read_text(encoding="utf-8")
                tree = cst.parse_module(text)
                real = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)
            except Exception:  # not UTF-8, or syntax LibCST rejects: nothing to compare
                stats["skipped"] += 1
                continue
            placed, kinds = positions.positions(text, tree)
            stats["files"] += 1
            for kind in KINDS:
                if kind not in kinds:
                    stats[f"fell back: {kind}"] += 1
            for node, where in placed.items():
                if real[node] == where:
                    stats["agreed"] += 1
                else:
                    stats["DIFFERENT"] += 1
                    print(f"{path}: {type(node).__name__} placed at {where}, PositionProvider says {real[node]}")
    for key, count in sorted(stats.items()):
        print(f"{key}: {count}")
    return 1 if stats["DIFFERENT"] else 0


if __name__ == "__main__":
    sys.exit(main())
