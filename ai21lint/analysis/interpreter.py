"""The abstract interpreter: runs the project's functions over `values`, never the real code.

Each function of an analysed module gets one *top-level pass* in which its parameters are symbolic (`PARAM` pieces),
or user input when a framework calls it (a Flask view, a Gradio callback, a bot handler). A call to another project
function is evaluated by running the callee's body with the caller's argument values (memoised, depth-limited), so
helper return values and wrapper functions are followed. A completion request found in a callee reaches the caller as
a `PromptInstance`; it is reported where its prompt stops depending on parameters: at the call that supplies the text.

Statements are interpreted in order with an environment per function: branches meet by `values.join` (minimum over
paths), loop bodies may not run, `+=` and `.append()` rebind names. Expressions are evaluated without recursion on
chain length for `+`/`and`/`or` chains, which is where generated code gets deep.
"""

from __future__ import annotations

import builtins
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Optional, Sequence, Union

import libcst as cst

from ai21lint.analysis import flow, recognition, stdlib
from ai21lint.analysis.callsites import ChainStep, CompletionCall, PromptInstance
from ai21lint.analysis.project import Project
from ai21lint.analysis.strings import fill_template, strip_value, unescape_fstring_text
from ai21lint.analysis.values import (
    EMPTY_CLOSURE,
    OPAQUE,
    BoolValue,
    CallArgs,
    ChainValue,
    ClassRef,
    ClassValue,
    DictValue,
    ExternalValue,
    FunctionRef,
    FunctionValue,
    InstanceValue,
    IntValue,
    JsonValue,
    ModuleValue,
    NoneValue,
    Origin,
    Piece,
    PieceKind,
    SeqValue,
    StrValue,
    TemplateValue,
    UnionValue,
    UnknownValue,
    Value,
    capture,
    concat,
    has_param,
    join,
)
from ai21lint.catalogues import gates, protected, sinks, sources

MAX_INLINE_DEPTH = 6
MAX_UNROLL = 64
# Function bodies one top-level pass (or one module body) may inline. Inlining follows calls six deep, so a
# framework's dense call graph would otherwise fan out exponentially; AI21 apps stay far below this.
INLINE_BUDGET = 400
_BUILTIN_NAMES = frozenset(dir(builtins))
_SERIALISERS = frozenset({"dict", "model_dump", "model_dump_json", "json", "to_dict", "_asdict", "asdict", "to_json"})
_MUTATING_METHODS = frozenset({"append", "extend", "insert", "update", "setdefault", "add"})
_ABSORBING_METHODS = frozenset(
    {
        "set_content",
        "add_alternative",
        "attach",
        "set_payload",
        "put",
        "put_nowait",
        "append",
        "extend",
        "add",
        "write",
        "writelines",
        "insert",
        "update",
        "add_text",
        "add_paragraph",
        "set_body",
        "set_text",
    }
)
_CASE_METHODS = {
    "lower": str.lower,
    "upper": str.upper,
    "title": str.title,
    "capitalize": str.capitalize,
    "casefold": str.casefold,
    "swapcase": str.swapcase,
}
_STR_IDENTITY_METHODS = frozenset(
    {
        "format_map",
        "expandtabs",
        "zfill",
        "center",
        "ljust",
        "rjust",
        "encode",
        "decode",
        "removeprefix",
        "removesuffix",
    }
)


@dataclass(frozen=True)
class LazyImport(Value):
    """`from module import name` in a module's globals: resolved when the name is used, so that imported modules
    are parsed only when something needs them."""

    importer: str
    module: Optional[str]  # project module path, when the import is of the project
    name: Optional[str]  # None for `import module`
    qualname: str  # the dotted name as written, for external modules


@dataclass(frozen=True)
class BoundBuiltin(Value):
    """A method of a value the interpreter models itself (`"...".format`, `template.invoke`, `messages.append`)."""

    receiver: Value
    name: str


@dataclass
class InlineResult:
    returns: Optional[Value]
    instances: list[PromptInstance]


@dataclass
class TopResult:
    """What the top-level pass of one function found."""

    param_chains: set[tuple[int, ...]] = field(default_factory=set)
    deferred: list[PromptInstance] = field(default_factory=list)


@dataclass
class Frame:
    module: str
    function: Optional[FunctionRef]
    env: dict[str, Value]
    top: bool
    depth: int
    closure: dict[str, Value] = field(default_factory=dict)
    instances: list[PromptInstance] = field(default_factory=list)
    returns: list[Value] = field(default_factory=list)
    self_name: Optional[str] = None
    self_class: Optional[ClassRef] = None
    saw_yield: bool = False
    collecting: bool = False  # the instance-attribute pass: no reports, no cached top-level results
    in_condition: bool = False
    generated_seen: bool = False  # generated text exists on this path: only from here on can a person review it
    gated: bool = False  # a human review gate has been passed on the way here
    bulk: bool = False  # inside a loop that may be over recipients
    loop_names: frozenset = frozenset()  # variables whose value changes with that loop (who a message goes to)
    presenting: str = ""  # the framework that shows this handler's return value to a person, if any
    lambda_handler: bool = False
    deciding: Optional[tuple[frozenset[CompletionCall], int]] = None  # in a branch chosen by generated text


