"""Template syntaxes the evaluator understands: `str.format`/LangChain (`{name}`), `%` formatting, `string.Template`
(`$name`), jinja2 (`{{ name }}`), and the escapes of f-string text. Pure functions over `StrValue`s."""

from __future__ import annotations

import re
import string
from typing import Callable, Optional, Union

from ai21lint.analysis.values import Piece, PieceKind, StrValue, concat

Segment = Union[str, "Field"]


class Field:
    """A placeholder in a template: `key` is a name, or an int for positional fields."""

    __slots__ = ("key",)

    def __init__(self, key: Union[str, int]) -> None:
        self.key = key


_formatter = string.Formatter()


def split_format(text: str) -> Optional[list[Segment]]:
    """`"Hi {name}!"` -> ["Hi ", Field("name"), "!"]; None when the text is not a valid format string."""
    segments: list[Segment] = []
    auto = 0
    try:
        for literal, field_name, _spec, _conversion in _formatter.parse(text):
            if literal:
                segments.append(literal)
            if field_name is None:
                continue
            base = re.split(r"[.\[]", field_name, maxsplit=1)[0]
            if base == "":
                segments.append(Field(auto))
                auto += 1
            elif base.isdigit():
                segments.append(Field(int(base)))
            else:
                segments.append(Field(base))
    except ValueError:
        return None
    return segments


_PERCENT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)


def split_percent(text: str) -> list[Segment]:
    segments: list[Segment] = []
    position = 0
    auto = 0
    for match in _PERCENT.finditer(text):
        segments.append(text[position : match.start()])
        if match.group("conv") == "%":
            segments.append("%")
        elif match.group("name") is not None:
            segments.append(Field(match.group("name")))
        else:
            segments.append(Field(auto))
            auto += 1
        position = match.end()
    segments.append(text[position:])
    return [s for s in segments if s != ""]


_DOLLAR = re.compile(r"\$(?:(?P<escaped>\$)|(?P<named>[_a-zA-Z][_a-zA-Z0-9]*)|\{(?P<braced>[_a-zA-Z][_a-zA-Z0-9]*)\})")


def split_dollar(text: str) -> list[Segment]:
    segments: list[Segment] = []
    position = 0
    for match in _DOLLAR.finditer(text):
        segments.append(text[position : match.start()])
        if match.group("escaped"):
            segments.append("$")
        else:
            segments.append(Field(match.group("named") or match.group("braced")))
        position = match.end()
    segments.append(text[position:])
    return [s for s in segments if s != ""]


_JINJA = re.compile(r"\{\{-?\s*(?P<expr>.*?)\s*-?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def split_jinja(text: str) -> list[Segment]:
    segments: list[Segment] = []
    position = 0
    for match in _JINJA.finditer(text):
        segments.append(text[position : match.start()])
        expr = match.group("expr")
        if expr is not None:
            name = re.match(r"[_a-zA-Z][_a-zA-Z0-9]*", expr)
            segments.append(Field(name.group(0) if name else expr))
        position = match.end()
    segments.append(text[position:])
    return [s for s in segments if s != ""]


SPLITTERS: dict[str, Callable[[str], Optional[list[Segment]]]] = {
    "format": split_format,
    "percent": split_percent,
    "dollar": split_dollar,
    "jinja2": split_jinja,
}


def template_fields(template: StrValue, syntax: str) -> list[Union[str, int]]:
    """Names of the placeholders in the constant text of a template, in order of first appearance."""
    names: list[Union[str, int]] = []
    for piece in template.first:
        if piece.kind is not PieceKind.CONSTANT:
            continue
        for segment in SPLITTERS[syntax](piece.text) or []:
            if isinstance(segment, Field) and segment.key not in names:
                names.append(segment.key)
    return names


def fill_template(template: StrValue, syntax: str, resolve: Callable[[Union[str, int]], StrValue]) -> StrValue:
    """Substitute every placeholder in the constant pieces of `template` by `resolve(key)`."""
    splitter = SPLITTERS[syntax]
    alternatives: list[StrValue] = []
    for alt in template.alts:
        parts: list[StrValue] = []
        for piece in alt:
            if piece.kind is not PieceKind.CONSTANT:
                parts.append(StrValue.of((piece,)))
                continue
            segments = splitter(piece.text)
            if segments is None:
                parts.append(StrValue.of((piece,)))
                continue
            for segment in segments:
                if isinstance(segment, Field):
                    parts.append(resolve(segment.key))
                else:
                    parts.append(StrValue.of((Piece(PieceKind.CONSTANT, segment, piece.origin),)))
        alternatives.append(concat(*parts))
    return StrValue.choose(
        [alt for value in alternatives for alt in value.alts],
        frozenset().union(*(value.carried for value in alternatives)),
    )


_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|.|\n)", re.DOTALL)
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\n": "",
}


def unescape_fstring_text(raw: str, is_raw: bool) -> str:
    """The characters an f-string's literal part stands for (`{{` is `{`; escapes decoded unless raw)."""
    text = raw.replace("{{", "{").replace("}}", "}")
    if is_raw:
        return text

    def replace(match: re.Match[str]) -> str:
        body = match.group(1)
        if body in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[body]
        if body[0] in "xuU":
            try:
                return chr(int(body[1:], 16))
            except ValueError:
                return match.group(0)
        if body[0].isdigit():
            return chr(int(body, 8))
        if body.startswith("N{"):
            return "?"  # a named character: one character, whatever its name
        return match.group(0)

    return _ESCAPE.sub(replace, text)


def strip_value(value: StrValue, which: str) -> StrValue:
    """`.strip()`, `.lstrip()`, `.rstrip()` applied to the constant ends of each alternative."""

    def strip(alt: tuple[Piece, ...]) -> tuple[Piece, ...]:
        pieces = list(alt)
        if which in ("strip", "lstrip"):
            while pieces and pieces[0].kind is PieceKind.CONSTANT:
                stripped = pieces[0].text.lstrip()
                if stripped:
                    pieces[0] = Piece(PieceKind.CONSTANT, stripped, pieces[0].origin)
                    break
                pieces.pop(0)
        if which in ("strip", "rstrip"):
            while pieces and pieces[-1].kind is PieceKind.CONSTANT:
                stripped = pieces[-1].text.rstrip()
                if stripped:
                    pieces[-1] = Piece(PieceKind.CONSTANT, stripped, pieces[-1].origin)
                    break
                pieces.pop()
        return tuple(pieces)

    return value.map_pieces(strip)
