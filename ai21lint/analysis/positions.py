"""Where the nodes that diagnostics point at are, from CPython's parser instead of LibCST's PositionProvider.

LibCST computes positions by generating the code of the whole module through a metadata visitor: on generated AI21
apps that costs about four times the parse itself, for the handful of nodes a module's diagnostics name. CPython's
`ast` knows the start and end of every call, attribute, return and string literal, at a small fraction of that.

The two trees are matched kind by kind: the nodes of one kind (every call, say) taken in source order in both are the
same nodes. LibCST's fields are not always in source order (a function's decorators come after its body), so the walk
below puts those children in the order they are written. Every matched pair is checked against the source text, and a
kind whose counts or texts disagree anywhere in the module is left out: the caller falls back to PositionProvider for
it. Columns are converted from CPython's UTF-8 byte offsets to characters, as LibCST counts them.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import fields
from typing import Dict, List, Optional, Sequence, Tuple

import libcst as cst
from libcst.metadata import CodePosition, CodeRange

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # CPython's line breaks (str.splitlines knows more)

# LibCST node types whose children are not all in source order in their fields: the order they are written in
_SOURCE_ORDER: Dict[type, Tuple[str, ...]] = {
    cst.FunctionDef: ("decorators", "name", "type_parameters", "params", "returns", "body"),
    cst.ClassDef: ("decorators", "name", "type_parameters", "bases", "keywords", "body"),
    cst.IfExp: ("body", "test", "orelse"),
    cst.ExceptHandler: ("type", "name", "body"),
    cst.ExceptStarHandler: ("type", "name", "body"),
    cst.MatchCase: ("pattern", "guard", "body"),
    cst.Arg: ("keyword", "value"),
    cst.Parameters: ("posonly_params", "posonly_ind", "params", "star_arg", "kwonly_params", "star_kwarg"),
}
if hasattr(cst, "TypeAlias"):
    _SOURCE_ORDER[cst.TypeAlias] = ("name", "type_parameters", "value")

_CHILD_FIELDS: Dict[type, Tuple[str, ...]] = {}
# the most common nodes that hold no call, attribute, return or string: not walked into
_LEAVES = frozenset(
    {cst.Name, cst.Integer, cst.Float, cst.Imaginary, cst.Ellipsis, cst.Comma, cst.Dot, cst.Colon, cst.AssignEqual}
    | {cst.Newline, cst.EmptyLine, cst.TrailingWhitespace, cst.SimpleWhitespace, cst.ParenthesizedWhitespace}
    | {cst.Pass, cst.Break, cst.Continue}
    | {
        operator
        for base in (cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseUnaryOp, cst.BaseAugOp)
        for operator in base.__subclasses__()
    }
)

Kind = str
CALL, ATTRIBUTE, RETURN, STRING, DEF, CLASS = "call", "attribute", "return", "string", "def", "class"
ALL_KINDS = (CALL, ATTRIBUTE, RETURN, STRING, DEF, CLASS)
KINDS = {cst.Call: CALL, cst.Attribute: ATTRIBUTE, cst.Return: RETURN, cst.FunctionDef: DEF, cst.ClassDef: CLASS}
_STRINGS = (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)


def kind_of(node: cst.CSTNode) -> Optional[Kind]:
    """The kind this module can place, or None (PositionProvider must)."""
    found = KINDS.get(type(node))
    if found is not None:
        return found
    return STRING if isinstance(node, _STRINGS) else None


def _child_fields(node_type: type) -> Tuple[str, ...]:
    names = _CHILD_FIELDS.get(node_type)
    if names is None:
        order = _SOURCE_ORDER.get(node_type)
        declared = [f.name for f in fields(node_type) if not _is_trivia(f.name)]  # no expression in those
        names = tuple(n for n in order if n in declared) if order else tuple(declared)
        names += tuple(n for n in declared if n not in names)
        _CHILD_FIELDS[node_type] = names
    return names


def _is_trivia(name: str) -> bool:
    return name.startswith(("whitespace", "leading_lines", "lines_after", "lpar", "rpar")) or name in (
        "semicolon",
        "comma",
        "colon",
        "equal",
        "asynchronous",
        "star",
    )


def _cst_nodes(tree: cst.Module) -> Dict[Kind, List[cst.CSTNode]]:
    """The nodes of every kind in source order (strings: those not part of another string)."""
    found: Dict[Kind, List[cst.CSTNode]] = {kind: [] for kind in ALL_KINDS}
    stack: List[cst.CSTNode] = [tree]
    node_type = cst.CSTNode
    while stack:
        node = stack.pop()
        kind = KINDS.get(type(node))
        if kind is not None:
            found[kind].append(node)
        elif isinstance(node, _STRINGS):
            found[STRING].append(node)
            continue  # the parts of a string are not strings of their own in CPython's tree
        elif isinstance(node, _SKIPPED):
            continue  # dotted names of imports are attributes to LibCST, plain names to CPython
        children: List[cst.CSTNode] = []
        for name in _child_fields(type(node)):
            child = getattr(node, name)
            if isinstance(child, (list, tuple)):
                children.extend(c for c in child if type(c) not in _LEAVES and isinstance(c, node_type))
            elif type(child) not in _LEAVES and isinstance(child, node_type):
                children.append(child)
        stack.extend(reversed(children))
    return found


def _ast_nodes(tree: ast.AST) -> Dict[Kind, List[ast.AST]]:
    found: Dict[Kind, List[ast.AST]] = {kind: [] for kind in ALL_KINDS}
    stack: List[ast.AST] = [tree]
    kinds = _AST_KINDS
    node_type = ast.AST
    while stack:
        node = stack.pop()
        kind = kinds.get(type(node))
        if kind is not None:
            found[kind].append(node)
        elif type(node) is ast.JoinedStr or (type(node) is ast.Constant and isinstance(node.value, (str, bytes))):  # type: ignore[attr-defined]
            found[STRING].append(node)
            continue  # strings nested in an f-string have no LibCST string of their own at this level
        for name in node._fields:
            child = getattr(node, name, None)
            if isinstance(child, list):
                stack.extend(c for c in child if isinstance(c, node_type) and type(c) not in _AST_LEAVES)
            elif isinstance(child, node_type) and type(child) not in _AST_LEAVES:
                stack.append(child)
    for nodes in found.values():
        nodes.sort(key=_start_then_outer)
    return found


_AST_KINDS = {
    ast.Call: CALL,
    ast.Attribute: ATTRIBUTE,
    ast.Return: RETURN,
    ast.FunctionDef: DEF,
    ast.AsyncFunctionDef: DEF,
    ast.ClassDef: CLASS,
}
# nodes that hold none of the kinds: contexts, operators, names
_AST_LEAVES = frozenset(
    {ast.Name, ast.Load, ast.Store, ast.Del, ast.Pass, ast.Break, ast.Continue, ast.alias}
    | {op for base in (ast.operator, ast.unaryop, ast.cmpop, ast.boolop) for op in base.__subclasses__()}
)
_SKIPPED = (cst.Import, cst.ImportFrom)


def _start_then_outer(node: ast.AST) -> Tuple[int, int, int, int]:
    """Source order; of two nodes starting together (`f(x)(y)`, `a.b.c`), the outer one first, as a walk meets it."""
    start = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
    return (*start, -(node.end_lineno or 0), -(node.end_col_offset or 0))  # type: ignore[attr-defined]


class _Lines:
    def __init__(self, text: str) -> None:
        self.lines = _LINE_BREAK.split(text)

    def column(self, line: int, offset: int) -> int:
        """The character column of a UTF-8 byte offset."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if text.isascii():
            return offset
        return len(text.encode("utf-8")[:offset].decode("utf-8", errors="replace"))

    def at(self, line: int, column: int, length: int) -> str:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return text[column : column + length]