class Interpreter:
    """Project-wide analysis state. `analyse_module` runs a module's passes; `finish` settles wrappers."""

    def __init__(
        self,
        project: Project,
        wrappers: dict[str, str] | None = None,
        extra_sinks: Optional[dict[str, tuple[str, ...]]] = None,
        public_channels: Iterable[str] = (),
        extra_gates: Iterable[str] = (),
        stores: Optional[dict[str, frozenset[CompletionCall]]] = None,
        extra_protected: Iterable[str] = (),
    ) -> None:
        self.project = project
        self.wrappers = wrappers or {}
        self.extra_sinks = extra_sinks or {}
        self.public_channels = frozenset(public_channels)
        self.extra_gates = frozenset(extra_gates)
        self.extra_protected = tuple(extra_protected)
        # Generated text kept where other code reads it later (a module-level history list, Streamlit's
        # session_state): flow-insensitive, so the engine runs a second pass seeded with what the first one found.
        self.stores: dict[str, frozenset[CompletionCall]] = dict(stores or {})
        self.stores_grew = False
        self.flow_events: dict[tuple[str, int], flow.FlowEvent] = {}
        self.app_objects: list[tuple[str, cst.CSTNode]] = []
        self.flagging_modules: set[str] = set()
        self.prompts_by_call: dict[int, list[StrValue]] = {}
        self._assigned_from_condition = False
        self.completion_calls: dict[int, CompletionCall] = {}
        self.reported: list[PromptInstance] = []
        self._globals: dict[str, dict[str, Value]] = {}
        self._globals_done: set[str] = set()
        self._analysed: set[str] = set()
        self._top: dict[FunctionRef, TopResult] = {}
        self._top_running: set[FunctionRef] = set()
        self._pending: deque[FunctionValue] = deque()  # top-level passes to run, of functions of analysed modules
        self._waiting: dict[str, list[FunctionValue]] = {}  # those of other modules, until they are analysed
        self._handlers: dict[FunctionRef, str] = {}
        self._approval_handlers: set[FunctionRef] = set()
        self._callers: Counter[FunctionRef] = Counter()
        self._inline_memo: dict[tuple[object, ...], InlineResult] = {}
        self._inline_stack: list[FunctionRef] = []
        self._budget = INLINE_BUDGET
        self._class_ns: dict[ClassRef, dict[str, Value]] = {}
        self._instance_attrs: dict[ClassRef, dict[str, Value]] = {}
        self._deref_cache: dict[LazyImport, Value] = {}
        self._literals: dict[cst.SimpleString, str] = {}
        self._deref_active: set[LazyImport] = set()

    # --- driving -------------------------------------------------------------------------------------------------

    def analyse_module(self, rel: str) -> None:
        """Run the module body, then the top-level pass of every function and method defined in it."""
        if rel in self._analysed:
            return
        self._analysed.add(rel)
        self._pending.extend(self._waiting.pop(rel, ()))
        self.globals_of(rel)
        self._drain_pending()

    def _queue(self, function: FunctionValue) -> None:
        """Functions of modules that are only imported from are evaluated where they are called, not on their own:
        they hold no completion request (or their module would be analysed), and analysing everything they define
        would spread over the whole dependency cone. They wait until their module is analysed, if it ever is."""
        if function.ref.module in self._analysed:
            self._pending.append(function)
        else:
            self._waiting.setdefault(function.ref.module, []).append(function)

    def _drain_pending(self) -> None:
        """Top-level passes for the functions of analysed modules, in the order they were defined."""
        while self._pending:
            self.top_result(self._pending.popleft())

    def finish(self) -> None:
        """Wrappers nobody in the project calls: their parameters are unknown, so report their prompts as they are."""
        self._drain_pending()
        for ref, result in list(self._top.items()):
            if self._callers[ref] == 0:
                self.reported.extend(result.deferred)

    def record_event(
        self,
        kind: str,
        family: str,
        frame: Frame,
        node: cst.CSTNode,
        sources_: frozenset[CompletionCall],
        bulk: Optional[bool] = None,
        scope: int = 0,
    ) -> None:
        """Generated text reaches a sink. One event per sink and kind: a path without a gate, or inside a loop, on
        any of the ways the code gets there decides."""
        key = (kind, id(node))
        event = flow.FlowEvent(
            kind, family, frame.module, node, sources_, frame.gated, frame.bulk if bulk is None else bulk, scope
        )
        existing = self.flow_events.get(key)
        if existing is not None:
            event = replace(
                existing,
                sources=existing.sources | sources_,
                gated=existing.gated and event.gated,
                bulk=existing.bulk or event.bulk,
            )
        self.flow_events[key] = event

    def configured_sink(self, callee: Value) -> Optional[tuple[str, str]]:
        """A sink named in the configuration: (kind, family)."""
        if not self.extra_sinks:
            return None
        if isinstance(callee, ExternalValue):
            dotted = callee.dotted
        elif isinstance(callee, FunctionValue):
            dotted = f"{recognition._module_dotted(callee.ref.module)}.{callee.ref.qualname}"
        else:
            return None
        for kind, names in self.extra_sinks.items():
            for name in names:
                if dotted == name or dotted.endswith("." + name):
                    return kind, name
        return None

    def uncalled_wrappers(self) -> dict[str, set[str]]:
        """Wrapper functions (their parameters reach a prompt) that no analysed code calls yet: name -> modules."""
        self._drain_pending()
        found: dict[str, set[str]] = {}
        for ref, result in self._top.items():
            if result.deferred and self._callers[ref] == 0 and not ref.qualname.startswith("<lambda"):
                found.setdefault(ref.qualname.rsplit(".", 1)[-1], set()).add(ref.module)
        return found

    # --- module globals --------------------------------------------------------------------------------------------

    def globals_of(self, rel: str) -> dict[str, Value]:
        existing = self._globals.get(rel)
        if existing is not None:
            return existing
        env: dict[str, Value] = {}
        self._globals[rel] = env
        source = self.project.module(rel)
        if source.tree is None:
            self._globals_done.add(rel)
            return env
        frame = Frame(module=rel, function=None, env=env, top=True, depth=0)
        with self._fresh_budget():
            self._run_guarded(frame, source.tree.body)
        self._globals_done.add(rel)
        self.reported.extend(frame.instances)
        return env

    @contextmanager
    def _fresh_budget(self) -> Iterator[None]:
        saved, self._budget = self._budget, INLINE_BUDGET
        try:
            yield
        finally:
            self._budget = saved

    def _spend(self) -> bool:
        """Take one inlined body from the budget; False once it is spent."""
        self._budget -= 1
        return self._budget >= 0

    def _run_guarded(self, frame: Frame, body: Sequence[cst.CSTNode]) -> None:
        try:
            self.exec_block(body, frame)
        except RecursionError:
            pass  # a pathologically deep construct: what was found before it stands

    def module_attr(self, rel: str, name: str) -> Value:
        env = self.globals_of(rel)
        value = env.get(name)
        if value is not None:
            return self.deref(value)
        if self.project.is_package(rel):
            sub = self.project.resolve_module(rel, name, level=1)
            if sub is not None:
                return ModuleValue(sub)
        return UnknownValue(PieceKind.OPAQUE, name)

    def deref(self, value: Value) -> Value:
        """The value an imported name stands for. Memoised once its module is complete; a chain of re-exports that
        leads back to itself (`from a import *` in b, `from b import x` in a) resolves to an unknown value."""
        if not isinstance(value, LazyImport):
            return value
        cached = self._deref_cache.get(value)
        if cached is not None:
            return cached
        if value in self._deref_active:
            return UnknownValue(PieceKind.OPAQUE, value.name or value.qualname)
        self._deref_active.add(value)
        try:
            result = self._resolve_import(value)
        finally:
            self._deref_active.discard(value)
        if value.module is None or value.module in self._globals_done:
            self._deref_cache[value] = result
        return result

    def _resolve_import(self, value: LazyImport) -> Value:
        if value.module is None:
            return ExternalValue(value.qualname)
        if value.name is None:
            return ModuleValue(value.module)
        if value.module in self._globals and value.module not in self._globals_done:
            found = self._globals[value.module].get(value.name)
            return self.deref(found) if found is not None else UnknownValue(PieceKind.OPAQUE, value.name)
        return self.module_attr(value.module, value.name)

    # --- functions ---------------------------------------------------------------------------------------------

    def top_result(self, function: FunctionValue) -> TopResult:
        ref = function.ref
        existing = self._top.get(ref)
        if existing is not None:
            return existing
        if ref in self._top_running:
            return TopResult()
        self._top_running.add(ref)
        try:
            with self._fresh_budget():
                result = self._run_top(function)
        finally:
            self._top_running.discard(ref)
        self._top[ref] = result
        return result

    def _run_top(self, function: FunctionValue) -> TopResult:
        ref = function.ref
        node = ref.node
        frame = Frame(module=ref.module, function=ref, env={}, top=True, depth=0, closure=dict(function.closure.items))
        framework = self._handler_framework(function)
        user = bool(framework)
        frame.gated = ref in self._approval_handlers
        # an API Gateway handler answers a person; one fed queue or storage records (`event["Records"]`) does not
        frame.lambda_handler = framework == "aws_lambda" and not _reads_event_records(self.project, ref)
        if framework in sinks.RESPONDING_FRAMEWORKS:
            frame.presenting = framework
        params = _parameters(node)
        for index, (name, _default, kind) in enumerate(params):
            if index == 0 and ref.class_ref is not None and not _is_static(node):
                frame.self_name = name
                frame.self_class = ref.class_ref
                frame.env[name] = ClassValue(ref.class_ref) if _is_classmethod(node) else InstanceValue(ref.class_ref)
                continue
            origin = Origin(ref.module, node, name)
            annotated = self._annotation_framework(node, index, frame)
            if user or annotated or name in sources.REQUEST_PARAM_NAMES:
                value: Value = UnknownValue(PieceKind.USER, name, origin, framework=framework or annotated)
                if not user and name in sources.REQUEST_PARAM_NAMES and index <= (1 if frame.self_name else 0):
                    frame.presenting = frame.presenting or "django"  # a view: it answers the request it is given
            else:
                value = self._typed_param(node, index, name, ref.module, UnknownValue(PieceKind.PARAM, name, origin))
            if kind == "*":
                value = SeqValue((), value)
            elif kind == "**":
                value = DictValue((), open=True)
            frame.env[name] = value
        self._run_body(frame, node)
        result = TopResult()
        for instance in frame.instances:
            if _prompt_depends_on_params(instance):
                result.param_chains.add(instance.chain_key())
                result.deferred.append(instance)
            else:
                self.reported.append(instance)
        return result

    def _run_body(self, frame: Frame, node: object) -> None:
        if isinstance(node, cst.Lambda):
            try:
                frame.returns.append(self.eval(node.body, frame))
            except RecursionError:
                pass
            return
        assert isinstance(node, cst.FunctionDef)
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else node.body.body
        self._run_guarded(frame, body)

    def _annotated_class(self, node: object, index: int, module: str) -> Optional[ExternalValue]:
        """The class a parameter is annotated with, when it is a class from outside the project (not a builtin or
        a `typing` construct): `ig: instagrapi.Client`, `update: telegram.Update`."""
        if not isinstance(node, cst.FunctionDef):
            return None
        params = [*node.params.posonly_params, *node.params.params]
        if index >= len(params) or params[index].annotation is None:
            return None
        annotation = params[index].annotation.annotation  # type: ignore[union-attr]
        if isinstance(annotation, cst.SimpleString):
            return None
        value = self.eval(annotation, Frame(module=module, function=None, env={}, top=False, depth=0))
        if isinstance(value, ExternalValue) and not value.instance and not value.path:
            if value.qualname.split(".")[0] not in ("builtins", "typing", "typing_extensions", "collections"):
                return value
        return None

    def _annotation_framework(self, node: object, index: int, frame: Frame) -> str:
        """`update: telegram.Update`: a parameter typed with a framework's class is that framework's input."""
        value = self._annotated_class(node, index, frame.module)
        if value is not None and value.qualname.split(".")[0] in sources.FRAMEWORK_ROOTS:
            return value.qualname.split(".")[0]
        return ""

    def _typed_param(self, node: object, index: int, name: str, module: str, default: Value) -> Value:
        typed = self._annotated_class(node, index, module)
        if typed is None or typed.qualname.split(".")[0] in sources.FRAMEWORK_ROOTS:
            return default
        return ExternalValue(typed.qualname, instance=True, label=name, origin=Origin(module, node, name))

    def _handler_framework(self, function: FunctionValue) -> str:
        """The package that calls this function with user data (`flask`, `telegram`, `aws_lambda`), or ""."""
        ref = function.ref
        if ref in self._handlers:
            return self._handlers[ref]
        node = ref.node
        if isinstance(node, cst.FunctionDef):
            params = [name for name, _, _ in _parameters(node)]
            if (
                node.name.value in sources.PLATFORM_HANDLER_NAMES
                and params[:1]
                and params[0] in (sources.PLATFORM_EVENT_PARAMS)
            ):
                return "aws_lambda"
        return ""

    def _mark_handler(self, value: Value, framework: str) -> None:
        if isinstance(value, FunctionValue) and value.ref not in self._handlers:
            self._handlers[value.ref] = framework
            if value.ref in self._top and value.ref not in self._top_running:
                # analysed before we knew a framework calls it: analyse again with user-input parameters
                previous = self._top.pop(value.ref)
                self.reported = [i for i in self.reported if i not in previous.deferred]
                self._queue(value)

    def call_function(self, function: FunctionValue, args: CallArgs, node: cst.CSTNode, frame: Frame) -> Value:
        ref = function.ref
        if frame.collecting:
            if frame.depth >= MAX_INLINE_DEPTH or ref in self._inline_stack or not self._spend():
                return UnknownValue(PieceKind.OPAQUE, f"{ref.qualname}()")
            collected = self._inline(function, args, frame.depth + 1, collecting=True)
            return collected.returns if collected.returns is not None else NoneValue()
        self._callers[ref] += 1
        top = self.top_result(function)
        if frame.depth >= MAX_INLINE_DEPTH or ref in self._inline_stack:
            return UnknownValue(PieceKind.OPAQUE, f"{ref.qualname}()")
        varying = _varying_parameters(ref.node, node, frame.loop_names, function.bound_self is not None)
        key = (ref, args, function.bound_self, function.closure, frame.gated, frame.bulk, varying)
        try:
            result = self._inline_memo.get(key)
        except TypeError:
            result = None
            key = None  # type: ignore[assignment]
        if result is None:
            if not self._spend():
                return UnknownValue(PieceKind.OPAQUE, f"{ref.qualname}()")
            result = self._inline(
                function, args, frame.depth + 1, gated=frame.gated, bulk=frame.bulk, loop_names=varying
            )
            if key is not None:
                self._inline_memo[key] = result
        if result.returns is not None and flow.generated_sources(result.returns):
            frame.generated_seen = True
        step: ChainStep = (frame.module, node)
        for instance in result.instances:
            if instance.chain_key() in top.param_chains:
                frame.instances.append(replace(instance, chain=(step, *instance.chain)))
        return result.returns if result.returns is not None else NoneValue()

    def _inline(
        self,
        function: FunctionValue,
        args: CallArgs,
        depth: int,
        collecting: bool = False,
        gated: bool = False,
        bulk: bool = False,
        loop_names: frozenset = frozenset(),
    ) -> InlineResult:
        ref = function.ref
        node = ref.node
        frame = Frame(
            module=ref.module,
            function=ref,
            env={},
            top=False,
            depth=depth,
            closure=dict(function.closure.items),
            collecting=collecting,
            generated_seen=gated
            or any(flow.generated_sources(v) for v in (*args.positional, *(v for _, v in args.keywords))),
            gated=gated or ref in self._approval_handlers,
            bulk=bulk,
            loop_names=loop_names,
        )
        framework = self._handlers.get(ref, "")
        if framework in sinks.RESPONDING_FRAMEWORKS:
            frame.presenting = framework
        params = _parameters(node)
        positional = list(args.positional)
        if function.bound_self is not None:
            positional.insert(0, function.bound_self)
        for index, (name, default, kind) in enumerate(params):
            if kind == "*":
                frame.env[name] = SeqValue(tuple(positional[index:]), args.star)
                positional = positional[:index]
                continue
            if kind == "**":
                frame.env[name] = DictValue(args.keywords, open=args.starstar is not None)
                continue
            value = args.keyword(name) if kind != "posonly" else None
            if value is None and kind != "kwonly" and index < len(positional):
                value = positional[index]
            if value is None:
                if default is not None:
                    value = self.eval(default, Frame(module=ref.module, function=None, env={}, top=False, depth=depth))
                elif args.star is not None or args.starstar is not None:
                    value = UnknownValue(PieceKind.OPAQUE, name)
                else:
                    value = UnknownValue(PieceKind.OPAQUE, name)
            if index == 0 and ref.class_ref is not None and not _is_static(node):
                frame.self_name = name
                frame.self_class = ref.class_ref
            frame.env[name] = value
        self._inline_stack.append(ref)
        try:
            self._run_body(frame, node)
        finally:
            self._inline_stack.pop()
        returns: Optional[Value] = None
        for value in frame.returns:
            returns = join(returns, value)
        if frame.saw_yield:
            returns = SeqValue((), returns or OPAQUE)
        return InlineResult(returns, frame.instances)

    # --- classes -----------------------------------------------------------------------------------------------

    def class_namespace(self, ref: ClassRef) -> dict[str, Value]:
        existing = self._class_ns.get(ref)
        if existing is not None:
            return existing
        namespace: dict[str, Value] = {}
        self._class_ns[ref] = namespace
        node = ref.node
        assert isinstance(node, cst.ClassDef)
        frame = Frame(module=ref.module, function=None, env=namespace, top=True, depth=0)
        frame.self_class = ref  # methods defined here belong to the class
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else node.body.body
        self._run_guarded(frame, body)
        self.reported.extend(frame.instances)
        for base in node.bases:
            base_value = self.eval(base.value, Frame(module=ref.module, function=None, env={}, top=False, depth=0))
            if isinstance(base_value, ClassValue):
                for name, value in self.class_namespace(base_value.ref).items():
                    namespace.setdefault(name, value)
        return namespace

    def instance_attr(self, ref: ClassRef, name: str, receiver: Value, origin: Optional[Origin] = None) -> Value:
        if isinstance(receiver, InstanceValue):
            for field_name, field_value in receiver.fields:
                if field_name == name:
                    return field_value
        namespace = self.class_namespace(ref)
        attrs = self._collect_instance_attrs(ref)
        if name in attrs:
            return attrs[name]
        member = namespace.get(name)
        if isinstance(member, FunctionValue):
            if _is_static(member.ref.node):
                return member
            return replace(member, bound_self=receiver)
        if member is not None:
            return member
        return UnknownValue(PieceKind.OPAQUE, f"self.{name}", origin)

    _SETUP_METHODS = ("__init__", "__post_init__", "setUp", "setup", "__enter__", "__aenter__")

    def _collect_instance_attrs(self, ref: ClassRef) -> dict[str, Value]:
        """What methods store on `self`, for attribute reads in other methods.

        A pass of its own over the class's methods (set-up methods first), with parameters unknown: it records
        `self.x = ...` but reports nothing and caches no top-level result, so a method analysed later sees every
        attribute whatever order the reads and writes come in. While it runs, reads see what is recorded so far.
        """
        existing = self._instance_attrs.get(ref)
        if existing is not None:
            return existing
        attrs: dict[str, Value] = {}
        self._instance_attrs[ref] = attrs
        methods = [
            v
            for v in self.class_namespace(ref).values()
            if isinstance(v, FunctionValue) and _stores_on_self(v.ref.node)
        ]
        methods.sort(key=lambda m: m.ref.qualname.rsplit(".", 1)[-1] not in self._SETUP_METHODS)
        for method in methods:
            node = method.ref.node
            if _is_static(node) or _is_classmethod(node):
                continue
            frame = Frame(
                module=method.ref.module,
                function=method.ref,
                env={},
                top=False,
                depth=MAX_INLINE_DEPTH - 2,
                collecting=True,
            )
            for index, (name, _default, _kind) in enumerate(_parameters(node)):
                if index == 0:
                    frame.self_name = name
                    frame.self_class = ref
                    frame.env[name] = InstanceValue(ref)
                else:
                    param = UnknownValue(PieceKind.PARAM, name, Origin(method.ref.module, node, name))
                    frame.env[name] = self._typed_param(node, index, name, method.ref.module, param)
            self._run_body(frame, node)
        return attrs

    def _record_self_attr(self, frame: Frame, name: str, value: Value) -> None:
        if frame.self_class is None or not frame.collecting:
            return
        attrs = self._instance_attrs.setdefault(frame.self_class, {})
        attrs[name] = join(attrs.get(name), _deparam(value, name)) or OPAQUE

    # --- statements --------------------------------------------------------------------------------------------

    def exec_block(self, body: Sequence[cst.CSTNode], frame: Frame) -> bool:
        """Run statements in order; False when every path through them returns or raises."""
        for statement in body:
            if not self.exec_statement(statement, frame):
                return False
        return True

    def exec_statement(self, node: cst.CSTNode, frame: Frame) -> bool:
        if isinstance(node, cst.BaseSmallStatement):  # the body of a one-line suite: `if ok: return text`
            return self.exec_small(node, frame)
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                if not self.exec_small(small, frame):
                    return False
            return True
        if isinstance(node, cst.If):
            return self._exec_if(node, frame)
        if isinstance(node, (cst.For, cst.While)):
            return self._exec_loop(node, frame)
        if isinstance(node, cst.FunctionDef):
            self._define_function(node, frame)
            return True
        if isinstance(node, cst.ClassDef):
            self._define_class(node, frame)
            return True
        if isinstance(node, cst.With):
            for item in node.items:
                value = self.eval(item.item, frame)
                if item.asname is not None:
                    self.assign(item.asname.name, value, frame)
            return self.exec_suite(node.body, frame)
        if isinstance(node, (cst.Try, cst.TryStar)):
            return self._exec_try(node, frame)
        if isinstance(node, cst.Match):
            return self._exec_match(node, frame)
        return True

    def exec_suite(self, suite: cst.BaseSuite, frame: Frame) -> bool:
        return self.exec_block(suite.body, frame)

    def _branch(self, frame: Frame, run: object) -> tuple[dict[str, Value], bool]:
        saved = frame.env
        frame.env = dict(saved)
        try:
            falls_through = run()  # type: ignore[operator]
            return frame.env, bool(falls_through)
        finally:
            frame.env = saved

    def _merge(self, frame: Frame, outcomes: list[tuple[dict[str, Value], bool]]) -> bool:
        live = [env for env, falls in outcomes if falls]
        if not live:
            return False
        names: dict[str, None] = {}
        for env in live:
            names.update(dict.fromkeys(env))
        merged: dict[str, Value] = {}
        for name in names:
            value: Optional[Value] = None
            for env in live:
                value = join(value, env.get(name))
            if value is not None:
                merged[name] = value
        frame.env.clear()
        frame.env.update(merged)
        return True

    def _exec_if(self, node: cst.If, frame: Frame) -> bool:
        """Both branches of a gate's `if` depend on the person's answer; what follows does only when a branch ends
        early (`if not click.confirm(...): return`)."""
        was_gated = frame.gated
        was_deciding = frame.deciding
        gate, found = self._condition_with_sources(node.test, frame)
        frame.gated = was_gated or gate
        if found:
            frame.deciding = (found, id(node))
        outcomes = [self._branch(frame, lambda: self.exec_suite(node.body, frame))]
        orelse = node.orelse
        if isinstance(orelse, cst.If):
            outcomes.append(self._branch(frame, lambda: self._exec_if(orelse, frame)))
        elif isinstance(orelse, cst.Else):
            outcomes.append(self._branch(frame, lambda: self.exec_suite(orelse.body, frame)))
        else:
            outcomes.append((dict(frame.env), True))
        falls_through = self._merge(frame, outcomes)
        if gate and all(falls for _, falls in outcomes):
            frame.gated = was_gated
        frame.deciding = was_deciding
        return falls_through

    def _exec_loop(self, node: Union[cst.For, cst.While], frame: Frame) -> bool:
        iterable: Value = OPAQUE
        if isinstance(node, cst.For):
            iterable = self.eval(node.iter, frame)
            element = _element_of(iterable)
            before = (dict(frame.env), True)

            def body() -> bool:
                self.assign(node.target, element, frame)
                self.exec_suite(node.body, frame)
                return True

        else:
            frame.gated = self._condition(node.test, frame) or frame.gated  # the loop ends when a person says so
            before = (dict(frame.env), True)

            def body() -> bool:
                self.exec_suite(node.body, frame)
                return True

        outer_bulk, outer_names = frame.bulk, frame.loop_names
        if isinstance(node, cst.For) and flow.is_bulk_loop(iterable, node.iter):
            frame.bulk = True
            frame.loop_names = frame.loop_names | flow.names_in(node.target)
        try:
            self._merge(frame, [before, self._branch(frame, body)])
        finally:
            frame.bulk, frame.loop_names = outer_bulk, outer_names
        if node.orelse is not None:
            return self.exec_suite(node.orelse.body, frame)
        return True

    def _exec_try(self, node: Union[cst.Try, cst.TryStar], frame: Frame) -> bool:
        before = dict(frame.env)
        body_env, body_falls = self._branch(frame, lambda: self.exec_suite(node.body, frame))
        outcomes = []
        if node.orelse is not None:
            frame_env = frame.env
            frame.env = dict(body_env)
            body_falls = body_falls and self.exec_suite(node.orelse.body, frame)
            body_env = frame.env
            frame.env = frame_env
        outcomes.append((body_env, body_falls))
        start = dict(before)
        self._merge(Frame(frame.module, None, start, False, 0), [(before, True), (body_env, True)])
        for handler in node.handlers:
            saved = frame.env
            frame.env = dict(start)
            if handler.name is not None:
                self.assign(handler.name.name, UnknownValue(PieceKind.OPAQUE, "exception"), frame)
            falls = self.exec_suite(handler.body, frame)
            outcomes.append((frame.env, falls))
            frame.env = saved
        falls_through = self._merge(frame, outcomes)
        if not falls_through:
            frame.env.update(start)
        if node.finalbody is not None:
            self.exec_suite(node.finalbody.body, frame)
        return falls_through

    def _exec_match(self, node: cst.Match, frame: Frame) -> bool:
        subject = self.eval(node.subject, frame)
        was_deciding = frame.deciding
        found = flow.generated_sources(subject, influence=True)
        if found:
            frame.deciding = (found, id(node))
        outcomes = [(dict(frame.env), True)]
        for case in node.cases:
            outcomes.append(self._branch(frame, lambda case=case: self.exec_suite(case.body, frame)))
        frame.deciding = was_deciding
        return self._merge(frame, outcomes)

    def exec_small(self, node: cst.BaseSmallStatement, frame: Frame) -> bool:
        if isinstance(node, cst.Expr):
            self.eval(node.value, frame)
        elif isinstance(node, cst.Assign):
            self._follow_loop_dependence(node.value, [t.target for t in node.targets], frame)
            value = self.eval(node.value, frame)
            self._assigned_from_condition = isinstance(node.value, cst.IfExp)
            try:
                for target in node.targets:
                    self.assign(target.target, value, frame)
            finally:
                self._assigned_from_condition = False
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                self.assign(node.target, self.eval(node.value, frame), frame)
        elif isinstance(node, cst.AugAssign):
            current = self.eval(node.target, frame)
            value = self.eval(node.value, frame)
            self.assign(node.target, self.binary(current, node.operator, value, node, frame), frame)
        elif isinstance(node, cst.Return):
            value = self.eval(node.value, frame) if node.value is not None else NoneValue()
            frame.returns.append(value)
            self._observe_handler_output(value, node, frame)
            return False
        elif isinstance(node, cst.Raise):
            if node.exc is not None:
                self.eval(node.exc, frame)
            return False
        elif isinstance(node, cst.Import):
            self._import(node, frame)
        elif isinstance(node, cst.ImportFrom):
            self._import_from(node, frame)
        elif isinstance(node, cst.Assert):
            frame.gated = self._condition(node.test, frame) or frame.gated
        elif isinstance(node, (cst.Continue, cst.Break)):
            return False
        return True

    def _follow_loop_dependence(self, value: cst.BaseExpression, targets: list, frame: Frame) -> None:
        """`address = row["email"]`, `message["To"] = address` inside a loop over recipients: these vary too."""
        if frame.loop_names and flow.names_in(value) & frame.loop_names:
            for target in targets:
                root = target
                while isinstance(root, (cst.Attribute, cst.Subscript)):
                    root = root.value
                frame.loop_names = frame.loop_names | flow.names_in(root)

    def _observe_handler_output(self, value: Value, node: cst.CSTNode, frame: Frame) -> None:
        """What a web or UI handler returns (or yields) is shown to the person who asked; what a screening or
        eligibility function returns is its decision."""
        if frame.collecting:
            return
        function_name = frame.function.qualname.rsplit(".", 1)[-1] if frame.function else ""
        if function_name and protected.DECIDING_FUNCTION.search(function_name):
            decided = flow.generated_sources(value, influence=True)
            if decided and not isinstance(node, cst.Yield):
                self.record_event(flow.DECIDE, f"return of {function_name}()", frame, node, decided, scope=id(node))
        if frame.presenting or (frame.lambda_handler and flow.is_lambda_response(value)):
            found = flow.generated_sources(value)
            if found:
                family = f"{frame.presenting or 'AWS Lambda'} handler response"
                self.record_event(flow.PRESENT, family, frame, node, found)

    def _condition(self, test: cst.BaseExpression, frame: Frame) -> bool:
        """Evaluate a condition; True when it asks a person or checks an approval (a human review gate)."""
        return self._condition_with_sources(test, frame)[0]

    def _condition_with_sources(self, test: cst.BaseExpression, frame: Frame) -> tuple[bool, frozenset]:
        """(is a human review gate, the completions whose output the condition reads)."""
        outer = frame.in_condition
        frame.in_condition = True  # a call in a condition is a check (`if supervisor_approves(...)`), not a decision
        try:
            value = self.eval(test, frame)
        finally:
            frame.in_condition = outer
        found = flow.generated_sources(value)
        gate = flow.is_gate(value) or flow.names_an_approval(test, self.extra_gates)
        # `if st.button("Assess"):` before anything is generated starts the generation; it reviews nothing
        return gate and (frame.generated_seen or bool(found)), flow.generated_sources(value, influence=True)

    def _observe_decision_call(self, callee: Value, args: CallArgs, node: cst.Call, frame: Frame) -> None:
        """A call named like a decision (`reject(application)`), in a branch chosen by generated text or given
        generated text; and protected attributes of a person given generated text (`Customer(religion=text)`)."""
        name = _callee_name(callee, node)
        if not name or frame.collecting or frame.in_condition:
            return
        passed = (*args.positional, *(v for _, v in args.keywords))
        found = frozenset().union(*(flow.generated_sources(v, influence=True) for v in passed))
        if protected.DECISION_ACTION.search(name) and not protected.REVIEW_ROUTE.search(name):
            if frame.deciding is not None:
                self.record_event(
                    flow.DECIDE, f"{name}()", frame, node, frame.deciding[0] | found, scope=frame.deciding[1]
                )
            elif found:
                self.record_event(flow.DECIDE, f"{name}()", frame, node, found, scope=id(node))
        if name == "setattr" and len(args.positional) >= 3:
            attribute = args.positional[1]
            text = attribute.constant_text() if isinstance(attribute, StrValue) else None
            if text and protected.characteristics_in(text) and flow.generated_sources(args.positional[2]):
                self.record_event(flow.PROFILE, text, frame, node, flow.generated_sources(args.positional[2]))
            return
        if protected.DOCUMENT_RECORDS.search(name.split(".")[-1]):
            return
        for keyword, value in args.keywords:
            stored = flow.generated_sources(value, influence=True)
            storing_protected = protected.characteristics_in(keyword, self.extra_protected)
            if stored and protected.DECISION_FIELD.search(keyword) and not storing_protected:  # `.update(premium=...)`
                self.record_event(flow.DECIDE, f"{name}({keyword}=...)", frame, node, stored, scope=id(node))
            if stored and protected.characteristics_in(keyword, self.extra_protected):
                self.record_event(flow.PROFILE, f"{name}({keyword}=...)", frame, node, stored)

    def _observe_assignment(self, target: cst.BaseExpression, value: Value, frame: Frame) -> None:
        """`application.status = verdict` (a decision) or `user.religion = answer` (a profile), from generated text."""
        if frame.collecting:
            return
        field, receiver = _target_name(target)
        if field is None:
            return
        found = flow.generated_sources(value, influence=True)
        # a bare name holding the model's output is not a decision yet; one set inside a branch the output chose,
        # or by a conditional expression on it, is; a record's field is a decision as soon as it stores the output
        decided = frame.deciding is not None or bool(found)
        if isinstance(target, cst.Name) and frame.deciding is None:
            decided = bool(found) and self._assigned_from_condition
        storing_protected = bool(protected.characteristics_in(field, self.extra_protected))
        if protected.DECISION_FIELD.search(field) and decided and not storing_protected:
            text = value.constant_text() if isinstance(value, StrValue) else None
            if not (text and protected.REVIEW_ROUTE.search(text)):
                sources_ = found | (frame.deciding[0] if frame.deciding else frozenset())
                scope = frame.deciding[1] if frame.deciding else id(target)
                self.record_event(flow.DECIDE, _code_name(target), frame, target, sources_, scope=scope)
        if found and receiver is not None and protected.characteristics_in(field, self.extra_protected):
            if not protected.DOCUMENT_RECORDS.search(receiver):
                self.record_event(flow.PROFILE, _code_name(target), frame, target, found)

    def _import(self, node: cst.Import, frame: Frame) -> None:
        for alias in node.names:
            dotted = _dotted(alias.name)
            if alias.asname is not None:
                target = self.project.resolve_module(frame.module, dotted)
                self._bind(_asname(alias) or dotted, LazyImport(frame.module, target, None, dotted), frame)
            else:
                head = dotted.split(".")[0]
                target = self.project.resolve_module(frame.module, head)
                self._bind(head, LazyImport(frame.module, target, None, head), frame)

    def _import_from(self, node: cst.ImportFrom, frame: Frame) -> None:
        dotted = _dotted(node.module) if node.module is not None else ""
        level = len(node.relative)
        target = self.project.resolve_module(frame.module, dotted, level)
        if isinstance(node.names, cst.ImportStar):
            if target is not None:
                for name, value in list(self.globals_of(target).items()):
                    if not name.startswith("_"):
                        self._bind(name, value, frame)
            return
        for alias in node.names:
            name = _dotted(alias.name)
            local = _asname(alias) or name
            if target is None:
                sub = self.project.resolve_module(frame.module, f"{dotted}.{name}" if dotted else name, level)
                if sub is not None:
                    self._bind(local, LazyImport(frame.module, sub, None, name), frame)
                else:
                    self._bind(local, LazyImport(frame.module, None, name, f"{dotted}.{name}".lstrip(".")), frame)
                continue
            self._bind(local, LazyImport(frame.module, target, name, f"{dotted}.{name}"), frame)

    def _bind(self, name: str, value: Value, frame: Frame) -> None:
        frame.env[name] = value

    def _define_function(self, node: cst.FunctionDef, frame: Frame) -> None:
        owner = frame.function.qualname + ".<locals>." if frame.function else ""
        class_ref = frame.self_class if frame.function is None else None
        prefix = f"{class_ref.qualname}." if class_ref is not None else owner
        ref = FunctionRef(frame.module, prefix + node.name.value, node, class_ref)
        closure = capture(frame.env) if frame.function is not None else EMPTY_CLOSURE
        function = FunctionValue(ref, closure)
        for decorator in node.decorators:
            decorator_value = self.eval(decorator.decorator, frame)
            if _is_framework(decorator_value):
                assert isinstance(decorator_value, ExternalValue)
                self._handlers[ref] = decorator_value.qualname.split(".")[0]
                if gates.APPROVAL_HANDLER.search(node.name.value) or _route_mentions_approval(decorator.decorator):
                    self._approval_handlers.add(ref)
        frame.env[node.name.value] = function
        self._queue(function)

    def _define_class(self, node: cst.ClassDef, frame: Frame) -> None:
        prefix = frame.function.qualname + ".<locals>." if frame.function else ""
        ref = ClassRef(frame.module, prefix + node.name.value, node)
        frame.env[node.name.value] = ClassValue(ref)
        self.class_namespace(ref)

    def assign(self, target: cst.BaseExpression, value: Value, frame: Frame) -> None:
        if isinstance(target, (cst.Name, cst.Attribute, cst.Subscript)):
            self._observe_assignment(target, value, frame)
        if isinstance(target, cst.Name):
            frame.env[target.value] = value
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = [e for e in target.elements]
            if isinstance(value, SeqValue) and value.more is None and len(value.items) == len(elements):
                for element, item in zip(elements, value.items):
                    self.assign(element.value, item, frame)
            else:
                for element in elements:
                    self.assign(element.value, _derived(value, "item"), frame)
        elif isinstance(target, cst.Attribute):
            receiver = target.value
            if isinstance(receiver, cst.Name) and receiver.value == frame.self_name:
                self._record_self_attr(frame, target.attr.value, value)
            else:
                receiver_value = self.eval(receiver, frame)
                if isinstance(receiver_value, ExternalValue) and receiver_value.dotted == "streamlit.session_state":
                    self.taint_store(f"session:{target.attr.value}", value)
        elif isinstance(target, cst.Subscript):
            container = target.value
            key = _subscript_key(target, self, frame)
            container_value = self.eval(container, frame)
            if isinstance(container_value, ExternalValue) and container_value.dotted == "streamlit.session_state":
                if isinstance(key, str):
                    self.taint_store(f"session:{key}", value)
            if isinstance(container, cst.Name):
                current = self.lookup(container.value, frame)
                if isinstance(current, DictValue):
                    updated = current.set(key, value) if isinstance(key, str) else current.set_unknown(value)
                    self._rebind(container.value, updated, frame)
                elif flow.generated_sources(value) and container.value not in frame.env:
                    self.taint_store(f"global:{frame.module}:{container.value}", value)
            elif (
                isinstance(container, cst.Attribute)
                and isinstance(container.value, cst.Name)
                and container.value.value == frame.self_name
            ):
                self._record_self_attr(frame, container.attr.value, DictValue((), True, value))
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, SeqValue((), _derived(value, "item")), frame)

    def _rebind(self, name: str, value: Value, frame: Frame) -> None:
        if name in frame.env or frame.function is not None:
            if name not in frame.env and name in self.globals_of(frame.module):
                self.taint_store(f"global:{frame.module}:{name}", value)
            frame.env[name] = value
        else:
            self.globals_of(frame.module)[name] = value

    def taint_store(self, key: str, value: Value) -> None:
        found = flow.generated_sources(value)
        if found and not found <= self.stores.get(key, frozenset()):
            self.stores[key] = self.stores.get(key, frozenset()) | found
            self.stores_grew = True

    def stored(self, key: str, value: Value) -> Value:
        """`value` as read from a store: with the generated text any code put there."""
        found = self.stores.get(key)
        return _with_generated(value, found) if found else value

    def _session_key(self, value: Value) -> Optional[str]:
        """`st.session_state.history` (or `["history"]`): the store key it names, if it names exactly one."""
        if not isinstance(value, ExternalValue):
            return None
        prefix = "streamlit.session_state."
        dotted = value.dotted
        if dotted.startswith(prefix) and "." not in dotted[len(prefix) :]:
            return f"session:{dotted[len(prefix) :]}"
        return None

    # --- expressions -------------------------------------------------------------------------------------------

    def lookup(self, name: str, frame: Frame) -> Value:
        value = frame.env.get(name)
        if value is None:
            value = frame.closure.get(name)
        if value is None:
            module_env = self.globals_of(frame.module)
            if module_env is not frame.env:
                value = module_env.get(name)
                if value is not None and self.stores:
                    value = self.stored(f"global:{frame.module}:{name}", self.deref(value))
                    frame.generated_seen = frame.generated_seen or bool(flow.generated_sources(value))
        if value is None:
            if name in ("True", "False"):
                return BoolValue(name == "True")
            if name == "None":
                return NoneValue()
            if name == "__file__":
                return stdlib.PathValue("module", "", frame.module, is_file_of_module=True)
            if name in _BUILTIN_NAMES:
                return ExternalValue(f"builtins.{name}")
            return UnknownValue(PieceKind.OPAQUE, name)
        return self.deref(value)

    def eval(self, node: cst.BaseExpression, frame: Frame) -> Value:
        if isinstance(node, cst.SimpleString):
            return StrValue.constant(self._string_literal(node), Origin(frame.module, node, "literal"))
        if isinstance(node, cst.Name):
            value = self.lookup(node.value, frame)
            return _relabel(value, node.value, frame.module, node)
        if isinstance(node, cst.Attribute):
            return self.get_attr(self.eval(node.value, frame), node.attr.value, node, frame)
        if isinstance(node, cst.Call):
            return self.eval_call(node, frame)
        if isinstance(node, cst.BinaryOperation):
            return self._eval_binary_chain(node, frame)
        if isinstance(node, cst.FormattedString):
            return self._eval_fstring(node, frame)
        if isinstance(node, cst.ConcatenatedString):
            parts = _chain_operands(node, cst.ConcatenatedString)
            return concat(*[self.to_str(self.eval(p, frame), p, frame) for p in parts])
        if isinstance(node, cst.Subscript):
            return self._eval_subscript(node, frame)
        if isinstance(node, cst.Integer):
            try:
                return IntValue(int(node.value.replace("_", ""), 0))
            except (ValueError, OverflowError):
                return OPAQUE
        if isinstance(node, (cst.Float, cst.Imaginary)):
            return StrValue.constant(node.value, Origin(frame.module, node, "literal"))
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            items: list[Value] = []
            more: Optional[Value] = None
            for element in node.elements:
                if isinstance(element, cst.StarredElement):
                    inner = self.eval(element.value, frame)
                    if isinstance(inner, SeqValue):
                        items.extend(inner.items)
                        more = join(more, inner.more)
                    else:
                        more = join(more, _derived(inner, "item"))
                else:
                    items.append(self.eval(element.value, frame))
            return SeqValue(tuple(items), more)
        if isinstance(node, cst.Dict):
            entries: list[tuple[str, Value]] = []
            is_open = False
            for dict_element in node.elements:
                if isinstance(dict_element, cst.StarredDictElement):
                    inner = self.eval(dict_element.value, frame)
                    if isinstance(inner, DictValue):
                        entries.extend(inner.items)
                        is_open = is_open or inner.open
                    else:
                        is_open = True
                    continue
                assert isinstance(dict_element, cst.DictElement)
                key = self.eval(dict_element.key, frame)
                value = self.eval(dict_element.value, frame)
                key_text = key.constant_text() if isinstance(key, StrValue) else None
                if key_text is None:
                    is_open = True
                else:
                    entries.append((key_text, value))
            return DictValue(tuple(entries), is_open)
        if isinstance(node, cst.BooleanOperation):
            result: Optional[Value] = None
            gate = False
            for operand in _chain_operands(node, cst.BooleanOperation):
                operand_value = self.eval(operand, frame)
                gate = gate or flow.is_gate(operand_value)
                result = join(result, operand_value)
            if gate:
                return UnknownValue(PieceKind.OPAQUE, "condition", gate=True)
            return result or OPAQUE
        if isinstance(node, cst.IfExp):
            test = self.eval(node.test, frame)
            chosen = join(self.eval(node.body, frame), self.eval(node.orelse, frame)) or OPAQUE
            found = flow.generated_sources(test)
            return _with_generated(chosen, found) if found else chosen
        if isinstance(node, cst.Await):
            return self.eval(node.expression, frame)
        if isinstance(node, cst.Comparison):
            compared = [self.eval(node.left, frame)]
            for target in node.comparisons:
                compared.append(self.eval(target.comparator, frame))
            return _condition_value("comparison", compared)
        if isinstance(node, cst.UnaryOperation):
            operand_value = self.eval(node.expression, frame)
            if isinstance(node.operator, cst.Not):
                return _condition_value("condition", [operand_value])
            if isinstance(operand_value, IntValue) and isinstance(node.operator, cst.Minus):
                return IntValue(-operand_value.value)
            return _derived(operand_value, "operation") if isinstance(operand_value, UnknownValue) else OPAQUE
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            return self._eval_comprehension(node.elt, node.for_in, frame)
        if isinstance(node, cst.DictComp):
            self._eval_comprehension(node.value, node.for_in, frame)
            return DictValue((), open=True)
        if isinstance(node, cst.Lambda):
            ref = FunctionRef(frame.module, f"<lambda#{id(node)}>", node, None)
            closure = capture(frame.env) if frame.function is not None else EMPTY_CLOSURE
            function = FunctionValue(ref, closure)
            self._queue(function)
            return function
        if isinstance(node, cst.NamedExpr):
            value = self.eval(node.value, frame)
            self.assign(node.target, value, frame)
            return value
        if isinstance(node, (cst.Yield,)):
            frame.saw_yield = True
            if isinstance(node.value, cst.BaseExpression):
                yielded = self.eval(node.value, frame)
                frame.returns.append(yielded)
                self._observe_handler_output(yielded, node, frame)
            elif isinstance(node.value, cst.From):
                self.eval(node.value.item, frame)
            return OPAQUE
        return OPAQUE

    def _string_literal(self, node: cst.SimpleString) -> str:
        # LibCST's evaluated_value runs ast.literal_eval (a compile) each time it is read: keep the result.
        text = self._literals.get(node)
        if text is None:
            prefix, quote = node.prefix, node.quote
            body = node.value[len(prefix) + len(quote) : -len(quote)]
            if "\\" not in body and "\r" not in body:  # nothing to unescape or normalise: most literals
                self._literals[node] = body
                return body
            try:
                value = node.evaluated_value
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                value = node.raw_value
            text = value.decode("latin-1") if isinstance(value, bytes) else value
            self._literals[node] = text
        return text

    def _eval_fstring(self, node: cst.FormattedString, frame: Frame) -> StrValue:
        is_raw = "r" in node.prefix.lower()
        parts: list[StrValue] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                text = unescape_fstring_text(part.value, is_raw)
                parts.append(StrValue.constant(text, Origin(frame.module, node, "literal")))
            elif isinstance(part, cst.FormattedStringExpression):
                parts.append(self.to_str(self.eval(part.expression, frame), part.expression, frame))
        return concat(*parts) if parts else StrValue.constant("")

    def _eval_binary_chain(self, node: cst.BinaryOperation, frame: Frame) -> Value:
        spine: list[cst.BinaryOperation] = []
        current: cst.BaseExpression = node
        while isinstance(current, cst.BinaryOperation):
            spine.append(current)
            current = current.left
        value = self.eval(current, frame)
        for operation in reversed(spine):
            right = self.eval(operation.right, frame)
            value = self.binary(value, operation.operator, right, operation, frame)
        return value

    def binary(self, left: Value, operator: cst.CSTNode, right: Value, node: cst.CSTNode, frame: Frame) -> Value:
        if isinstance(left, UnionValue) or isinstance(right, UnionValue):
            # one path at a time: `c * 2` where `c = "xy" if cond else q` is "xyxy" or user text, not opaque
            result: Optional[Value] = None
            for a in left.members if isinstance(left, UnionValue) else (left,):
                for b in right.members if isinstance(right, UnionValue) else (right,):
                    result = join(result, self.binary(a, operator, b, node, frame))
            return result or OPAQUE
        if isinstance(operator, (cst.Add, cst.AddAssign)):
            if isinstance(left, SeqValue) and isinstance(right, SeqValue):
                if left.more is None:
                    return SeqValue(left.items + right.items, right.more)
                return SeqValue(left.items, join(left.more, _element_of(right)))
            if isinstance(left, IntValue) and isinstance(right, IntValue):
                return IntValue(left.value + right.value)
            if _stringish(left) or _stringish(right) or _adds_to_user_text(left, right):
                # `q + q` of two request fields is user text: its pieces say so, and an opaque operand still shows
                return concat(self.to_str(left, node, frame), self.to_str(right, node, frame))
            for seq in (left, right):
                if isinstance(seq, SeqValue):
                    return SeqValue(seq.items, join(seq.more, OPAQUE))
            return _combine_unknown(left, right)
        if isinstance(operator, (cst.Modulo, cst.ModuloAssign)) and isinstance(left, StrValue):
            return self._percent_format(left, right, node, frame)
        if isinstance(operator, (cst.Multiply, cst.MultiplyAssign)):
            text, count = (left, right) if isinstance(left, StrValue) else (right, left)
            if isinstance(text, StrValue) and isinstance(count, IntValue):
                return (
                    concat(*([text] * max(0, min(count.value, 10_000)))) if count.value > 0 else StrValue.constant("")
                )
            if isinstance(text, StrValue):
                return StrValue.constant("")  # repeated an unknown number of times, possibly zero
            if isinstance(left, IntValue) and isinstance(right, IntValue):
                return IntValue(left.value * right.value)
            for user, times in ((left, right), (right, left)):
                if _user_text(user) and isinstance(times, IntValue):  # `q * 2` is user text, `0 * q` is empty
                    return user if times.value > 0 else StrValue.constant("")
            if isinstance(text, SeqValue):
                return SeqValue((), _element_of(text))
        if isinstance(operator, (cst.Divide, cst.DivideAssign)) and isinstance(left, stdlib.PathValue):
            return stdlib.path_join(left, right)
        if isinstance(operator, (cst.BitOr, cst.BitOrAssign)) and _is_runnable(left):
            return ChainValue(_chain_steps(left) + _chain_steps(right))
        return _combine_unknown(left, right)

    def _percent_format(self, template: StrValue, args: Value, node: cst.CSTNode, frame: Frame) -> StrValue:
        def resolve(key: Union[str, int]) -> StrValue:
            if isinstance(key, str):
                value = args.get(key) if isinstance(args, DictValue) else None
                return self.to_str(value or _derived(args, key), node, frame)
            if isinstance(args, SeqValue):
                if key < len(args.items):
                    return self.to_str(args.items[key], node, frame)
                return self.to_str(_derived(args, "item"), node, frame)
            return self.to_str(args, node, frame)

        return fill_template(template, "percent", resolve)

    def _eval_subscript(self, node: cst.Subscript, frame: Frame) -> Value:
        container = self.eval(node.value, frame)
        key, key_value = _subscript_key_and_value(node, self, frame)
        item = self.get_item(container, key, node, frame)
        keyed_by = flow.generated_sources(key_value, influence=True) if key_value is not None else frozenset()
        return _with_influence(item, keyed_by) if keyed_by else item  # `DECISIONS[label]` was chosen by the label

    def get_item(self, container: Value, key: object, node: cst.CSTNode, frame: Frame) -> Value:
        if isinstance(container, DictValue):
            if isinstance(key, str):
                found = container.get(key)
                if found is not None:
                    return found
            if container.more is not None:
                return container.more
            return UnknownValue(PieceKind.OPAQUE, "dict item")
        if isinstance(container, SeqValue):
            if isinstance(key, int) and container.more is None and -len(container.items) <= key < len(container.items):
                return container.items[key]
            if key == "slice":
                return container
            return _element_of(container) or OPAQUE
        if isinstance(container, StrValue):
            text = container.constant_text()
            if text is not None and isinstance(key, int) and -len(text) <= key < len(text):
                return StrValue.constant(text[key])
            return container
        if isinstance(container, ExternalValue):
            if container.qualname == "streamlit.session_state" and not container.path and isinstance(key, str):
                read = replace(container, path=(key,), origin=Origin(frame.module, node, ""))
                return self.stored(f"session:{key}", read)
            return replace(
                container, instance=True, path=(*container.path, "[]"), origin=Origin(frame.module, node, "")
            )
        if isinstance(container, UnionValue):
            result: Optional[Value] = None
            for member in container.members:
                result = join(result, self.get_item(member, key, node, frame))
            return result or OPAQUE
        if isinstance(container, JsonValue):
            return self.get_item(container.inner, key, node, frame)
        if isinstance(container, UnknownValue):
            return replace(container, origin=Origin(frame.module, node, ""))
        return _derived(container, "item")

    def _eval_comprehension(self, element: cst.BaseExpression, for_in: cst.CompFor, frame: Frame) -> SeqValue:
        saved = frame.env
        frame.env = dict(saved)
        try:
            source = self.eval(for_in.iter, frame)
            if (
                isinstance(source, SeqValue)
                and source.more is None
                and len(source.items) <= MAX_UNROLL
                and not for_in.ifs
                and for_in.inner_for_in is None
            ):
                items = []
                for item in source.items:
                    self.assign(for_in.target, item, frame)
                    items.append(self.eval(element, frame))
                return SeqValue(tuple(items))
            self.assign(for_in.target, _element_of(source), frame)
            outer_bulk, outer_names = frame.bulk, frame.loop_names
            if flow.is_bulk_loop(source, for_in.iter):
                frame.bulk = True
                frame.loop_names = frame.loop_names | flow.names_in(for_in.target)
            for condition in for_in.ifs:
                frame.gated = self._condition(condition.test, frame) or frame.gated
            if for_in.inner_for_in is not None:
                inner = self._eval_comprehension(element, for_in.inner_for_in, frame)
                return SeqValue((), inner.more)
            return SeqValue((), self.eval(element, frame))
        finally:
            frame.env = saved
            if "outer_bulk" in locals():
                frame.bulk, frame.loop_names = outer_bulk, outer_names

    def get_attr(self, value: Value, name: str, node: cst.CSTNode, frame: Frame) -> Value:
        if isinstance(value, stdlib.PathValue):
            return stdlib.path_attr(value, name)
        if isinstance(value, ExternalValue):
            origin = Origin(frame.module, node, "")
            if not value.instance and not value.path:
                found = ExternalValue(f"{value.qualname}.{name}", origin=origin)
            else:
                found = replace(value, path=(*value.path, name), origin=origin)
            session = self._session_key(found)
            return self.stored(session, found) if session else found
        if isinstance(value, ModuleValue):
            return self.module_attr(value.path, name)
        if isinstance(value, ClassValue):
            member = self.class_namespace(value.ref).get(name)
            if isinstance(member, FunctionValue) and _is_classmethod(member.ref.node):
                return replace(member, bound_self=value)
            return member if member is not None else UnknownValue(PieceKind.OPAQUE, name)
        if isinstance(value, InstanceValue):
            if name in _SERIALISERS and not any(field == name for field, _ in value.fields):
                return BoundBuiltin(value, name)
            return self.instance_attr(value.ref, name, value, Origin(frame.module, node, ""))
        if isinstance(value, UnknownValue):
            return replace(value, origin=Origin(frame.module, node, ""))
        if isinstance(value, UnionValue):
            result: Optional[Value] = None
            for member in value.members:
                result = join(result, self.get_attr(member, name, node, frame))
            return result or OPAQUE
        if isinstance(value, (StrValue, SeqValue, DictValue, TemplateValue, ChainValue, JsonValue)):
            if isinstance(value, TemplateValue) and name == "template" and value.parts:
                return value.parts[0][1]
            return BoundBuiltin(value, name)
        return UnknownValue(PieceKind.OPAQUE, name)

    # --- calls -------------------------------------------------------------------------------------------------

    def eval_args(self, node: cst.Call, frame: Frame) -> CallArgs:
        positional: list[Value] = []
        keywords: list[tuple[str, Value]] = []
        star: Optional[Value] = None
        starstar: Optional[Value] = None
        for arg in node.args:
            value = self.eval(arg.value, frame)
            if arg.star == "*":
                if isinstance(value, SeqValue):
                    positional.extend(value.items)
                    if value.more is not None:
                        star = value.more
                else:
                    star = value
            elif arg.star == "**":
                if isinstance(value, DictValue):
                    keywords.extend(value.items)
                    if value.open:
                        starstar = OPAQUE
                else:
                    starstar = value
            elif arg.keyword is not None:
                keywords.append((arg.keyword.value, value))
            else:
                positional.append(value)
        return CallArgs(tuple(positional), tuple(keywords), star, starstar)

    def eval_call(self, node: cst.Call, frame: Frame) -> Value:
        callee = self.eval(node.func, frame)
        args = self.eval_args(node, frame)
        return self.call(callee, args, node, frame)

    def call(self, callee: Value, args: CallArgs, node: cst.Call, frame: Frame) -> Value:
        for value in (*args.positional, *(v for _, v in args.keywords)):
            if isinstance(value, FunctionValue) and _registers_handler(callee):
                assert isinstance(callee, ExternalValue)
                self._mark_handler(value, callee.qualname.split(".")[0])
        if not frame.collecting:
            flow.observe_call(self, callee, args, node, frame)
            self._observe_decision_call(callee, args, node, frame)
        recognised = recognition.recognise(self, callee, args, node, frame)
        if recognised is not None:
            call, prompt = recognised
            self.completion_calls.setdefault(call.node_id, call)
            frame.generated_seen = True
            if prompt is not None:
                frame.instances.append(PromptInstance(call, prompt, ((frame.module, node),)))
                prompts = self.prompts_by_call.setdefault(call.node_id, [])
                if prompt not in prompts and len(prompts) < 16:
                    prompts.append(prompt)
            return UnknownValue(
                PieceKind.GENERATED, f"{call.api} response", Origin(frame.module, node, "response"), generated_by=call
            )
        if isinstance(callee, FunctionValue):
            return self.call_function(callee, args, node, frame)
        if isinstance(callee, ClassValue):
            init = self.class_namespace(callee.ref).get("__init__")
            if isinstance(init, FunctionValue):
                instance = InstanceValue(callee.ref)
                self.call_function(replace(init, bound_self=instance), args, node, frame)
                return instance
            return InstanceValue(callee.ref, _field_values(callee.ref, args))
        if isinstance(callee, BoundBuiltin):
            return self._call_builtin(callee, args, node, frame)
        if isinstance(callee, stdlib.PathValueMethod):
            return stdlib.call_path_method(self, callee.path, callee.name, args, node, frame)
        if isinstance(callee, ExternalValue):
            return self._call_external(callee, args, node, frame)
        if isinstance(callee, UnionValue):
            result: Optional[Value] = None
            for member in callee.members:
                result = join(result, self.call(member, args, node, frame))
            return result or OPAQUE
        if isinstance(callee, (TemplateValue, ChainValue)):
            return self._call_builtin(BoundBuiltin(callee, "__call__"), args, node, frame)
        if isinstance(callee, UnknownValue):
            self._mutate_unknown(node, args, frame)
            return _derived(callee, "()")
        return OPAQUE

    def _absorb(self, callee: ExternalValue, args: CallArgs, node: cst.Call, frame: Frame) -> None:
        """`message.set_content(text)`, `drafts.put(text)`: a library object given generated text holds it from
        then on (the variable is rebound to the object with the text among its inputs)."""
        func = node.func
        if not (
            callee.path
            and callee.path[-1] in _ABSORBING_METHODS
            and isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
        ):
            return
        passed = (*args.positional, *(v for _, v in args.keywords))
        if not any(flow.generated_sources(v) for v in passed):
            return
        receiver = replace(callee, path=callee.path[:-1])
        init = receiver.init or CallArgs()
        absorbed = CallArgs(init.positional + tuple(args.positional), init.keywords + args.keywords)
        self._rebind(func.value.value, replace(receiver, init=absorbed), frame)

    def _mutate_unknown(self, node: cst.Call, args: CallArgs, frame: Frame) -> None:
        """`history.append(answer)` on a list the interpreter knows nothing about: it now holds generated text."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in _MUTATING_METHODS):
            return
        found = frozenset().union(*(flow.generated_sources(v) for v in args.positional)) if args.positional else None
        if found and isinstance(func.value, cst.Name):
            name = func.value.value
            self._rebind(name, _with_generated(self.lookup(name, frame), found), frame)

    def _call_external(self, callee: ExternalValue, args: CallArgs, node: cst.Call, frame: Frame) -> Value:
        name = callee.dotted if callee.instance or callee.path else callee.qualname
        self._absorb(callee, args, node, frame)
        steps = name.split(".")
        if name.startswith("streamlit.session_state.") and len(steps) == 4 and steps[3] in _MUTATING_METHODS:
            for value in args.positional:
                self.taint_store(f"session:{steps[2]}", value)
        if not callee.instance and not callee.path and name in sinks.APP_CONSTRUCTORS and not frame.collecting:
            self.app_objects.append((frame.module, node))
            if name == "gradio.Interface" and not _flagging_off(args):
                self.flagging_modules.add(frame.module)
        special = stdlib.call_known_function(self, callee, name, args, node, frame)
        if special is not None:
            return special
        if not callee.instance and not callee.path:
            return ExternalValue(callee.qualname, instance=True, init=args, origin=Origin(frame.module, node, ""))
        return replace(callee, path=(*callee.path, "()"), origin=Origin(frame.module, node, ""))

    def _call_builtin(self, callee: BoundBuiltin, args: CallArgs, node: cst.Call, frame: Frame) -> Value:
        receiver, name = callee.receiver, callee.name
        if name in _MUTATING_METHODS and isinstance(node.func, cst.Attribute):
            updated = _mutate(receiver, name, args)
            if updated is not None and isinstance(node.func.value, cst.Name):
                self._rebind(node.func.value.value, updated, frame)
            elif (
                updated is not None
                and isinstance(node.func.value, cst.Attribute)
                and isinstance(node.func.value.value, cst.Name)
                and node.func.value.value.value == frame.self_name
            ):
                self._record_self_attr(frame, node.func.value.attr.value, updated)
            return NoneValue()
        if isinstance(receiver, StrValue):
            return self._str_method(receiver, name, args, node, frame)
        if isinstance(receiver, DictValue):
            if name == "get":
                key = args.get(0, "key")
                text = key.constant_text() if isinstance(key, StrValue) else None
                found = receiver.get(text) if text is not None else None
                if found is None:
                    default = args.get(1, "default")
                    found = join(receiver.more, default) or UnknownValue(PieceKind.OPAQUE, f"get({text})")
                keyed_by = flow.generated_sources(key, influence=True) if key is not None else frozenset()
                return _with_influence(found, keyed_by) if keyed_by else found
            if name in ("copy",):
                return receiver
            if name in ("values", "items", "keys"):
                return SeqValue((), join(None, *[v for _, v in receiver.items][:1]) if receiver.items else OPAQUE)
            return OPAQUE
        if isinstance(receiver, SeqValue):
            if name == "copy":
                return receiver
            return OPAQUE
        if isinstance(receiver, JsonValue):
            if name in ("encode", "decode"):
                return receiver
            return OPAQUE
        if isinstance(receiver, InstanceValue) and name in _SERIALISERS:
            # `applicant.model_dump_json()`, `.dict()`: the record's fields, by name
            fields = receiver.fields or tuple(
                (f, UnknownValue(PieceKind.OPAQUE, f)) for f in _annotated_fields(receiver.ref)
            )
            record = DictValue(tuple(fields), open=not fields)
            return JsonValue(record) if "json" in name else record
        return recognition.call_template_or_chain(self, receiver, name, args, node, frame)

    def _str_method(self, receiver: StrValue, name: str, args: CallArgs, node: cst.Call, frame: Frame) -> Value:
        if name == "format":

            def resolve(key: Union[str, int]) -> StrValue:
                value = (
                    args.keyword(key)
                    if isinstance(key, str)
                    else (args.positional[key] if key < len(args.positional) else None)
                )
                if value is None and isinstance(key, str) and args.starstar is not None:
                    # `TEMPLATE.format(**applicant)`: the placeholder names the field it takes
                    found = flow.generated_sources(args.starstar)
                    value = UnknownValue(
                        PieceKind.OPAQUE,
                        key,
                        Origin(frame.module, node, key),
                        min(found, key=lambda c: c.node_id) if found else None,
                    )
                return self.to_str(value if value is not None else OPAQUE, node, frame)

            return fill_template(receiver, "format", resolve)
        if name == "join":
            sequence = args.get(0, "iterable")
            if isinstance(sequence, SeqValue):
                parts: list[StrValue] = []
                for index, item in enumerate(sequence.items):
                    if index:
                        parts.append(receiver)
                    parts.append(self.to_str(item, node, frame))
                if sequence.more is not None and flow.generated_sources(sequence.more):
                    # items a loop added may be none (they do not count), but generated text flows on through them
                    parts.append(self.to_str(sequence.more, node, frame))
                return concat(*parts) if parts else StrValue.constant("")
            return self.to_str(_derived(sequence or OPAQUE, "item"), node, frame)
        if name in ("strip", "lstrip", "rstrip") and not args.positional:
            return strip_value(receiver, name)
        if name in _CASE_METHODS:
            method = _CASE_METHODS[name]
            return receiver.map_pieces(
                lambda alt: tuple(
                    Piece(p.kind, method(p.text), p.origin) if p.kind is PieceKind.CONSTANT else p for p in alt
                )
            )
        if name == "replace" and len(args.positional) >= 2:
            old, new = args.positional[0], args.positional[1]
            old_text = old.constant_text() if isinstance(old, StrValue) else None
            new_text = new.constant_text() if isinstance(new, StrValue) else None
            if old_text and new_text is not None:
                return receiver.map_pieces(
                    lambda alt: tuple(
                        Piece(p.kind, p.text.replace(old_text, new_text), p.origin)
                        if p.kind is PieceKind.CONSTANT
                        else p
                        for p in alt
                    )
                )
            return receiver
        if name in ("strip", "lstrip", "rstrip") or name in _STR_IDENTITY_METHODS:
            return receiver
        if name in ("split", "splitlines", "partition", "rpartition", "rsplit"):
            return SeqValue((), receiver)
        if name in ("startswith", "endswith", "isdigit", "isalpha", "find", "count", "index"):
            return OPAQUE
        return receiver

    def to_str(self, value: Value, node: Optional[cst.CSTNode], frame: Frame) -> StrValue:
        """The text a value stands for when formatted into a string."""
        origin = Origin(frame.module, node, "") if node is not None else None
        if isinstance(value, StrValue):
            return value
        if isinstance(value, IntValue):
            return StrValue.constant(str(value.value), origin)
        if isinstance(value, BoolValue):
            return StrValue.constant(str(value.value), origin)
        if isinstance(value, NoneValue):
            return StrValue.constant("None", origin)
        if isinstance(value, UnknownValue):
            return StrValue.of((Piece(value.kind, value.label, value.origin or origin, value.generated_by),))
        if isinstance(value, ExternalValue):
            if is_user_source(value):
                return StrValue.of((Piece(PieceKind.USER, value.dotted, value.origin or origin),))
            return StrValue.of((Piece(PieceKind.OPAQUE, value.dotted, value.origin or origin),))
        if isinstance(value, UnionValue):
            result: Optional[Value] = None
            for member in value.members:
                result = join(result, self.to_str(member, node, frame))
            assert isinstance(result, StrValue)
            return result
        if isinstance(value, TemplateValue):
            return recognition.template_text(self, value, CallArgs(), node, frame)
        if isinstance(value, JsonValue) and isinstance(value.inner, (DictValue, InstanceValue)):
            label = _fields_label(value.inner)
            piece = Piece(PieceKind.OPAQUE, "json", Origin(frame.module, node, label))
            return StrValue(((piece,),), flow.generated_sources(value.inner))
        if isinstance(value, JsonValue):
            inner = value.inner
            return (
                self.to_str(inner, node, frame)
                if isinstance(inner, StrValue)
                else StrValue.of((Piece(PieceKind.OPAQUE, "json", origin),))
            )
        if isinstance(value, SeqValue):
            kinds = {p.kind for item in value.items for p in self.to_str(item, node, frame).first}
            kind = PieceKind.USER if kinds == {PieceKind.USER} else PieceKind.OPAQUE
            return StrValue.of((Piece(kind, "list", origin),))
        return StrValue.of((Piece(PieceKind.OPAQUE, type(value).__name__, origin),))


# --- helpers over values and nodes ------------------------------------------------------------------------------


def is_user_source(value: ExternalValue) -> bool:
    dotted = value.dotted
    return any(dotted == p or dotted.startswith(p + ".") for p in sources.USER_SOURCE_PREFIXES)


def _stores_on_self(node: object) -> bool:
    """Whether a method assigns to or mutates an attribute of its first parameter somewhere in its statements (a
    shallow walk over statements, not expressions): only such methods need the instance-attribute pass."""
    if not isinstance(node, cst.FunctionDef):
        return False
    params = _parameters(node)
    if not params:
        return False
    owner = params[0][0]
    stack: list[cst.CSTNode] = list(node.body.body)
    while stack:
        statement = stack.pop()
        if isinstance(statement, cst.SimpleStatementLine):
            stack.extend(statement.body)
        elif isinstance(statement, (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Expr)):
            targets = (
                [t.target for t in statement.targets]
                if isinstance(statement, cst.Assign)
                else [getattr(statement, "target", None) or getattr(statement, "value", None)]
            )
            for target in targets:
                while isinstance(target, (cst.Attribute, cst.Subscript, cst.Call)):
                    inner = target.func if isinstance(target, cst.Call) else target.value
                    if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
                        if target.value.value == owner:
                            return True
                    target = inner
        elif isinstance(statement, cst.BaseCompoundStatement) and not isinstance(
            statement, (cst.FunctionDef, cst.ClassDef)
        ):
            for child in statement.children:
                if isinstance(child, cst.BaseSuite):
                    stack.extend(child.body)
                elif isinstance(child, (cst.Else, cst.Finally, cst.ExceptHandler, cst.MatchCase)):
                    stack.extend(child.body.body)
                elif isinstance(child, (cst.If,)):
                    stack.append(child)
    return False


def _fields_label(value: Value) -> str:
    """`record with fields age, gender`: how a serialised record is named in messages (and where the protected
    characteristics it carries are found)."""
    if isinstance(value, DictValue):
        names = [k for k, _ in value.items]
    elif isinstance(value, InstanceValue):
        names = [k for k, _ in value.fields] or _annotated_fields(value.ref)
    else:
        names = []
    return "record with fields " + ", ".join(names[:12]) if names else "record"


def _annotated_fields(ref: ClassRef) -> list[str]:
    node = ref.node
    names: list[str] = []
    body = node.body.body if isinstance(node, cst.ClassDef) and isinstance(node.body, cst.IndentedBlock) else ()
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    names.append(small.target.value)
    return names


def _chain_operands(node: cst.BaseExpression, kind: type) -> list[cst.BaseExpression]:
    """The operands of a chain of `kind` nodes (`"a" "b" "c"`, `a or b and c`) in source order, without recursion:
    generated code nests these thousands deep."""
    operands: list[cst.BaseExpression] = []
    stack: list[cst.BaseExpression] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, kind):
            stack.append(current.right)  # type: ignore[attr-defined]
            stack.append(current.left)  # type: ignore[attr-defined]
        else:
            operands.append(current)
    return operands


def _varying_parameters(function: object, call: cst.CSTNode, loop_names: frozenset, bound: bool) -> frozenset:
    """The parameters of `function` that a call inside a loop over recipients passes loop-dependent values to."""
    if not loop_names or not isinstance(call, cst.Call):
        return frozenset()
    params = [name for name, _, _ in _parameters(function)]
    if bound and params:
        params = params[1:]
    varying = set()
    for index, arg in enumerate(call.args):
        if not flow.names_in(arg.value) & loop_names:
            continue
        if arg.keyword is not None:
            varying.add(arg.keyword.value)
        elif not arg.star and index < len(params):
            varying.add(params[index])
    return frozenset(varying)


def _reads_event_records(project: Project, ref: FunctionRef) -> bool:
    tree = project.module(ref.module).tree
    if tree is None or not isinstance(ref.node, cst.FunctionDef):
        return False
    code = tree.code_for_node(ref.node)
    return '"Records"' in code or "'Records'" in code


def _field_values(ref: ClassRef, args: CallArgs) -> tuple[tuple[str, Value], ...]:
    """Constructor arguments of a class without `__init__`, by field: annotated class attributes in order."""
    node = ref.node
    if not isinstance(node, cst.ClassDef) or not (args.positional or args.keywords):
        return ()
    names: list[str] = []
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    names.append(small.target.value)
    fields = dict(zip(names, args.positional))
    for index, extra in enumerate(args.positional[len(names) :]):
        fields[f"_arg{index}"] = extra  # `Verdict(label)`: an enum or value object made from an argument
    fields.update(args.keywords)
    return tuple(fields.items())


def _callee_name(callee: Value, node: cst.Call) -> str:
    if isinstance(callee, FunctionValue):
        return callee.ref.qualname.rsplit(".", 1)[-1]
    if isinstance(callee, ClassValue):
        return callee.ref.qualname.rsplit(".", 1)[-1]
    if isinstance(callee, ExternalValue) and not callee.instance and not callee.path:
        return callee.qualname.rsplit(".", 1)[-1]
    return flow.method_name(node)


def _target_name(target: cst.BaseExpression) -> tuple[Optional[str], Optional[str]]:
    """(the field or variable a target names, the name of the record it belongs to)."""
    if isinstance(target, cst.Name):
        return target.value, None
    if isinstance(target, cst.Attribute):
        return target.attr.value, _record_name(target.value)
    if isinstance(target, cst.Subscript) and len(target.slice) == 1:
        element = target.slice[0].slice
        if isinstance(element, cst.Index) and isinstance(element.value, cst.SimpleString):
            return element.value.raw_value, _record_name(target.value)
    return None, None


def _record_name(receiver: cst.BaseExpression) -> str:
    """`user` in `user.religion`, `profile` in `self.profile["age"]`."""
    if isinstance(receiver, cst.Name):
        return receiver.value
    if isinstance(receiver, cst.Attribute):
        return receiver.attr.value
    return ""


def _code_name(target: cst.BaseExpression) -> str:
    field, owner = _target_name(target)
    if owner is None:
        return field or "?"
    if isinstance(target, cst.Subscript):
        return f"{owner}[{field!r}]"
    return f"{owner}.{field}" if owner else str(field)


def _condition_value(label: str, operands: list[Value]) -> UnknownValue:
    """A comparison or negation: a person's answer when an operand is one; generated when an operand is."""
    gate = any(flow.is_gate(v) for v in operands)
    found = frozenset().union(*(flow.generated_sources(v) for v in operands))
    if found:
        first = min(found, key=lambda c: (c.path, c.node_id))
        return UnknownValue(PieceKind.GENERATED, label, None, first, gate=gate)
    return UnknownValue(PieceKind.OPAQUE, label, gate=gate)


