"""Where generated text goes: the sinks it reaches, with the path conditions that matter (a human review gate before
it, a loop over recipients around it). The interpreter calls `observe_call` at every call and `observe_return` at
every return of a handler; the events it records are what the flow rules (AIS102/201/202/203, AIS401/501) read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Optional

import libcst as cst

from ai21lint.analysis.callsites import CompletionCall
from ai21lint.analysis.values import (
    CallArgs,
    ChainValue,
    DictValue,
    ExternalValue,
    InstanceValue,
    JsonValue,
    PieceKind,
    SeqValue,
    StrValue,
    TemplateValue,
    UnionValue,
    UnknownValue,
    Value,
)
from ai21lint.catalogues import gates, sinks

if TYPE_CHECKING:
    from ai21lint.analysis.interpreter import Frame, Interpreter

POST, SEND, PRESENT = "post", "send", "present"
DECIDE, PROFILE = "decide", "profile"  # an outcome for a person; a protected attribute of a person stored


@dataclass(frozen=True)
class FlowEvent:
    """Generated text reaching a sink. `node` is the sink call, or the `return` of a handler that shows it."""

    kind: str  # POST, SEND or PRESENT
    family: str  # "X/Twitter (tweepy)", "Flask view", ...
    path: str
    node: cst.CSTNode
    sources: frozenset[CompletionCall]
    gated: bool  # a human review gate is on the path
    bulk: bool  # inside a loop over recipients (or a mass-send API)
    scope: int = 0  # for decisions: the branch statement they are in (one finding per branch)


def generated_sources(value: Optional[Value], depth: int = 0, influence: bool = False) -> frozenset[CompletionCall]:
    """The completion calls whose output `value` carries. With `influence`, also those whose output chose it (a
    constant picked by a generated label: `REPLIES[label]`), which decides things but is not generated text."""
    if value is None or depth > 8:
        return frozenset()
    if not isinstance(value, _CONTAINERS):
        return _generated_sources(value, depth, influence)
    # containers are immutable and shared (the same argument list reaches every call it is passed to), and walking
    # them is what costs: remember the answer on the value itself
    key = _MEMO_KEYS[influence][depth]
    memo = value.__dict__
    found = memo.get(key)
    if found is None:
        found = memo[key] = _generated_sources(value, depth, influence)
    return found  # type: ignore[no-any-return]


_MEMO_KEYS = [[f"_generated_{influence}_{depth}" for depth in range(9)] for influence in (0, 1)]
_CONTAINERS = (SeqValue, DictValue, UnionValue, TemplateValue, ChainValue, InstanceValue, JsonValue)


def _generated_sources(value: Value, depth: int, influence: bool) -> frozenset[CompletionCall]:
    if isinstance(value, UnknownValue):
        chose = influence and value.kind is PieceKind.OPAQUE
        if (value.kind is PieceKind.GENERATED or chose) and isinstance(value.generated_by, CompletionCall):
            return frozenset({value.generated_by})
        return frozenset()
    if isinstance(value, StrValue):
        return frozenset(
            p.source
            for alt in value.alts
            for p in alt
            if p.kind is PieceKind.GENERATED and isinstance(p.source, CompletionCall)
        ) | frozenset(c for c in value.carried if isinstance(c, CompletionCall))
    found: set[CompletionCall] = set()
    children: Iterable[Optional[Value]] = ()
    if isinstance(value, SeqValue):
        children = (*value.items, value.more)
    elif isinstance(value, DictValue):
        children = [*(v for _, v in value.items), value.more]
    elif isinstance(value, JsonValue):
        children = (value.inner,)
    elif isinstance(value, UnionValue):
        children = value.members
    elif isinstance(value, TemplateValue):
        children = [text for _, text in value.parts] + [v for _, v in value.bound]
    elif isinstance(value, ChainValue):
        children = value.steps
    elif isinstance(value, ExternalValue) and value.init is not None:
        children = _argument_values(value.init)
    elif isinstance(value, InstanceValue):
        children = [v for _, v in value.fields]
    for child in children:
        found |= generated_sources(child, depth + 1, influence)
    return frozenset(found)


def _argument_values(args: CallArgs) -> list[Value]:
    values = list(args.positional) + [v for _, v in args.keywords]
    for extra in (args.star, args.starstar):
        if extra is not None:
            values.append(extra)
    return values


def is_gate(value: Value) -> bool:
    """A person's answer: the result of a confirmation prompt, or a condition derived from one."""
    if isinstance(value, UnknownValue):
        return value.gate
    if isinstance(value, ExternalValue):
        dotted = value.dotted
        return any(dotted == p or dotted.startswith(p + ".") for p in gates.CONFIRMATION_PREFIXES)
    if isinstance(value, UnionValue):
        return any(is_gate(m) for m in value.members)
    return False


