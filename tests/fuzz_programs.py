"""Random AI21 apps whose prompt has a constant-character count known by construction (used by tests/test_fuzz.py).

The generator builds a prompt expression from the constructs SPEC.md ("Counting") says the evaluator follows, and
models every string it builds as the set of values it may take, one per path through branches and loops. A value is
a tuple of pieces: constant text (a `str`) or `USER` (user input, whose length nobody knows). The expected count is the
SPEC's rule applied to that model, with no help from ai21lint: user pieces count nothing and end a whitespace run, a
run of whitespace counts as one character, and a prompt counts the minimum over its paths.

Everything is drawn through hypothesis, so failing programs shrink: the simplest choice of every menu comes first.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, List, Optional, Tuple

from hypothesis import strategies as st

from ai21lint.analysis.values import MAX_ALTS

USER = None  # a piece of user input
Pieces = Tuple[Optional[str], ...]
Alts = FrozenSet[Pieces]  # the values a string may take, one per path

THRESHOLD = 60

# Where the analyser is exact only up to a bound, the generator stays inside it: a string keeps its distinct paths as
# they are up to values.MAX_ALTS of them, so the methods that change lengths unevenly (`.upper()` of "ß", `.replace()`)
# are applied to values with no more paths than that. (Past the bound each class of paths keeps its shortest, which
# is exact for concatenation and the strip methods, not for those.)

# --- the model -------------------------------------------------------------------------------------------------


def count(pieces: Pieces) -> int:
    """SPEC "Counting" for one path: every character of developer text, a whitespace run counted once; user input
    counts nothing and separates the constant text on either side of it."""
    total = 0
    in_run = False
    for piece in pieces:
        if piece is USER:
            in_run = False
            continue
        for char in piece:
            if char.isspace():
                total += 0 if in_run else 1
                in_run = True
            else:
                total += 1
                in_run = False
    return total


def expected_count(alts: Alts) -> int:
    """Branches count their minimum: the fewest constant characters over every path."""
    return min(count(pieces) for pieces in alts)


def _norm(pieces: Tuple[Optional[str], ...]) -> Pieces:
    """Adjacent constants joined, empty constants dropped, adjacent user pieces merged (none changes a count)."""
    out: List[Optional[str]] = []
    for piece in pieces:
        if piece is USER:
            if not out or out[-1] is not USER:
                out.append(USER)
        elif piece:
            if out and out[-1] is not USER:
                out[-1] = out[-1] + piece  # type: ignore[operator]
            else:
                out.append(piece)
    return tuple(out)


def const(text: str) -> Alts:
    return frozenset({_norm((text,))})


USER_ALTS: Alts = frozenset({(USER,)})


def cat(*values: Alts) -> Alts:
    """Concatenation: every combination of the operands' paths (the paths of different operands are independent)."""
    result: set = {()}
    for alts in values:
        result = {_norm(left + right) for left in result for right in alts}
    return frozenset(result)


def union(*values: Alts) -> Alts:
    return frozenset().union(*values)


def is_constant(alts: Alts) -> bool:
    return all(USER not in pieces for pieces in alts)


def texts_of(alts: Alts) -> List[str]:
    """The whole text of each path of a constant value."""
    return ["".join(pieces) for pieces in alts]  # type: ignore[arg-type]


# --- literals --------------------------------------------------------------------------------------------------

# No "q": random text must never spell a noqa comment, which would suppress the diagnostic on its line.
_PLAIN = "abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789"
_PUNCT = ".,:;!?-_()[]<>/*+=&@$^|~`'\"\\{}%#"
_SPACE = " \n\t"
_RARE = "é中😀ß\x0b\x0c\r\xa0\u2003\x00\x7f"
chars = st.one_of(
    st.sampled_from(_PLAIN),
    st.sampled_from(_PLAIN),
    st.sampled_from(" "),
    st.sampled_from(_PUNCT),
    st.sampled_from(_SPACE),
    st.sampled_from(_RARE),
)
texts = st.text(chars, max_size=24)
QUOTES = [('"', False), ("'", False), ('"', True), ("'", True)]