def _with_influence(value: Value, found: frozenset[CompletionCall]) -> Value:
    """`value` as chosen by generated text: it decides with it, but it is not generated text itself."""
    chooser = min(found, key=lambda c: (c.path, c.node_id))
    return join(value, UnknownValue(PieceKind.OPAQUE, "chosen by generated text", None, chooser)) or value


def _with_generated(value: Value, found: frozenset[CompletionCall]) -> Value:
    generated: Optional[Value] = None
    for call in sorted(found, key=lambda c: (c.path, c.node_id))[:4]:
        generated = join(generated, UnknownValue(PieceKind.GENERATED, "stored generated text", None, call))
    assert generated is not None
    if isinstance(value, SeqValue):
        return SeqValue(value.items, join(value.more, generated))
    return join(value, generated) or generated


def _prompt_depends_on_params(instance: PromptInstance) -> bool:
    return any(has_param(alt) for alt in instance.prompt.alts)


def _deparam(value: Value, label: str) -> Value:
    if isinstance(value, UnknownValue) and value.kind is PieceKind.PARAM:
        return UnknownValue(PieceKind.OPAQUE, f"self.{label}", value.origin)
    if isinstance(value, StrValue) and value.any_piece(PieceKind.PARAM):
        return value.map_pieces(
            lambda alt: tuple(
                Piece(PieceKind.OPAQUE, f"self.{label}", p.origin) if p.kind is PieceKind.PARAM else p for p in alt
            )
        )
    if isinstance(value, SeqValue):
        return SeqValue(
            tuple(_deparam(v, label) for v in value.items),
            _deparam(value.more, label) if value.more is not None else None,
        )
    if isinstance(value, DictValue):
        return DictValue(tuple((k, _deparam(v, label)) for k, v in value.items), value.open)
    return value


