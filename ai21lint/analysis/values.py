"""The abstract values the interpreter computes for expressions of the scanned code.

A string is a `StrValue`: a sequence of `Piece`s, each constant (developer text), user (request data, input()...),
opaque (origin unknown), param (a parameter of the function being analysed, resolved later at its call sites) or
generated (the output of a completion request). Branches keep at most two alternatives per string (see `StrValue`),
which is exactly what the guideline-3 decision needs. Everything is immutable and hashable, so values can key memos.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, Optional, Tuple, TypeVar

_WHITESPACE_RUN = re.compile(r"\s+")

T = TypeVar("T")


def hashed_once(cls: type[T]) -> type[T]:
    """Cache the hash of a frozen dataclass on first use, and compare by it first. Values nest deeply (a dict of
    lists of strings of pieces) and key the interpreter's memos, so the generated `__hash__` would walk the whole
    structure on every lookup."""
    compute = cls.__hash__
    equal = cls.__eq__

    def __hash__(self: object) -> int:
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = compute(self)  # type: ignore[misc]
            object.__setattr__(self, "_hash", cached)
        return cached  # type: ignore[no-any-return]

    def __eq__(self: object, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not type(self):
            return NotImplemented  # type: ignore[no-any-return]
        try:
            if hash(self) != hash(other):
                return False
        except TypeError:  # something unhashable inside: compare the fields
            pass
        return equal(self, other)  # type: ignore[no-any-return]

    cls.__hash__ = __hash__  # type: ignore[assignment]
    cls.__eq__ = __eq__  # type: ignore[assignment]
    return cls


class PieceKind(enum.Enum):
    CONSTANT = "constant"
    USER = "user"
    OPAQUE = "opaque"
    PARAM = "param"
    GENERATED = "generated"


@hashed_once
@dataclass(frozen=True)
class Origin:
    """Where a value came from: a node of a project module, and a short label (`TEMPLATE`, `request.form['q']`).

    The line is looked up only when a message needs it (positions cost a full pass over a module).
    """

    path: str
    node: object  # a libcst node; libcst nodes compare and hash by identity
    label: str = ""


@hashed_once
@dataclass(frozen=True)
class Piece:
    kind: PieceKind
    text: str = ""  # the text itself for constants, a description otherwise
    origin: Optional[Origin] = None
    source: Optional[object] = None  # for generated text: the CompletionCall that produced it

    @property
    def is_unknown(self) -> bool:
        """True for pieces whose length nobody can know statically (user text is known not to count)."""
        return self.kind in (PieceKind.OPAQUE, PieceKind.PARAM, PieceKind.GENERATED)


Pieces = Tuple[Piece, ...]


def constant_chars(pieces: Pieces) -> int:
    """Developer-written characters, every whitespace run counted as one (runs span adjacent constant pieces)."""
    total = 0
    run: list[str] = []
    for piece in pieces:
        if piece.kind is PieceKind.CONSTANT:
            run.append(piece.text)
        elif run:
            total += len(_WHITESPACE_RUN.sub(" ", "".join(run)))
            run = []
    if run:
        total += len(_WHITESPACE_RUN.sub(" ", "".join(run)))
    return total


def has_unknown(pieces: Pieces) -> bool:
    return any(p.is_unknown for p in pieces)


def has_param(pieces: Pieces) -> bool:
    return any(p.kind is PieceKind.PARAM for p in pieces)


MAX_PIECES = 48
MAX_ALTS = 8  # distinct paths a string keeps before each class of paths keeps only its shortest (see StrValue)


def _shape(pieces: Pieces) -> Tuple[object, ...]:
    """What counting, call-site resolution and messages see of a path: its constant text, run by run, and the kind
    and label of each other piece (where in the source each came from does not matter)."""
    shape: list[object] = []
    for piece in pieces:
        if piece.kind is PieceKind.CONSTANT:
            if shape and isinstance(shape[-1], str):
                shape[-1] += piece.text
            else:
                shape.append(piece.text)
        else:
            shape.append((piece.kind, piece.text))
    return tuple(shape)


def _edge(pieces: Iterable[Piece], index: int) -> str:
    """ "blank" if the first constant character met (index 0 from the start, -1 from the end) is whitespace before
    any other piece, "other" if something else comes first, "empty" if nothing does."""
    for piece in pieces:
        if piece.kind is not PieceKind.CONSTANT:
            return "other"
        if piece.text:
            return "blank" if piece.text[index].isspace() else "other"
    return "empty"


def _edges(pieces: Pieces) -> Tuple[str, ...]:
    """How a path joins what is concatenated to it: a whitespace run at its start or end merges with a run on the
    other side (`str.isspace` is the `\\s` of the counting regex); an empty path joins its neighbours directly."""
    start = _edge(pieces, 0)
    return (start,) if start == "empty" else (start, _edge(reversed(pieces), -1))


def _merge_constants(pieces: Pieces) -> Pieces:
    """Drop empty constants, keeping the provenance of each other piece. A string built from many parts (10,000
    `+=` in a generated file) has its adjacent constants joined into one piece, named after the first: the count
    stays exact and the work stays linear."""
    kept = tuple(p for p in pieces if not (p.kind is PieceKind.CONSTANT and p.text == ""))
    if len(kept) <= MAX_PIECES:
        return kept
    merged: list[Piece] = []
    for piece in kept:
        if merged and piece.kind is PieceKind.CONSTANT and merged[-1].kind is PieceKind.CONSTANT:
            merged[-1] = Piece(PieceKind.CONSTANT, merged[-1].text + piece.text, merged[-1].origin)
        else:
            merged.append(piece)
    return tuple(merged)


class Value:
    """Base of all abstract values."""

    __slots__ = ()


@hashed_once
@dataclass(frozen=True)
class StrValue(Value):
    """A string: the piece sequences of the paths that may build it, shortest developer-written text first.

    Guideline 3 needs, over all paths, the fewest constant characters among paths with no unknown piece (it proves a
    violation) and among those with unknown pieces (it makes the count unknowable). Up to `MAX_ALTS` distinct paths
    are kept as they are, so methods that change lengths unevenly (`.upper()` of "ß", `.replace()`) stay exact. Past
    that, each class of paths keeps only its shortest: the class is known/unknown and the path's edges (empty, or
    whether it starts and ends with constant whitespace), because a whitespace run merges across the edge of what
    is joined to it and nothing else does, so every later concatenation changes the members of a class alike and the
    shortest stays the shortest. The value never holds more than ten paths, whatever the number of branches.
    """

    alts: Tuple[Pieces, ...]
    # generated text any path carried, including paths dropped above: what flows on to a sink does not depend on
    # which path is shortest
    carried: frozenset = frozenset()

    @staticmethod
    def of(pieces: Pieces) -> StrValue:
        return StrValue((_merge_constants(pieces),))

    @staticmethod
    def constant(text: str, origin: Optional[Origin] = None) -> StrValue:
        return StrValue(((Piece(PieceKind.CONSTANT, text, origin),),))

    @staticmethod
    def unknown(kind: PieceKind, label: str, origin: Optional[Origin] = None) -> StrValue:
        return StrValue(((Piece(kind, label, origin),),))

    @staticmethod
    def choose(alternatives: list[Pieces], carried: frozenset = frozenset()) -> StrValue:
        carried = carried | {
            p.source for alt in alternatives for p in alt if p.kind is PieceKind.GENERATED and p.source is not None
        }
        counts: Dict[Pieces, int] = {}
        shapes = set()
        for alt in alternatives:  # paths that count alike once, the first of them (its labels go into messages)
            shape = _shape(alt)
            if shape not in shapes:
                shapes.add(shape)
                counts[alt] = constant_chars(alt)
        kept = list(counts)
        if len(kept) > MAX_ALTS:
            best: Dict[Tuple[bool, Tuple[str, ...]], Pieces] = {}
            for alt in kept:
                key = (has_unknown(alt), _edges(alt))
                if key not in best or counts[alt] < counts[best[key]]:
                    best[key] = alt
            shortest_known = {edges: counts[alt] for (unknown, edges), alt in best.items() if not unknown}
            # a path with unknown pieces decides nothing when a known one with the same edges is no longer
            kept = [
                alt
                for (unknown, edges), alt in best.items()
                if not unknown or shortest_known.get(edges, counts[alt] + 1) > counts[alt]
            ]
        kept.sort(key=lambda alt: (has_unknown(alt), counts[alt]))
        return StrValue(tuple(kept), frozenset(carried))

    @property
    def first(self) -> Pieces:
        return self.alts[0]

    def is_constant(self) -> bool:
        return all(p.kind is PieceKind.CONSTANT for alt in self.alts for p in alt)

    def constant_text(self) -> Optional[str]:
        """The whole string when it is fully constant on every path: the shortest path's text when they differ."""
        if not self.is_constant():
            return None
        return "".join(p.text for p in self.alts[0])

    def map_pieces(self, fn: Callable[[Pieces], Pieces]) -> StrValue:
        return StrValue.choose([_merge_constants(fn(alt)) for alt in self.alts], self.carried)

    def any_piece(self, kind: PieceKind) -> bool:
        return any(p.kind is kind for alt in self.alts for p in alt)