def escape(text: str, quote: str, triple: bool, fstring: bool = False) -> str:
    """The body of a (non-raw) string literal whose value is `text`."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == quote:
            out.append("\\" + quote)
        elif char == "\n":
            out.append("\n" if triple else "\\n")
        elif char == "\t":
            out.append("\t" if triple else "\\t")
        elif char in "{}" and fstring:
            out.append(char * 2)
        elif not char.isprintable():
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def literal(text: str, quote: str, triple: bool, prefix: str = "") -> str:
    """Python source for a string literal of value `text`, raw when asked and possible."""
    fence = quote * 3 if triple else quote
    raw = (
        "r" in prefix.lower()
        and quote not in text
        and "\\" not in text[-1:]
        and all(c.isprintable() or c == "\n" and triple or c == "\t" for c in text)
    )
    if raw:
        code = f"{prefix}{fence}{text}{fence}"
    else:
        code = f"{prefix.replace('r', '').replace('R', '')}{fence}{escape(text, quote, triple)}{fence}"
    assert ast.literal_eval(code) == text, (code, text)  # the generator checks itself, not ai21lint
    return code


# --- programs --------------------------------------------------------------------------------------------------


@dataclass
class Module:
    path: str
    dotted: str
    imports: List[str] = field(default_factory=list)
    lines: List[str] = field(default_factory=list)  # top-level definitions, in dependency order

    def need(self, statement: str) -> None:
        if statement not in self.imports:
            self.imports.append(statement)

    def source(self, tail: List[str]) -> str:
        parts = [*self.imports, "", *self.lines, *tail]
        return "\n".join(parts).lstrip("\n") + "\n"


@dataclass
class Scope:
    """Where an expression is being written: which module, where statements it needs go, what it can read."""

    module: Module
    lines: List[str]
    indent: str
    users: Tuple[str, ...] = ()  # expressions of user input readable here
    params: Dict[str, Alts] = field(default_factory=dict)  # helper parameters, with the values of their one call

    def constant_view(self) -> Scope:
        """The same place, reading nothing that is not constant (for `.strip()` and friends)."""
        return Scope(self.module, self.lines, self.indent)

    def emit(self, text: str) -> None:
        """A statement (its later lines, if any, already indented) at this scope's indentation."""
        self.lines.append(self.indent + text)


@dataclass
class Expr:
    code: str
    alts: Alts
    atomic: bool = True  # can be an operand or a receiver without parentheses

    def operand(self) -> str:
        return self.code if self.atomic else f"({self.code})"


@dataclass
class Program:
    files: Dict[str, str]
    expected: int
    prompt: str  # the prompt expression as written in app.py
    host: str
    style: str
    constructs: List[str]

    def __repr__(self) -> str:  # what hypothesis prints for a falsifying example: the whole app
        listing = "\n".join(f"# --- {path}\n{text}" for path, text in self.files.items())
        return (
            f"Program(expected={self.expected}, host={self.host}, style={self.style},"
            f" constructs={self.constructs})\n{listing}"
        )


# Conditions nobody can decide statically. Those on user input are only usable where it is visible.
_OPAQUE_CONDITIONS = [
    ('os.environ.get("PROMPT_STYLE") == "long"', "import os"),
    ("random.random() < 0.5", "import random"),
]