def _derived(value: Value, step: str) -> Value:
    """Something computed from `value` that the interpreter does not model: it keeps whose text it is."""
    if isinstance(value, UnknownValue):
        return value
    if isinstance(value, StrValue):
        for kind in (PieceKind.GENERATED, PieceKind.USER, PieceKind.PARAM):
            if value.any_piece(kind) and all(p.kind in (kind, PieceKind.CONSTANT) for alt in value.alts for p in alt):
                piece = next(p for alt in value.alts for p in alt if p.kind is kind)
                return UnknownValue(kind, piece.text, piece.origin, piece.source)
    if isinstance(value, ExternalValue):
        return replace(value, path=(*value.path, step))
    if isinstance(value, UnionValue):
        result: Optional[Value] = None
        for member in value.members:
            result = join(result, _derived(member, step))
        return result or OPAQUE
    if isinstance(value, SeqValue):
        return _element_of(value)
    return OPAQUE


def _relabel(value: Value, name: str, module: str, node: cst.CSTNode) -> Value:
    """Give constants read through a name that name as their provenance: `TEMPLATE at prompts.py:3` reads better
    than the literal's position alone."""
    if not (isinstance(value, StrValue) and value.is_constant()):
        return value
    if not all(p.origin is not None and p.origin.label == "literal" for alt in value.alts for p in alt):
        return value
    return StrValue(
        tuple(
            tuple(Piece(p.kind, p.text, Origin(p.origin.path, p.origin.node, name)) for p in alt)  # type: ignore
            for alt in value.alts
        ),
        value.carried,
    )


