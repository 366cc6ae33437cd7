"""Reading, decoding and parsing one file of the scanned project: the parser boundary.

Nothing here imports, compiles or runs the scanned code. LibCST can crash the whole process on pathological input
(10,000 nested brackets segfault inside `parse_module`), so a cheap `ast.parse` gate runs first: CPython's own parser
refuses such input at once ("too many nested parentheses", "too complex", recursion during AST construction).
"""

from __future__ import annotations

import ast
import codecs
import io
import sys
import tokenize
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

if TYPE_CHECKING:
    import libcst as cst


MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class SourceProblem:
    """Why a file could not be analysed; becomes an AIS001 diagnostic."""

    message: str
    line: int = 1
    column: int = 1


def decode_source(data: bytes) -> Union[str, SourceProblem]:
    """Decode like Python does: a BOM or a PEP 263 coding line, else UTF-8."""
    if b"\x00" in data:
        return SourceProblem("file contains NUL bytes and cannot be parsed")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        return SourceProblem(f"cannot decode file: {error.msg}")
    try:
        codecs.lookup(encoding)
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        line = 1
        if isinstance(error, UnicodeDecodeError):
            line = data.count(b"\n", 0, error.start) + 1
        return SourceProblem(f"cannot decode file as {encoding}: {_reason(error)}", line)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _reason(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"byte 0x{error.object[error.start]:02x} is not valid {error.encoding}"
    return str(error)


def parse_source(text: str) -> tuple[Union[cst.Module, SourceProblem], Optional[ast.Module]]:
    """Parse text with LibCST behind the `ast` gate; syntax errors become a `SourceProblem` with their position.
    Also CPython's tree of the text when the gate made one (positions are read from it)."""
    import libcst as cst  # here, not above: a run that parses nothing never imports LibCST

    gate = _ast_gate(text)
    if isinstance(gate, SourceProblem):
        return gate, None
    syntax = gate if isinstance(gate, ast.Module) else None
    try:
        return cst.parse_module(text), syntax
    except cst.ParserSyntaxError as error:
        if isinstance(gate, SyntaxError):  # CPython's own message and position are the clearer ones
            return SourceProblem(f"syntax error: {gate.msg}", gate.lineno or 1, max(1, gate.offset or 1)), None
        message = str(error.message).splitlines()[0] if error.message else "invalid syntax"
        return SourceProblem(f"syntax error: {message}", error.raw_line, error.raw_column + 1), None
    except (RecursionError, MemoryError):
        return SourceProblem("file is too deeply nested to analyse"), None
    except Exception as error:  # LibCST raises bare exceptions for some inputs it cannot represent
        return SourceProblem(f"cannot parse file: {type(error).__name__}: {error}"), None


def is_parsable(text: str) -> bool:
    """A cheap first answer to "does this parse?": CPython's own parser (about 12 times faster than LibCST). Only a
    file it rejects needs LibCST's answer (LibCST also accepts syntax newer than this Python)."""
    return isinstance(_ast_gate(text), ast.Module)


# How deep CPython may recurse building the AST before a file counts as too deeply nested. LibCST 1.9 takes 8.6 s
# on a 5,000-term concatenation and kills the process around 8,000-10,000; 1,500 levels keeps well clear of both.
GATE_DEPTH = 1500


def _stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    return depth


def _ast_gate(text: str) -> Union[SourceProblem, SyntaxError, ast.Module]:
    """A `SourceProblem` for input too deep for LibCST, the `SyntaxError` CPython found (LibCST may still accept
    syntax newer than this Python), or None. The engine runs with a high recursion limit (its own passes recurse
    over deep trees); the gate runs under a bounded one, so that depth is still refused here, cheaply."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + GATE_DEPTH)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except SyntaxError as error:
        if "too many nested" in str(error.msg) or "too complex" in str(error.msg):
            return SourceProblem(f"file is too deeply nested to analyse ({error.msg})", error.lineno or 1)
        return error  # an ordinary syntax error, or syntax newer than this Python: LibCST decides
    except (RecursionError, MemoryError):
        return SourceProblem("file is too deeply nested to analyse")
    except ValueError as error:
        return SourceProblem(f"cannot parse file: {error}")
    finally:
        sys.setrecursionlimit(previous)
    return tree