def names_an_approval(node: cst.BaseExpression, extra: frozenset[str] = frozenset(), depth: int = 0) -> bool:
    """A condition that calls an approval check or reads an approval field (`is_approved(x)`, `draft.approved`);
    `extra` holds function names configured as review gates."""
    if depth > 12:
        return False

    def named(name: str) -> bool:
        return bool(gates.APPROVAL_NAME.search(name)) or name in extra

    def inner(child: cst.BaseExpression) -> bool:
        return names_an_approval(child, extra, depth + 1)

    if isinstance(node, cst.Call):
        return inner(node.func) or any(inner(a.value) for a in node.args if isinstance(a.value, (cst.Call, cst.Await)))
    if isinstance(node, cst.Attribute):
        return named(node.attr.value) or inner(node.value)
    if isinstance(node, cst.Name):
        return named(node.value)
    if isinstance(node, cst.Subscript):
        key = node.slice[0].slice if len(node.slice) == 1 else None
        if isinstance(key, cst.Index) and isinstance(key.value, cst.SimpleString):
            return named(key.value.value)
        return inner(node.value)
    if isinstance(node, (cst.UnaryOperation, cst.Await)):
        return inner(node.expression)
    if isinstance(node, cst.BooleanOperation):
        return inner(node.left) or inner(node.right)
    if isinstance(node, cst.Comparison):  # `draft.status == "approved"`
        operands = [node.left, *(c.comparator for c in node.comparisons)]
        return any(inner(o) for o in operands) or any(
            isinstance(o, cst.SimpleString) and named(o.value) for o in operands
        )
    return False


def method_name(node: cst.Call) -> str:
    func = node.func
    if isinstance(func, cst.Attribute):
        return func.attr.value
    if isinstance(func, cst.Name):
        return func.value
    return ""


def _receiver_root(callee: Value) -> str:
    if isinstance(callee, ExternalValue):
        return callee.qualname.split(".")[0]
    if isinstance(callee, UnknownValue):
        return callee.framework
    return ""


def _url(value: Optional[Value]) -> Optional[str]:
    if not isinstance(value, StrValue):
        return None
    return "".join(p.text if p.kind is PieceKind.CONSTANT else "\x00" for p in value.first)


def _matches(sink: sinks.Sink, root: str, method: str) -> bool:
    return root in sink.roots and method in sink.methods


def observe_call(interpreter: Interpreter, callee: Value, args: CallArgs, node: cst.Call, frame: Frame) -> None:
    """Record an event when generated text is an argument of a posting, sending or presenting call."""
    sources = (
        frozenset().union(*(generated_sources(v) for v in _argument_values(args)))
        if (args.positional or args.keywords or args.star or args.starstar)
        else frozenset()
    )
    if isinstance(callee, ExternalValue) and callee.init is not None and callee.path:
        sources |= generated_sources(callee)  # `EmailMessage(body=text).send()`, `cl.Message(content=text).send()`
    if not sources:
        return
    root = _receiver_root(callee)
    method = method_name(node)
    if isinstance(callee, ExternalValue) and not callee.instance and not callee.path:
        method = callee.qualname.rsplit(".", 1)[-1]
    configured = interpreter.configured_sink(callee)
    record = interpreter.record_event
    if configured is not None:
        kind, family = configured
        record(kind, family, frame, node, sources)
        if kind in (POST, SEND):
            record(PRESENT, family, frame, node, sources)
        return
    posted = _posting_family(callee, root, method, args, interpreter)
    if posted is not None:
        record(POST, posted, frame, node, sources)
        record(PRESENT, posted, frame, node, sources)
        return
    sent = next((s.family for s in sinks.SEND_SINKS if _matches(s, root, method)), None)
    if sent is None and root in sinks.HTTP_POST_ROOTS and method in ("post", "request"):
        url = _url(args.get(0, "url")) or _url(args.get(1, "url")) or ""
        if sinks.MAILING_HTTP_ENDPOINTS.search(url):
            sent = "email/SMS (HTTP API)"
    if sent is not None:
        bulk = method in sinks.MASS_SEND_METHODS or (
            frame.bulk and recipient_varies(node, method, frame.loop_names, args)
        )
        record(SEND, sent, frame, node, sources, bulk=bulk)
        record(PRESENT, sent, frame, node, sources)
        return
    shown = next((s.family for s in sinks.PRESENTATION_SINKS if _matches(s, root, method)), None)
    if shown is not None:
        record(PRESENT, shown, frame, node, sources)