def _leftmost(node: cst.CSTNode) -> Optional[str]:
    """The first characters of an expression's code, where cheap to know (None: not checked). A node's own
    parentheses are outside its position, those of the expression it starts with are not: `(f)(x)`."""
    outermost = True
    while True:
        if not outermost and getattr(node, "lpar", None):
            return "("
        outermost = False
        if isinstance(node, cst.Name):
            return node.value
        if isinstance(node, cst.Attribute):
            node = node.value
        elif isinstance(node, cst.Call):
            node = node.func
        elif isinstance(node, cst.Subscript):
            node = node.value
        elif isinstance(node, cst.SimpleString):
            return node.value
        else:
            return None


def _expected_start(kind: Kind, node: cst.CSTNode) -> Optional[str]:
    if kind == RETURN:
        return "return"
    if kind == CLASS:
        return "class"
    if kind == DEF:
        return "async" if getattr(node, "asynchronous", None) else "def"
    if kind == STRING:
        first = node
        while isinstance(first, cst.ConcatenatedString):
            first = first.left
        if isinstance(first, cst.SimpleString):
            return first.value.splitlines()[0] if first.value else None
        if isinstance(first, cst.FormattedString):
            return first.start
        return None
    return _leftmost(node)


def positions(
    text: str, tree: cst.Module, parsed: Optional[ast.Module] = None
) -> Tuple[Dict[cst.CSTNode, CodeRange], frozenset]:
    """Positions of the nodes of every kind CPython's tree (`parsed`, else parsed here) agrees on, and the kinds it
    does (none if `text` does not parse with this Python, which LibCST may accept)."""
    if parsed is None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parsed = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return {}, frozenset()
    lines = _Lines(text)
    ours, theirs = _cst_nodes(tree), _ast_nodes(parsed)
    result: Dict[cst.CSTNode, CodeRange] = {}
    agreed = set()
    for kind, nodes in ours.items():
        found = _match(kind, nodes, theirs[kind], lines)
        if found is not None:
            result.update(found)
            agreed.add(kind)
    if STRING in agreed:
        for node in ours[STRING]:
            if isinstance(node, cst.ConcatenatedString):
                _place_parts(node, result[node].start, result, lines)
    return result, frozenset(agreed)