class Builder:
    """Draws one program. `draw` is hypothesis' draw function; every choice goes through it."""

    MAX_PATH_CHOICES = 3  # branch, ternary and loop constructs per program: keeps the set of paths small

    def __init__(self, draw: Callable) -> None:
        self.draw = draw
        self.counter = 0
        self.main = Module("app.py", "app")
        self.other: Optional[Module] = None
        self.path_choices = 0
        self.used: List[str] = []

    # -- helpers

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}_{self.counter}"

    def choose(self, options: List[str]) -> str:
        return self.draw(st.sampled_from(options))

    def other_module(self) -> Module:
        if self.other is None:
            path = self.choose(["prompts.py", "texts/prompts.py"])
            self.other = Module(path, path[:-3].replace("/", "."))
        return self.other

    def module_scope(self, module: Module) -> Scope:
        return Scope(module, module.lines, "")

    def condition(self, scope: Scope) -> str:
        options = [code for code, _ in _OPAQUE_CONDITIONS]
        for user in scope.users[:1]:
            options += [f"len({user}) > 40", f'"?" in {user}']
        code = self.choose(options)
        for opaque, statement in _OPAQUE_CONDITIONS:
            if code == opaque:
                scope.module.need(statement)
        return code

    def literal_expr(self, text: Optional[str] = None) -> Expr:
        if text is None:
            text = self.draw(texts)
        quote, triple = self.draw(st.sampled_from(QUOTES))
        prefix = self.choose(["", "", "r", "u", "R"])
        return Expr(literal(text, quote, triple, prefix), const(text))

    # -- expressions

    KINDS = [
        "literal",
        "user",
        "param",
        "concat",
        "fstring",
        "implicit",
        "percent",
        "format",
        "join",
        "dedent",
        "repeat",
        "method",
        "constant",
        "class_attr",
        "imported",
        "local",
        "augmented",
        "helper",
        "branch",
        "ternary",
        "loop",
    ]

    def expr(self, scope: Scope, depth: int) -> Expr:
        kinds = ["literal"]
        if scope.users:
            kinds.append("user")
        if scope.params:
            kinds.append("param")
        if depth > 0:
            kinds += [k for k in self.KINDS[3:] if k not in ("branch", "ternary", "loop")]
            if self.path_choices < self.MAX_PATH_CHOICES:
                kinds += ["branch", "ternary", "loop"]
            if scope.module is not self.main:
                kinds.remove("imported")
        kind = self.choose(kinds)
        self.used.append(kind)
        return getattr(self, "_" + kind)(scope, depth - 1)

    def _literal(self, scope: Scope, depth: int) -> Expr:
        return self.literal_expr()

    def _user(self, scope: Scope, depth: int) -> Expr:
        return Expr(self.choose(list(scope.users)), USER_ALTS)

    def _param(self, scope: Scope, depth: int) -> Expr:
        name = self.choose(sorted(scope.params))
        return Expr(name, scope.params[name])

    def _concat(self, scope: Scope, depth: int) -> Expr:
        operands = [self.expr(scope, depth)]
        for _ in range(self.draw(st.integers(1, 3))):
            operands.append(self.expr(scope, depth))
        return Expr(" + ".join(o.operand() for o in operands), cat(*(o.alts for o in operands)), atomic=False)

    def _hoist(self, scope: Scope, value: Expr) -> str:
        name = self.fresh("part")
        scope.emit(f"{name} = {value.code}")
        return name

    def _fstring(self, scope: Scope, depth: int) -> Expr:
        quote, triple = self.draw(st.sampled_from(QUOTES))
        fence = quote * 3 if triple else quote
        body, values = [], []
        for _ in range(self.draw(st.integers(1, 4))):
            if self.draw(st.booleans()):
                text = self.draw(texts)
                body.append(escape(text, quote, triple, fstring=True))
                values.append(const(text))
            else:
                inner = self.expr(scope, depth)
                code = inner.code
                inline = not any(c in code for c in "\\\n{}#'\"")
                if not inline:
                    code = self._hoist(scope, inner)
                conversion = self.choose(["", "!s"])
                body.append("{" + code + conversion + "}")
                values.append(inner.alts)
        prefix = self.choose(["f", "F"])
        return Expr(f"{prefix}{fence}{''.join(body)}{fence}", cat(*values))

    def _implicit(self, scope: Scope, depth: int) -> Expr:
        parts = [self.literal_expr() for _ in range(self.draw(st.integers(2, 3)))]
        if self.draw(st.booleans()):
            parts[-1] = self._fstring(scope, depth)
        separator = self.choose([" ", "\n" + scope.indent + "    "])
        return Expr(f"({separator.join(p.code for p in parts)})", cat(*(p.alts for p in parts)))

    def _argument(self, scope: Scope, depth: int) -> Expr:
        """An argument to `%` or `.format`: a string expression or, now and then, an int."""
        if self.draw(st.integers(0, 4)) == 0:
            number = self.draw(st.integers(0, 999))
            return Expr(str(number), const(str(number)))
        return self.expr(scope, depth)

    def _template(self, scope: Scope, text: str) -> str:
        """A format string, written as a literal or as a module constant."""
        code = self.literal_expr(text).code
        if self.draw(st.booleans()):
            return code
        name = self.fresh("TEMPLATE")
        scope.module.lines.append(f"{name} = {code}")
        return name

    def _percent(self, scope: Scope, depth: int) -> Expr:
        count_ = self.draw(st.integers(1, 3))
        segments = [self.draw(texts) for _ in range(count_ + 1)]
        args = [self._argument(scope, depth) for _ in range(count_)]
        form = self.choose(["tuple", "single", "dict"] if count_ == 1 else ["tuple", "dict"])
        keys = [f"k{i}" for i in range(count_)]
        fmt = segments[0].replace("%", "%%")
        for i, arg in enumerate(args):
            spec = "d" if arg.code.isdigit() and self.draw(st.booleans()) else "s"
            fmt += (f"%({keys[i]}){spec}" if form == "dict" else f"%{spec}") + segments[i + 1].replace("%", "%%")
        template = self._template(scope, fmt)
        if form == "single":
            right = args[0].operand()
        elif form == "tuple":
            right = "(" + ", ".join(a.code for a in args) + ("," if count_ == 1 else "") + ")"
        else:
            right = "{" + ", ".join(f'"{k}": {a.code}' for k, a in zip(keys, args)) + "}"
        values = [const(segments[0])]
        for i, arg in enumerate(args):
            values += [arg.alts, const(segments[i + 1])]
        return Expr(f"{template} % {right}", cat(*values), atomic=False)

    def _format(self, scope: Scope, depth: int) -> Expr:
        style = self.choose(["auto", "index", "name"])
        fields = self.draw(st.integers(1, 3))
        nargs = fields if style != "index" else self.draw(st.integers(1, fields))
        args = [self._argument(scope, depth) for _ in range(nargs)]
        order = list(range(fields))
        if style == "index":
            order = [self.draw(st.integers(0, nargs - 1)) for _ in range(fields)]
        segments = [self.draw(texts) for _ in range(fields + 1)]

        def braces(text: str) -> str:
            return text.replace("{", "{{").replace("}", "}}")

        fmt = braces(segments[0])
        values = [const(segments[0])]
        for i, which in enumerate(order):
            fmt += {"auto": "{}", "index": f"{{{which}}}", "name": f"{{f{which}}}"}[style] + braces(segments[i + 1])
            values += [args[which].alts, const(segments[i + 1])]
        template = self._template(scope, fmt)
        if style == "name":
            call = ", ".join(f"f{i}={a.code}" for i, a in enumerate(args))
        else:
            call = ", ".join(a.code for a in args)
        return Expr(f"{template}.format({call})", cat(*values))

    def _join(self, scope: Scope, depth: int) -> Expr:
        separator = self.draw(st.one_of(st.just(""), texts))
        where = self.choose(["inline", "module"])
        element_scope = scope if where == "inline" else self.module_scope(scope.module)
        elements = [self.expr(element_scope, depth) for _ in range(self.draw(st.integers(1, 4)))]
        brackets = self.choose(["[]", "()"])
        open_, close = brackets[0], brackets[1]
        container = open_ + ", ".join(e.code for e in elements) + ("," if len(elements) == 1 and open_ == "(" else "")
        container += close
        if where == "module":
            name = self.fresh("PARTS")
            scope.module.lines.append(f"{name} = {container}")
            container = name
        values: List[Alts] = []
        for i, element in enumerate(elements):
            values += ([const(separator)] if i else []) + [element.alts]
        return Expr(f"{self.literal_expr(separator).code}.join({container})", cat(*values))

    def _dedent(self, scope: Scope, depth: int) -> Expr:
        base = self.draw(st.integers(0, 8))
        lines = []
        for _ in range(self.draw(st.integers(1, 4))):
            blank = self.draw(st.integers(0, 5)) == 0
            content = "" if blank else self.draw(texts.map(lambda t: "".join(c for c in t if c not in "\n\r")))
            indent = " " * (self.draw(st.integers(0, 3)) if blank else base + self.draw(st.integers(0, 4)))
            lines.append(indent + content)
        text = "\n" + "\n".join(lines) + "\n" + " " * self.draw(st.integers(0, base))
        quote = self.choose(['"', "'"])
        code = f"{quote * 3}{escape(text, quote, True)}{quote * 3}"
        assert ast.literal_eval(code) == text
        if self.draw(st.booleans()):
            scope.module.need("import textwrap")
            call = "textwrap.dedent"
        else:
            scope.module.need("from textwrap import dedent")
            call = "dedent"
        return Expr(f"{call}({code})", const(textwrap.dedent(text)))

    def _repeat(self, scope: Scope, depth: int) -> Expr:
        operand = self.expr(scope, depth)
        times = self.draw(st.integers(0, 4))
        code = f"{operand.operand()} * {times}" if self.draw(st.booleans()) else f"{times} * {operand.operand()}"
        # the same path repeated: a string built once and multiplied
        alts = frozenset(_norm(pieces * times) for pieces in operand.alts)
        return Expr(code, alts, atomic=False)

    def _method(self, scope: Scope, depth: int) -> Expr:
        operand = self.expr(scope.constant_view(), depth)
        assert is_constant(operand.alts)
        names = ["strip", "lstrip", "rstrip", "upper", "lower", "replace"]
        if len(operand.alts) > MAX_ALTS:
            names = names[:3]
        name = self.choose(names)
        if name == "replace":
            old, new = self.draw(st.sampled_from(_PLAIN + " ")), self.draw(st.text(st.sampled_from(_PLAIN), max_size=2))
            apply: Callable[[str], str] = lambda s: s.replace(old, new)  # noqa: E731
            call = "replace(" + literal(old, '"', False) + ", " + literal(new, '"', False) + ")"
        else:
            apply = getattr(str, name)
            call = f"{name}()"
        return Expr(f"{operand.operand()}.{call}", union(*(const(apply(t)) for t in texts_of(operand.alts))))

    def _define(self, module: Module, depth: int) -> Expr:
        """A constant expression written at the top level of `module`."""
        return self.expr(self.module_scope(module), depth)

    def _constant(self, scope: Scope, depth: int) -> Expr:
        value = self._define(scope.module, depth)
        name = self.fresh("PROMPT")
        scope.module.lines.append(f"{name} = {value.code}")
        return Expr(name, value.alts)

    def _class_attr(self, scope: Scope, depth: int) -> Expr:
        value = self._define(scope.module, depth)
        cls, attr = self.fresh("Prompts"), self.fresh("TEXT")
        scope.module.lines += [f"class {cls}:", f"    {attr} = {value.code}", ""]
        if self.draw(st.booleans()):
            return Expr(f"{cls}.{attr}", value.alts)
        sub = self.fresh("Derived")
        scope.module.lines += [f"class {sub}({cls}):", "    pass", ""]
        return Expr(f"{sub}.{attr}", value.alts)

    def _import_name(self, scope: Scope, name: str) -> str:
        """Make `name` of the other module readable in `scope` (main), by one of the import styles."""
        other = self.other_module()
        style = self.choose(["from", "as", "module"])
        if style == "from":
            scope.module.need(f"from {other.dotted} import {name}")
            return name
        if style == "as":
            scope.module.need(f"from {other.dotted} import {name} as {name}_alias")
            return f"{name}_alias"
        package, _, leaf = other.dotted.rpartition(".")
        scope.module.need(f"from {package} import {leaf}" if package else f"import {leaf}")
        return f"{leaf}.{name}"

    def _imported(self, scope: Scope, depth: int) -> Expr:
        other = self.other_module()
        value = self._define(other, depth)
        name = self.fresh("SHARED")
        other.lines.append(f"{name} = {value.code}")
        return Expr(self._import_name(scope, name), value.alts)

    def _local(self, scope: Scope, depth: int) -> Expr:
        value = self.expr(scope, depth)
        return Expr(self._hoist(scope, value), value.alts)

    def _augmented(self, scope: Scope, depth: int) -> Expr:
        name = self.fresh("text")
        first = self.expr(scope, depth)
        scope.emit(f"{name} = {first.code}")
        alts = first.alts
        for _ in range(self.draw(st.integers(1, 3))):
            more = self.expr(scope, depth)
            scope.emit(f"{name} += {more.code}")
            alts = cat(alts, more.alts)
        return Expr(name, alts)

    def _helper(self, scope: Scope, depth: int) -> Expr:
        module = scope.module
        if module is self.main and self.draw(st.booleans()):
            module = self.other_module()
        params = [self.fresh("arg") for _ in range(self.draw(st.integers(0, 2)))]
        args = [self.expr(scope, depth) for _ in params]
        body: List[str] = []
        inner = Scope(module, body, "    ", params={p: a.alts for p, a in zip(params, args)})
        name = self.fresh("build")
        if self.path_choices >= self.MAX_PATH_CHOICES or self.draw(st.booleans()):
            result = self.expr(inner, depth)
            returns = [f"    return {result.code}"]
            alts = result.alts
        else:  # two returns, one of them early: a branch inside the helper
            self.path_choices += 1
            early, late = self.expr(inner, depth), self.expr(inner, depth)
            returns = [f"    if {self.condition(inner)}:", f"        return {early.code}", f"    return {late.code}"]
            alts = union(early.alts, late.alts)
        module.lines += [f"def {name}({', '.join(params)}):", *body, *returns, ""]
        callee = name if module is scope.module else self._import_name(scope, name)
        if params and self.draw(st.booleans()):
            call = ", ".join(f"{p}={a.code}" for p, a in zip(params, args))
        else:
            call = ", ".join(a.code for a in args)
        return Expr(f"{callee}({call})", alts)

    def _branch(self, scope: Scope, depth: int) -> Expr:
        self.path_choices += 1
        name = self.fresh("choice")
        form = self.choose(["if_else", "if_only", "elif", "if_augment"])
        values = [self.expr(scope, depth)]
        for _ in range(2 if form == "elif" else 1):
            augment = form == "if_augment"
            values.append(self.expr(scope, depth) if augment else self.expr(scope, depth))
        inner = scope.indent + "    "
        if form == "if_else":
            lines = [f"if {self.condition(scope)}:", f"{inner}{name} = {values[0].code}"]
            lines += [f"{scope.indent}else:", f"{inner}{name} = {values[1].code}"]
            alts = union(values[0].alts, values[1].alts)
        elif form == "if_only":
            lines = [f"{name} = {values[0].code}", f"{scope.indent}if {self.condition(scope)}:"]
            lines += [f"{inner}{name} = {values[1].code}"]
            alts = union(values[0].alts, values[1].alts)
        elif form == "elif":
            lines = [f"if {self.condition(scope)}:", f"{inner}{name} = {values[0].code}"]
            lines += [f"{scope.indent}elif {self.condition(scope)}:", f"{inner}{name} = {values[1].code}"]
            lines += [f"{scope.indent}else:", f"{inner}{name} = {values[2].code}"]
            alts = union(*(v.alts for v in values))
        else:
            lines = [f"{name} = {values[0].code}", f"{scope.indent}if {self.condition(scope)}:"]
            lines += [f"{inner}{name} += {values[1].code}"]
            alts = union(values[0].alts, cat(values[0].alts, values[1].alts))
        scope.emit("\n".join(lines))
        return Expr(name, alts)

    def _ternary(self, scope: Scope, depth: int) -> Expr:
        self.path_choices += 1
        yes, no = self.expr(scope, depth), self.expr(scope, depth)
        return Expr(f"({yes.operand()} if {self.condition(scope)} else {no.operand()})", union(yes.alts, no.alts))

    def _loop(self, scope: Scope, depth: int) -> Expr:
        """A loop body may not run: the value before the loop is one path, one more turn another (more turns only
        add characters)."""
        self.path_choices += 1
        name, item = self.fresh("acc"), self.fresh("item")
        start = self.expr(scope, depth)
        items = [self.draw(texts) for _ in range(self.draw(st.integers(1, 3)))]
        step = self.expr(scope, depth) if self.draw(st.booleans()) else Expr(item, union(*map(const, items)))
        listing = ", ".join(self.literal_expr(t).code for t in items)
        scope.emit(
            f"{name} = {start.code}\n{scope.indent}for {item} in [{listing}]:\n{scope.indent}    {name} += {step.code}"
        )
        return Expr(name, union(start.alts, cat(start.alts, step.alts)))