def _posting_family(callee: Value, root: str, method: str, args: CallArgs, interpreter: Interpreter) -> Optional[str]:
    family = next((s.family for s in sinks.POSTING_SINKS if _matches(s, root, method)), None)
    if family is not None:
        return family
    if (
        isinstance(callee, ExternalValue)
        and root == "googleapiclient"
        and method == "insert"
        and any(step in ("commentThreads", "comments") for step in callee.path)
    ):
        return "YouTube comments"
    if root in sinks.TELEGRAM_ROOTS and method in sinks.TELEGRAM_SEND_METHODS:
        chat = args.get(0, "chat_id")
        chat_text = chat.constant_text() if isinstance(chat, StrValue) else None
        if chat_text is not None and chat_text.startswith("@"):
            return "Telegram public channel"
    if method in ("chat_postMessage", "send") and interpreter.public_channels:
        channel = args.get(0, "channel") or args.get(0, "channel_id")
        channel_text = channel.constant_text() if isinstance(channel, StrValue) else None
        if channel_text is not None and channel_text in interpreter.public_channels:
            return "public channel (configured)"
    if root in sinks.HTTP_POST_ROOTS and method in ("post", "request", "put"):
        url = _url(args.get(0, "url")) or ""
        if method == "request":
            url = _url(args.get(1, "url")) or ""
        for name, pattern in sinks.PUBLIC_HTTP_ENDPOINTS:
            if pattern.search(url):
                if name == "WordPress REST API" and not _publishes(args):
                    return None
                if name == "Telegram Bot API" and not _to_public_channel(args):
                    return None
                return name
    return None


def _payload(args: CallArgs) -> Optional[DictValue]:
    for key in ("json", "data", "params"):
        value = args.keyword(key)
        if isinstance(value, JsonValue):
            value = value.inner
        if isinstance(value, DictValue):
            return value
    return None


def _publishes(args: CallArgs) -> bool:
    payload = _payload(args)
    status = payload.get("status") if payload is not None else None
    return isinstance(status, StrValue) and status.constant_text() in ("publish", "future")


def _to_public_channel(args: CallArgs) -> bool:
    payload = _payload(args)
    chat = payload.get("chat_id") if payload is not None else None
    text = chat.constant_text() if isinstance(chat, StrValue) else None
    return bool(text and text.startswith("@"))


def names_in(node: cst.CSTNode, limit: int = 400) -> set[str]:
    """The variable names an expression reads (an iterative walk, bounded)."""
    found: set[str] = set()
    stack: list[cst.CSTNode] = [node]
    while stack and limit > 0:
        limit -= 1
        current = stack.pop()
        if isinstance(current, cst.Name):
            found.add(current.value)
        elif isinstance(current, cst.Attribute):
            stack.append(current.value)
        elif isinstance(current, (cst.Lambda, cst.FunctionDef)):
            continue
        else:
            stack.extend(current.children)
    return found


def recipient_varies(node: cst.Call, method: str, loop_names: frozenset[str], args: CallArgs) -> bool:
    """Whether who receives this message changes with the loop around it: the receiver (`member.send`), a
    recipient argument (`to=`, `chat_id=`), or a message object built for the recipient (`sg.send(mail)`); the text
    itself changing (`ctx.send(f"{topic}...")`) does not make a message bulk."""
    if not loop_names:
        return False
    func = node.func
    if isinstance(func, cst.Attribute) and names_in(func.value) & loop_names:
        return True
    positional = 0
    for arg in node.args:
        varies = bool(names_in(arg.value) & loop_names)
        if arg.keyword is not None:
            if varies and arg.keyword.value in sinks.RECIPIENT_ARGUMENTS:
                return True
            if (
                varies
                and method not in sinks.RECEIVER_IS_RECIPIENT
                and arg.keyword.value not in sinks.CONTENT_ARGUMENTS
            ):
                return True
            continue
        value = args.positional[positional] if positional < len(args.positional) else None
        positional += 1
        if not varies:
            continue
        if method not in sinks.RECEIVER_IS_RECIPIENT or not isinstance(value, (StrValue, UnknownValue)):
            return True
    return False


def is_bulk_loop(iterable: Value, node: cst.BaseExpression) -> bool:
    """A loop that may be over recipients: not a `range()`, not over pieces of generated text."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in ("range", "enumerate"):
        if node.func.value == "range":
            return False
    return not generated_sources(iterable)


_LAMBDA_RESPONSE_KEYS = frozenset({"statusCode", "body"})


def is_lambda_response(value: Value) -> bool:
    return isinstance(value, DictValue) and any(key in _LAMBDA_RESPONSE_KEYS for key, _ in value.items)