def _combine_unknown(left: Value, right: Value) -> Value:
    """What `left <op> right` is when the interpreter does not model the operation: whose text it carries."""
    for value in (left, right):
        if isinstance(value, UnknownValue) and value.kind in (PieceKind.USER, PieceKind.PARAM, PieceKind.GENERATED):
            return value
        if isinstance(value, ExternalValue) and is_user_source(value):  # `sys.argv[1] * 2`
            return value
    return OPAQUE


def _stringish(value: Value) -> bool:
    return isinstance(value, (StrValue, TemplateValue))


def _user_text(value: Value) -> bool:
    if isinstance(value, ExternalValue):
        return is_user_source(value)
    return isinstance(value, UnknownValue) and value.kind is PieceKind.USER


def _adds_to_user_text(left: Value, right: Value) -> bool:
    """`+` of user input and user input or an unknown value is a string concatenation: `q + q` is user text only,
    `open(path).read() + q` holds text nobody can count."""

    def unknown(value: Value) -> bool:
        return isinstance(value, ExternalValue) or (
            isinstance(value, UnknownValue) and value.kind in (PieceKind.USER, PieceKind.OPAQUE)
        )

    return (_user_text(left) and unknown(right)) or (_user_text(right) and unknown(left))


def _element_of(value: Value) -> Value:
    if isinstance(value, SeqValue):
        result: Optional[Value] = None
        for item in value.items:
            result = join(result, item)
        result = join(result, value.more)
        return result or OPAQUE
    if isinstance(value, DictValue):
        return StrValue.constant(value.items[0][0]) if value.items else OPAQUE
    if isinstance(value, StrValue):
        return value
    if isinstance(value, UnionValue):
        found: Optional[Value] = None
        for member in value.members:
            found = join(found, _element_of(member))
        return found or OPAQUE
    return _derived(value, "item")