def _place_parts(
    node: cst.ConcatenatedString, start: CodePosition, placed: Dict[cst.CSTNode, CodeRange], lines: _Lines
) -> None:
    """The strings of an implicit concatenation, which CPython's tree merges into one: each starts where the code of
    the ones before it and the whitespace between them ends (on a new line: where the line's indentation ends, which
    the code of the whitespace alone does not know)."""
    empty = cst.Module(body=[])
    end = placed[node].end
    current: cst.BaseExpression = node
    while isinstance(current, cst.ConcatenatedString):
        placed[current] = CodeRange(start, end)
        left_end = _advance(start, empty.code_for_node(current.left))
        placed[current.left] = CodeRange(start, left_end)
        start = _advance(left_end, empty.code_for_node(current.whitespace_between))
        if start.line != left_end.line:
            text = lines.lines[start.line - 1] if start.line <= len(lines.lines) else ""
            start = CodePosition(start.line, len(text) - len(text.lstrip(" \t\f")))
        current = current.right
    placed[current] = CodeRange(start, end)


def _advance(position: CodePosition, code: str) -> CodePosition:
    lines = _LINE_BREAK.split(code)
    if len(lines) == 1:
        return CodePosition(position.line, position.column + len(code))
    return CodePosition(position.line + len(lines) - 1, len(lines[-1]))


def _match(
    kind: Kind, nodes: Sequence[cst.CSTNode], others: Sequence[ast.AST], lines: _Lines
) -> Optional[Dict[cst.CSTNode, CodeRange]]:
    if len(nodes) != len(others):
        return None
    matched: Dict[cst.CSTNode, CodeRange] = {}
    for node, other in zip(nodes, others):
        line, end_line = other.lineno, other.end_lineno  # type: ignore[attr-defined]
        if end_line is None:
            return None
        column = lines.column(line, other.col_offset)  # type: ignore[attr-defined]
        end_column = lines.column(end_line, other.end_col_offset)  # type: ignore[attr-defined]
        if kind in (DEF, CLASS):  # CPython's block ends after a last statement's `;`, LibCST's before it
            ending = lines.at(end_line, 0, end_column)
            if ending.endswith(";"):
                end_column = len(ending[:-1].rstrip(" \t\f"))
        expected = _expected_start(kind, node)
        if expected is not None and lines.at(line, column, len(expected)) != expected:
            return None
        matched[node] = CodeRange(CodePosition(line, column), CodePosition(end_line, end_column))
    return matched
