"""Positions from CPython's parser (analysis/positions.py) must be LibCST's PositionProvider's, node for node."""

from __future__ import annotations

import sys
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from ai21lint.analysis import positions

TRICKY = '''\
import os.path, ai21.models.chat as chat
from a.b import (c, d)


@app.route("/x", methods=["POST"])
@functools.lru_cache()
def handler(a=f(1), /, b=g(2), *args, c=h(3), **kw) -> t.Dict[str, "x"]:
    """Docstring with "quotes" and é."""
    x = call_a(1) if check(2) else call_b(3)
    y = (f)(x)(y).z.w(q)
    try:
        pass
    except make_error("e") as error:
        return error.args
    s = ("implicit " "concatenation" f" with {fmt(1)} inside")
    é = "ünïcode"; t = é.upper()  # non-ASCII before a call on the same line
    return [lambda v=k(): v.attr for k in items.values() if k.ok(1)]


class K(Base, metaclass=meta(1)):
\tdef m(self):\t# a tab
\t\tprompt = (
\t\t\t"first part, "  # a comment between the parts
\t\t\tf"second {part} "
\t\t\t"third"
\t\t)
\t\treturn self.client.completion.create(model="j2-ultra", prompt=b"bytes" + rb'raw')


def semicolons():
    x = 1; pass; del x ;


match command:
    case Point(x=0) if guard(command.y):
        print(f"{command!r:>{width(1)}}")
'''


def _check(text: str) -> set[str]:
    tree = cst.parse_module(text)
    real = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)
    placed, kinds = positions.positions(text, tree)
    for node, where in placed.items():
        assert where == real[node], (type(node).__name__, tree.code_for_node(node)[:60], where, real[node])
    return set(kinds)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_tricky_code_every_kind_agrees(newline: str) -> None:
    text = TRICKY.replace("\n", newline)
    if sys.version_info < (3, 10):
        text = text[: text.index("match command")]
    assert _check(text) == {"call", "attribute", "return", "string", "def", "class"}
    tree = cst.parse_module(text)
    placed, _ = positions.positions(text, tree)
    calls = [n for n in placed if isinstance(n, cst.Call)]
    # decorators, defaults, both branches, the chain...; the calls inside f-strings are left to PositionProvider
    assert len(calls) == (20 if "match" in text else 18)
    # the strings of an implicit concatenation over lines (one string to CPython) are placed one by one
    concatenation = next(
        n for n in placed if isinstance(n, cst.ConcatenatedString) and "first part" in tree.code_for_node(n)
    )
    parts: list[cst.CSTNode] = []
    while isinstance(concatenation, cst.ConcatenatedString):
        parts.append(concatenation.left)
        concatenation = concatenation.right
    parts.append(concatenation)
    assert len(parts) == 3 and all(part in placed for part in parts)
    assert [placed[part].start.line for part in parts] == [23, 24, 25]


def test_code_only_libcst_parses_places_nothing() -> None:
    assert positions.positions("print 'python 2'\n", cst.parse_module("x = 1\n")) == ({}, frozenset())


def test_fixture_apps() -> None:
    root = Path(__file__).resolve().parents[2] / "fixtures"
    checked = 0
    for path in sorted(root.rglob("*.py"))[:200]:
        try:
            text = path.read_text(encoding="utf-8")
            cst.parse_module(text)
        except Exception:  # the fixtures include broken files on purpose
            continue
        _check(text)
        checked += 1
    assert checked > 100