def concat(*values: StrValue) -> StrValue:
    result: list[Pieces] = [()]
    carried: frozenset = frozenset()
    for value in values:
        carried = carried | value.carried
        result = [left + right for left in result for right in value.alts]
        if len(result) > MAX_ALTS:
            pruned = StrValue.choose(result)
            carried = carried | pruned.carried
            result = list(pruned.alts)
    return StrValue.choose([_merge_constants(r) for r in result], carried)


@hashed_once
@dataclass(frozen=True)
class UnknownValue(Value):
    """A value of unknown type and content; `kind` says whose it is (user, opaque, param, generated)."""

    kind: PieceKind
    label: str
    origin: Optional[Origin] = None
    generated_by: Optional[object] = None  # the CompletionCall, for generated text
    framework: str = ""  # for parameters of a framework's handler: the package calling it (`telegram`)
    gate: bool = False  # a person's answer (a confirmation) or a condition derived from one


@hashed_once
@dataclass(frozen=True)
class IntValue(Value):
    value: int


@hashed_once
@dataclass(frozen=True)
class BoolValue(Value):
    value: bool


@hashed_once
@dataclass(frozen=True)
class NoneValue(Value):
    pass


@hashed_once
@dataclass(frozen=True)
class SeqValue(Value):
    """A list or tuple: known items, then perhaps more of `more` (added in a loop, so maybe none)."""

    items: Tuple[Value, ...]
    more: Optional[Value] = None