def _mutate(receiver: Value, name: str, args: CallArgs) -> Optional[Value]:
    if isinstance(receiver, SeqValue):
        if name == "append" and args.positional:
            item = args.positional[0]
            return (
                SeqValue(receiver.items + (item,), receiver.more)
                if receiver.more is None
                else SeqValue(receiver.items, join(receiver.more, item))
            )
        if name == "insert" and len(args.positional) >= 2:
            index = args.positional[0]
            item = args.positional[1]
            if isinstance(index, IntValue) and index.value == 0 and receiver.more is None:
                return SeqValue((item,) + receiver.items)
            return SeqValue(receiver.items + (item,), receiver.more)
        if name == "extend" and args.positional:
            other = args.positional[0]
            if isinstance(other, SeqValue) and receiver.more is None:
                return SeqValue(receiver.items + other.items, other.more)
            return SeqValue(receiver.items, join(receiver.more, _element_of(other)))
    if isinstance(receiver, DictValue) and name == "update":
        updated = receiver
        if args.positional and isinstance(args.positional[0], DictValue):
            for key, value in args.positional[0].items:
                updated = updated.set(key, value)
        for key, value in args.keywords:
            updated = updated.set(key, value)
        return updated
    return None


def _subscript_key_and_value(
    node: cst.Subscript, interpreter: Interpreter, frame: Frame
) -> tuple[object, Optional[Value]]:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return _subscript_key(node, interpreter, frame), None
    value = interpreter.eval(node.slice[0].slice.value, frame)
    if isinstance(value, StrValue):
        return value.constant_text(), value
    if isinstance(value, IntValue):
        return value.value, value
    return None, value