# --- hosts and completion requests ------------------------------------------------------------------------------

# host -> (the variable holding user input, the statement setting it (None: a parameter), other expressions of user
# input, imports they need)
HOSTS = {
    "script_argv": ("q", "q = sys.argv[1]", ("sys.argv[1]",), ["import sys"]),
    "script_input": ("q", 'q = input("Topic: ")', ("input()",), []),
    "main_function": ("q", 'q = input("Topic: ")', ("input()", "sys.argv[1]"), ["import sys"]),
    "flask_view": ("q", 'q = request.args["q"]', ("request.args['q']", "request.form['q']"), []),
    "lambda_handler": ("q", 'q = event["queryStringParameters"]["q"]', (), []),
    "parameter": ("question", None, (), []),
}

# SDK style -> (imports, module-level setup, the request with {prompt} and {user} to fill in)
STYLES = {
    "sdk_v1": (["import ai21"], [], 'ai21.Completion.execute(model="j2-mid", prompt={prompt}, maxTokens=64)'),
    "sdk_v1_alias": (["import ai21 as a2"], [], 'a2.Completion.execute(model="j2-mid", prompt={prompt})'),
    "sdk_completion": (
        ["from ai21 import AI21Client"],
        ["client = AI21Client()"],
        'client.completion.create(model="j2-ultra", prompt={prompt})',
    ),
    "sdk_completion_alias": (
        ["from ai21 import AI21Client as Studio"],
        [],
        'Studio(api_key="k").completion.create(model="j2-ultra", prompt={prompt})',
    ),
    "sdk_chat_completions": (
        ["from ai21 import AI21Client", "from ai21.models.chat import ChatMessage"],
        ["client = AI21Client()"],
        'client.chat.completions.create(model="jamba-instruct", messages=[ChatMessage(role="user", content={prompt})])',
    ),
    "sdk_chat_system": (
        ["from ai21 import AI21Client", "from ai21.models import ChatMessage as Message"],
        ["client = AI21Client()"],
        'client.chat.create(model="j2-ultra", system={prompt}, messages=[Message(role="user", text={user})])',
    ),
    "rest_requests": (
        ["import requests"],
        ['URL = "https://api.ai21.com/studio/v1/j2-ultra/complete"'],
        'requests.post(URL, headers={{"Authorization": "Bearer k"}}, json={{"prompt": {prompt}, "maxTokens": 200}})',
    ),
    "rest_httpx_chat": (
        ["import httpx"],
        [],
        'httpx.post("https://api.ai21.com/studio/v1/chat/completions", json={{"model": "jamba-instruct", '
        '"messages": [{{"role": "user", "content": {prompt}}}]}})',
    ),
    "bedrock": (
        ["import json", "import boto3"],
        ['bedrock = boto3.client("bedrock-runtime")'],
        'bedrock.invoke_model(modelId="ai21.j2-ultra-v1", body=json.dumps({{"prompt": {prompt}, "maxTokens": 200}}))',
    ),
    "llamaindex": (
        ["from llama_index.llms.ai21 import AI21"],
        [],
        'AI21(model="jamba-instruct").complete({prompt})',
    ),
    "langchain": (
        ["from langchain_ai21 import AI21LLM"],
        ['llm = AI21LLM(model="j2-ultra")'],
        "llm.invoke({prompt})",
    ),
}