@hashed_once
@dataclass(frozen=True)
class DictValue(Value):
    """A dict with constant string keys; `open` when other keys may exist (unpacked unknowns)."""

    items: Tuple[Tuple[str, Value], ...]
    open: bool = False
    more: Optional[Value] = None  # values stored under keys the interpreter cannot know (`cache[user_id] = text`)

    def get(self, key: str) -> Optional[Value]:
        for k, v in reversed(self.items):
            if k == key:
                return v
        return None

    def set(self, key: str, value: Value) -> DictValue:
        return DictValue(tuple((k, v) for k, v in self.items if k != key) + ((key, value),), self.open, self.more)

    def set_unknown(self, value: Value) -> DictValue:
        return DictValue(self.items, True, join(self.more, value))


@hashed_once
@dataclass(frozen=True)
class ExternalValue(Value):
    """Something from outside the project: a module, class, function or an instance of a class, reached by name.

    `qualname` is the fully resolved dotted name (`ai21.AI21Client`), `instance` says whether it is an object made by
    calling it, `path` the attribute/call/subscript steps taken from it (`("completion", "create")`), `init` the
    constructor's keyword arguments for instances (LangChain `AI21LLM(model=...)`, `boto3.client("bedrock-runtime")`).
    """

    qualname: str
    instance: bool = False
    path: Tuple[str, ...] = ()
    init: Optional[CallArgs] = None
    label: str = ""
    origin: Optional[Origin] = None

    @property
    def dotted(self) -> str:
        steps = [s for s in self.path if s not in ("()", "[]")]
        return ".".join([self.qualname, *steps])


@hashed_once
@dataclass(frozen=True)
class CallArgs:
    positional: Tuple[Value, ...] = ()
    keywords: Tuple[Tuple[str, Value], ...] = ()
    star: Optional[Value] = None  # *args of unknown content
    starstar: Optional[Value] = None  # **kwargs of unknown content

    def keyword(self, name: str) -> Optional[Value]:
        for k, v in self.keywords:
            if k == name:
                return v
        return None

    def get(self, index: int, name: str) -> Optional[Value]:
        """The argument passed by keyword `name` or else at `index` (index < 0: keyword only)."""
        found = self.keyword(name)
        if found is not None:
            return found
        if 0 <= index < len(self.positional):
            return self.positional[index]
        return None


@hashed_once
@dataclass(frozen=True)
class FunctionRef:
    """A function or method of the project, identified by module path and qualified name inside it."""

    module: str
    qualname: str
    node: object = field(compare=False, hash=False, repr=False)
    class_ref: Optional[ClassRef] = field(default=None, compare=False, hash=False, repr=False)


@hashed_once
@dataclass(frozen=True)
class ClassRef:
    module: str
    qualname: str
    node: object = field(compare=False, hash=False, repr=False)