def _subscript_key(node: cst.Subscript, interpreter: Interpreter, frame: Frame) -> object:
    if len(node.slice) != 1:
        return None
    element = node.slice[0].slice
    if isinstance(element, cst.Slice):
        for part in (element.lower, element.upper, element.step):
            if part is not None:
                interpreter.eval(part, frame)
        return "slice"
    if not isinstance(element, cst.Index):
        return None
    key = interpreter.eval(element.value, frame)
    if isinstance(key, StrValue):
        return key.constant_text()
    if isinstance(key, IntValue):
        return key.value
    return None


def _is_runnable(value: Value) -> bool:
    return isinstance(value, (TemplateValue, ChainValue, ExternalValue, DictValue))


def _chain_steps(value: Value) -> tuple[Value, ...]:
    return value.steps if isinstance(value, ChainValue) else (value,)


def _registers_handler(callee: Value) -> bool:
    if isinstance(callee, ExternalValue):
        if callee.path and callee.path[-1] in sources.EVENT_REGISTRATION_METHODS:
            return True
        return _is_framework(callee)
    return False


def _is_framework(value: Value) -> bool:
    return isinstance(value, ExternalValue) and value.qualname.split(".")[0] in sources.FRAMEWORK_ROOTS


def _flagging_off(args: CallArgs) -> bool:
    for key in ("allow_flagging", "flagging_mode"):
        value = args.keyword(key)
        if isinstance(value, StrValue) and value.constant_text() == "never":
            return True
        if isinstance(value, BoolValue) and value.value is False:
            return True
    return False