@st.composite
def programs(draw: Callable) -> Program:
    """A whole app (app.py, perhaps a prompts module) making one AI21 completion request."""
    builder = Builder(draw)
    host = draw(st.sampled_from(sorted(HOSTS)))
    style = draw(st.sampled_from(sorted(STYLES)))
    variable, reads, direct, host_imports = HOSTS[host]
    main = builder.main
    for statement in host_imports:
        main.need(statement)
    in_function = host != "script_argv" and host != "script_input"
    body: List[str] = []
    scope = Scope(main, body, "    " if in_function else "", users=(variable, *direct))
    if reads is not None:
        scope.emit(reads)
    value = builder.expr(scope, draw(st.integers(1, 4)))
    if draw(st.integers(0, 2)):  # padding moves the count about the threshold
        size = draw(st.integers(20, 90))
        pad = builder.literal_expr(draw(st.text(st.sampled_from(_PLAIN + " "), min_size=size, max_size=size)))
        if draw(st.booleans()):
            value = Expr(f"{pad.code} + {value.operand()}", cat(pad.alts, value.alts), atomic=False)
        else:
            value = Expr(f"{value.operand()} + {pad.code}", cat(value.alts, pad.alts), atomic=False)
    imports, setup, call = STYLES[style]
    for statement in imports:
        main.need(statement)
    if draw(st.booleans()):
        scope.emit(f"prompt = {value.code}")
        prompt_code = "prompt"
    else:
        prompt_code = value.code
    scope.emit("result = " + call.format(prompt=prompt_code, user=variable))
    if host == "flask_view":
        main.need("from flask import Flask, request")
        head = ["app = Flask(__name__)", "", "", '@app.route("/ask", methods=["POST"])', "def ask():"]
        tail = [*head, *body, "    return str(result)"]
    elif host == "lambda_handler":
        tail = ["def lambda_handler(event, context):", *body, '    return {"statusCode": 200, "body": str(result)}']
    elif host == "main_function":
        tail = ["def main():", *body, "    print(result)", "", "", 'if __name__ == "__main__":', "    main()"]
    elif host == "parameter":
        tail = ["def answer(question):", *body, "    return result", "", "", 'print(answer(input("Question: ")))']
    else:
        tail = [*body, "print(result)"]
    files = {"app.py": main.source([*setup, "", *tail])}
    if builder.other is not None:
        files[builder.other.path] = builder.other.source([])
        if "/" in builder.other.path:
            files[builder.other.path.rsplit("/", 1)[0] + "/__init__.py"] = ""
    return Program(files, expected_count(value.alts), value.code, host, style, sorted(set(builder.used)))