class Closure:
    """The names a nested function captured, hashed once.

    Closures nest (a function defined after another captures it), so a plain
    tuple would be rehashed through every level on each memo lookup, which is
    exponential in the nesting.
    """

    __slots__ = ("items", "_hash")

    def __init__(self, items: Tuple[Tuple[str, Value], ...] = ()) -> None:
        self.items = items
        self._hash = hash(items)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        return isinstance(other, Closure) and self._hash == other._hash and self.items == other.items


EMPTY_CLOSURE = Closure()


def capture(env: Dict[str, Value]) -> Closure:
    """The closure of a function defined in an environment (empty if a value cannot be hashed)."""
    try:
        return Closure(tuple(env.items()))
    except TypeError:
        return EMPTY_CLOSURE


@hashed_once
@dataclass(frozen=True)
class FunctionValue(Value):
    ref: FunctionRef
    closure: Closure = EMPTY_CLOSURE
    bound_self: Optional[Value] = None


@hashed_once
@dataclass(frozen=True)
class ClassValue(Value):
    ref: ClassRef


@hashed_once
@dataclass(frozen=True)
class InstanceValue(Value):
    """An object of a project class; `fields` holds what its constructor was given, for classes without an
    `__init__` of their own (dataclasses, NamedTuples, pydantic models): `Post(caption=text).caption`."""

    ref: ClassRef
    fields: Tuple[Tuple[str, Value], ...] = ()


@hashed_once
@dataclass(frozen=True)
class ModuleValue(Value):
    path: str  # relative path of a project module


@hashed_once
@dataclass(frozen=True)
class TemplateValue(Value):
    """A prompt template: LangChain `PromptTemplate`/`ChatPromptTemplate` or `string.Template`.

    `parts` holds (role, text) pairs; `syntax` is `format` (`{name}`), `jinja2` (`{{ name }}`) or `dollar` (`$name`).
    `bound` holds variables already filled by `.partial()`.
    """

    parts: Tuple[Tuple[str, StrValue], ...]
    syntax: str = "format"
    bound: Tuple[Tuple[str, Value], ...] = ()


@hashed_once
@dataclass(frozen=True)
class ChainValue(Value):
    """A LangChain pipeline (`prompt | llm | parser`, `LLMChain(llm=..., prompt=...)`): its steps in order."""

    steps: Tuple[Value, ...]


@hashed_once
@dataclass(frozen=True)
class JsonValue(Value):
    """`json.dumps(x)` (and `.encode()` of it): serialised, but the structure is kept for reading payloads."""

    inner: Value


@hashed_once
@dataclass(frozen=True)
class UnionValue(Value):
    """A value that is one of several non-string values depending on the path taken."""

    members: Tuple[Value, ...]


OPAQUE = UnknownValue(PieceKind.OPAQUE, "unknown value")


def join(left: Optional[Value], right: Optional[Value]) -> Optional[Value]:
    """The value of a name after two paths meet."""
    if left is None:
        return right
    if right is None or left == right:
        return left
    if isinstance(left, StrValue) and isinstance(right, StrValue):
        return StrValue.choose(list(left.alts) + list(right.alts), left.carried | right.carried)
    if isinstance(left, SeqValue) and isinstance(right, SeqValue) and len(left.items) == len(right.items):
        items = tuple(join(a, b) or OPAQUE for a, b in zip(left.items, right.items))
        return SeqValue(items, join(left.more, right.more))
    if isinstance(left, SeqValue) and isinstance(right, SeqValue):
        # the items only one path added may be absent: they become "perhaps more" items
        shorter, longer = sorted((left, right), key=lambda s: len(s.items))
        more = join(shorter.more, longer.more)
        for extra in longer.items[len(shorter.items) :]:
            more = join(more, extra)
        prefix = tuple(join(a, b) or OPAQUE for a, b in zip(shorter.items, longer.items))
        return SeqValue(prefix, more)
    members: list[Value] = []
    for value in (left, right):
        for member in value.members if isinstance(value, UnionValue) else (value,):
            if member not in members:
                members.append(member)
    strs = [m for m in members if isinstance(m, StrValue)]
    if len(strs) > 1:
        merged = StrValue.choose([alt for s in strs for alt in s.alts], frozenset().union(*(s.carried for s in strs)))
        members = [m for m in members if not isinstance(m, StrValue)] + [merged]
    if len(members) == 1:
        return members[0]
    return UnionValue(tuple(members[:6]))