def _route_mentions_approval(decorator: cst.BaseExpression) -> bool:
    if isinstance(decorator, cst.Call) and decorator.args:
        first = decorator.args[0].value
        if isinstance(first, cst.SimpleString):
            return bool(gates.APPROVAL_HANDLER.search(first.value))
    return False


def _dotted(node: Union[cst.Attribute, cst.Name, cst.BaseExpression]) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _asname(alias: cst.ImportAlias) -> Optional[str]:
    if alias.asname is None:
        return None
    name = alias.asname.name
    return name.value if isinstance(name, cst.Name) else None


def _parameters(node: object) -> list[tuple[str, Optional[cst.BaseExpression], str]]:
    """(name, default, kind) for each parameter; kind is posonly, normal, *, kwonly or **."""
    if not isinstance(node, (cst.FunctionDef, cst.Lambda)):
        return []
    params = node.params
    result: list[tuple[str, Optional[cst.BaseExpression], str]] = []
    for param in params.posonly_params:
        result.append((param.name.value, param.default, "posonly"))
    for param in params.params:
        result.append((param.name.value, param.default, "normal"))
    if isinstance(params.star_arg, cst.Param):
        result.append((params.star_arg.name.value, None, "*"))
    for param in params.kwonly_params:
        result.append((param.name.value, param.default, "kwonly"))
    if params.star_kwarg is not None:
        result.append((params.star_kwarg.name.value, None, "**"))
    return result


def _decorator_names(node: object) -> set[str]:
    names: set[str] = set()
    if isinstance(node, cst.FunctionDef):
        for decorator in node.decorators:
            expr = decorator.decorator
            if isinstance(expr, cst.Name):
                names.add(expr.value)
            elif isinstance(expr, cst.Attribute):
                names.add(expr.attr.value)
    return names


def _is_static(node: object) -> bool:
    return "staticmethod" in _decorator_names(node)


def _is_classmethod(node: object) -> bool:
    return "classmethod" in _decorator_names(node)
