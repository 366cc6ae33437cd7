"""Recognising AI21 completion requests among the calls the interpreter evaluates, and reading their prompts.

Recognition works on resolved values, never on the text of the call: `client.completion.create` is a completion only
when `client` holds an instance of an `ai21` client class, however it was imported or renamed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional, Union

import libcst as cst

from ai21lint.analysis import stdlib
from ai21lint.analysis.callsites import CompletionCall
from ai21lint.analysis.strings import fill_template, template_fields
from ai21lint.analysis.values import (
    OPAQUE,
    CallArgs,
    ChainValue,
    DictValue,
    ExternalValue,
    FunctionValue,
    JsonValue,
    PieceKind,
    SeqValue,
    StrValue,
    TemplateValue,
    UnknownValue,
    Value,
    concat,
)
from ai21lint.catalogues import apis

if TYPE_CHECKING:
    from ai21lint.analysis.interpreter import Frame, Interpreter

Recognised = tuple[CompletionCall, Optional[StrValue]]


def recognise(
    interpreter: Interpreter, callee: Value, args: CallArgs, node: cst.Call, frame: Frame
) -> Optional[Recognised]:
    """The completion request this call makes, with its prompt, or None when it is not one."""
    from ai21lint.analysis.interpreter import BoundBuiltin

    if isinstance(callee, ExternalValue):
        for matcher in (_sdk_v1, _sdk_client, _langchain_llm, _llamaindex, _bedrock, _rest, _configured_wrapper):
            found = matcher(interpreter, callee, args, node, frame)
            if found is not None:
                return found
        return None
    if isinstance(callee, BoundBuiltin) and isinstance(callee.receiver, ChainValue):
        if callee.name in apis.LANGCHAIN_CHAIN_METHODS:
            return _chain_invoke(interpreter, callee.receiver, args, node, frame)
        return None
    if isinstance(callee, ChainValue):
        return _chain_invoke(interpreter, callee, args, node, frame)
    if isinstance(callee, FunctionValue):
        name = f"{_module_dotted(callee.ref.module)}.{callee.ref.qualname}"
        for configured, argument in interpreter.wrappers.items():
            if name == configured or name.endswith("." + configured):
                prompt = _argument(args, argument)
                call = CompletionCall.make(frame.module, node, "configured wrapper", None, False)
                return call, interpreter.to_str(prompt, node, frame)
    return None


def _make(frame: Frame, node: cst.Call, api: str, model: Optional[Value], custom: bool) -> CompletionCall:
    return CompletionCall.make(frame.module, node, api, _constant(model), custom)


def _constant(value: Optional[Value]) -> Optional[str]:
    if isinstance(value, StrValue):
        return value.constant_text()
    return None


def _is_present(value: Optional[Value]) -> bool:
    from ai21lint.analysis.values import NoneValue

    return value is not None and not isinstance(value, NoneValue)


def _root(qualname: str) -> str:
    return qualname.split(".")[0]


def _last(qualname: str) -> str:
    return qualname.rsplit(".", 1)[-1]


# --- ai21 SDK -------------------------------------------------------------------------------------------------


def _sdk_v1(
    interpreter: Interpreter, callee: ExternalValue, args: CallArgs, node: cst.Call, frame: Frame
) -> Optional[Recognised]:
    if callee.instance or callee.path or _root(callee.qualname) != "ai21":
        return None
    if not callee.qualname.endswith(".Completion.execute"):
        return None
    prompt = args.get(-1, "prompt")
    custom = _is_present(args.keyword("custom_model"))
    call = _make(frame, node, "ai21 SDK v1 Completion.execute", args.keyword("model"), custom)
    return call, interpreter.to_str(prompt, node, frame) if prompt is not None else StrValue.constant("")


def _sdk_client(
    interpreter: Interpreter, callee: ExternalValue, args: CallArgs, node: cst.Call, frame: Frame
) -> Optional[Recognised]:
    if not callee.instance or _root(callee.qualname) != "ai21" or _last(callee.qualname) not in apis.SDK_CLIENT_CLASSES:
        return None
    style = apis.SDK_CLIENT_METHODS.get(tuple(callee.path))
    if style is None:
        return None
    model = args.keyword("model")
    if style == "sdk-completion":
        prompt = args.keyword("prompt")
        custom = _is_present(args.keyword("custom_model"))
        call = _make(frame, node, "ai21 SDK completion", model, custom)
        return call, interpreter.to_str(prompt, node, frame) if prompt is not None else StrValue.constant("")
    texts: list[StrValue] = []
    system = args.keyword("system")
    if system is not None:
        texts.append(interpreter.to_str(system, node, frame))
    messages = args.keyword("messages")
    texts.append(messages_text(interpreter, messages, node, frame) if messages is not None else StrValue.constant(""))
    api = "ai21 SDK chat" if style == "sdk-chat" else "ai21 SDK chat.completions"
    return _make(frame, node, api, model, False), _joined(texts)


# --- LangChain and LlamaIndex ------------------------------------------------------------------------------------


def _is_langchain_llm(value: Value) -> bool:
    return (
        isinstance(value, ExternalValue)
        and value.instance
        and _root(value.qualname) in apis.LANGCHAIN_ROOTS
        and _last(value.qualname) in apis.LANGCHAIN_LLM_CLASSES
    )


def _llm_model(value: ExternalValue) -> Optional[Value]:
    if value.init is None:
        return None
    return value.init.keyword("model") or value.init.keyword("model_name") or value.init.keyword("model_id")


def _langchain_llm(
    interpreter: Interpreter, callee: ExternalValue, args: CallArgs, node: cst.Call, frame: Frame
) -> Optional[Recognised]:
    if not _is_langchain_llm(callee):
        return None
    if callee.path and (len(callee.path) != 1 or callee.path[0] not in apis.LANGCHAIN_LLM_METHODS):
        return None
    base = ExternalValue(callee.qualname, True, (), callee.init)
    prompt = args.get(0, "input") or args.get(0, "prompt") or args.get(0, "prompts") or args.keyword("messages")
    call = _make(frame, node, "LangChain " + _last(callee.qualname), _llm_model(base), False)
    if callee.path and callee.path[0] in ("generate", "agenerate", "batch", "abatch") and isinstance(prompt, SeqValue):
        texts = [_prompt_of(interpreter, item, node, frame) for item in prompt.items]
        if not texts:
            return call, StrValue.unknown(PieceKind.OPAQUE, "prompts")
        return call, StrValue.choose(
            [alt for t in texts for alt in t.alts], frozenset().union(*(t.carried for t in texts))
        )
    return call, _prompt_of(interpreter, prompt or OPAQUE, node, frame)


def _prompt_of(interpreter: Interpreter, value: Value, node: cst.CSTNode, frame: Frame) -> StrValue:
    """A LangChain/LlamaIndex input: a string, a list of messages, or a formatted template."""
    if isinstance(value, SeqValue):
        return messages_text(interpreter, value, node, frame)
    if isinstance(value, TemplateValue):
        return template_text(interpreter, value, CallArgs(), node, frame)
    return interpreter.to_str(value, node, frame)


def _llamaindex(
    interpreter: Interpreter, callee: ExternalValue, args: CallArgs, node: cst.Call, frame: Frame
) -> Optional[Recognised]:
    if not (
        callee.instance
        and _root(callee.qualname) in apis.LLAMAINDEX_ROOTS
        and _last(callee.qualname) in apis.LLAMAINDEX_LLM_CLASSES
        and len(callee.path) == 1
    ):
        return None
    method = callee.path[0]
    base = ExternalValue(callee.qualname, True, (), callee.init)
    if method in apis.LLAMAINDEX_COMPLETE_METHODS:
        prompt = args.get(0, "prompt")
        call = _make(frame, node, "LlamaIndex AI21.complete", _llm_model(base), False)
        return call, interpreter.to_str(prompt or OPAQUE, node, frame)
    if method in apis.LLAMAINDEX_CHAT_METHODS:
        messages = args.get(0, "messages")
        call = _make(frame, node, "LlamaIndex AI21.chat", _llm_model(base), False)
        return call, messages_text(interpreter, messages or OPAQUE, node, frame)
    return None


def _chain_invoke(
    interpreter: Interpreter, chain: ChainValue, args: CallArgs, node: cst.Call, frame: Frame
) -> Optional[Recognised]:
    steps = list(chain.steps)
    llm_index = next((i for i, step in enumerate(steps) if _is_langchain_llm(step)), None)
    if llm_index is None:
        return None
    llm = steps[llm_index]
    assert isinstance(llm, ExternalValue)
    before = steps[:llm_index]
    template = next((s for s in reversed(before) if isinstance(s, TemplateValue)), None)
    mapping = next((s for s in before if isinstance(s, DictValue)), None)
    call = _make(frame, node, "LangChain " + _last(llm.qualname), _llm_model(llm), False)
    if template is None:
        if any(isinstance(s, UnknownValue) for s in before):
            return call, StrValue.unknown(PieceKind.OPAQUE, "chain prompt")
        return call, _prompt_of(interpreter, args.get(0, "input") or OPAQUE, node, frame)
    invoke_input = args.get(0, "input")
    bindings = stdlib.template_bindings(template, args)
    fields = template_fields_of(template)
    if mapping is not None:
        for key, step in mapping.items:
            bindings[key] = _mapped(step, invoke_input)
    elif invoke_input is not None and not isinstance(invoke_input, DictValue) and fields:
        bindings[str(fields[0])] = invoke_input
    elif not args.positional and args.keywords:
        bindings.update(args.keywords)
    return call, _fill(interpreter, template, bindings, node, frame)


def _mapped(step: Value, invoke_input: Optional[Value]) -> Value:
    if isinstance(step, ExternalValue) and _last(step.qualname) == "RunnablePassthrough":
        return invoke_input or OPAQUE
    if isinstance(step, (StrValue, UnknownValue)):
        return step
    if (
        isinstance(step, ChainValue)
        and step.steps
        and isinstance(step.steps[0], ExternalValue)
        and _last(step.steps[0].qualname) == "itemgetter"
    ):
        return OPAQUE
    return UnknownValue(PieceKind.OPAQUE, "chain input")


def template_fields_of(template: TemplateValue) -> list[Union[str, int]]:
    fields: list[Union[str, int]] = []
    for _role, text in template.parts:
        for name in template_fields(text, template.syntax):
            if name not in fields:
                fields.append(name)
    return fields


def template_text(
    interpreter: Interpreter, template: TemplateValue, args: CallArgs, node: Optional[cst.CSTNode], frame: Frame
) -> StrValue:
    return _fill(interpreter, template, stdlib.template_bindings(template, args), node, frame)


def _fill(
    interpreter: Interpreter,
    template: TemplateValue,
    bindings: dict[str, Value],
    node: Optional[cst.CSTNode],
    frame: Frame,
) -> StrValue:
    def resolve(key: Union[str, int]) -> StrValue:
        value = bindings.get(str(key))
        if value is None:
            return StrValue.unknown(PieceKind.OPAQUE, f"template variable {key}")
        if isinstance(value, SeqValue):
            return messages_text(interpreter, value, node, frame)
        return interpreter.to_str(value, node, frame)

    texts = [fill_template(text, template.syntax, resolve) for _role, text in template.parts]
    return _joined(texts)


def call_template_or_chain(
    interpreter: Interpreter, receiver: Value, name: str, args: CallArgs, node: cst.Call, frame: Frame
) -> Value:
    from dataclasses import replace

    if isinstance(receiver, TemplateValue):
        if name in (
            "format",
            "format_prompt",
            "invoke",
            "ainvoke",
            "format_messages",
            "substitute",
            "safe_substitute",
            "__call__",
            "to_string",
        ):
            return template_text(interpreter, receiver, args, node, frame)
        if name == "partial":
            return replace(receiver, bound=receiver.bound + tuple(args.keywords))
        if name == "pipe" and args.positional:
            return ChainValue((receiver, *args.positional))
        return OPAQUE
    if isinstance(receiver, ChainValue):
        if name == "pipe" and args.positional:
            return ChainValue((*receiver.steps, *args.positional))
        return OPAQUE
    if isinstance(receiver, stdlib.PathValueMethod):
        return stdlib.call_path_method(interpreter, receiver.path, receiver.name, args, node, frame)
    return OPAQUE


# --- Bedrock ---------------------------------------------------------------------------------------------------


def _bedrock(
    interpreter: Interpreter, callee: ExternalValue, args: CallArgs, node: cst.Call, frame: Frame
) -> Optional[Recognised]:
    if not (callee.instance and _root(callee.qualname) in apis.BEDROCK_ROOTS and callee.path):
        return None
    method = callee.path[-1]
    model = args.keyword("modelId")
    model_id = _constant(model)
    if model_id is None or not apis.BEDROCK_AI21_MODEL.match(model_id):
        return None
    if method in apis.BEDROCK_INVOKE_METHODS:
        body = args.keyword("body")
        call = _make(frame, node, "Bedrock invoke_model", model, False)
        return call, payload_prompt(interpreter, body, node, frame)
    if method in apis.BEDROCK_CONVERSE_METHODS:
        texts = []
        system = args.keyword("system")
        if system is not None:
            texts.append(messages_text(interpreter, system, node, frame))
        texts.append(messages_text(interpreter, args.keyword("messages") or OPAQUE, node, frame))
        return _make(frame, node, "Bedrock converse", model, False), _joined(texts)
    return None


# --- REST ------------------------------------------------------------------------------------------------------

_UNKNOWN_SEGMENT = "\x00"


def _url_text(value: Optional[Value]) -> Optional[str]:
    """The URL with unknown parts replaced by a marker, from the first alternative."""
    if not isinstance(value, StrValue):
        return None
    return "".join(p.text if p.kind is PieceKind.CONSTANT else _UNKNOWN_SEGMENT for p in value.first)


def _rest(
    interpreter: Interpreter, callee: ExternalValue, args: CallArgs, node: cst.Call, frame: Frame
) -> Optional[Recognised]:
    url: Optional[Value] = None
    body: Optional[Value] = None
    if not callee.instance and not callee.path and callee.qualname in apis.HTTP_FUNCTIONS:
        if _last(callee.qualname) == "request":
            url = args.get(1, "url")
        else:
            url = args.get(0, "url")
    elif (
        callee.instance
        and len(callee.path) == 1
        and callee.path[0] in apis.HTTP_CLIENT_METHODS
        and any(
            callee.qualname == c
            or callee.qualname.endswith("." + c.split(".")[-1])
            and _root(callee.qualname) == _root(c)
            for c in apis.HTTP_CLIENT_CLASSES
        )
    ):
        if callee.path[0] == "request":
            url = args.get(1, "url")
        else:
            url = args.get(0, "url")
    elif not callee.instance and not callee.path and callee.qualname in apis.URLLIB_REQUEST:
        url = args.get(0, "url")
        body = args.get(1, "data")
    else:
        return None
    text = _url_text(url)
    if text is None:
        return None
    match = apis.AI21_STUDIO_URL.search(text)
    if match is None:
        return None
    segments = [s for s in re.split(r"[/?#]", text[match.end() :]) if s != ""]
    if not segments or segments[0] in apis.TASK_ENDPOINTS:
        return None
    if body is None:
        body = args.keyword("json") or args.keyword("data") or args.keyword("content") or args.keyword("body")
    model_segment = segments[0] if _UNKNOWN_SEGMENT not in segments[0] else None
    if segments[-1] == "complete":
        custom = len(segments) >= 3
        call = CompletionCall.make(frame.module, node, "REST complete", model_segment, custom)
        return call, payload_prompt(interpreter, body, node, frame)
    if "chat" in segments:
        model = model_segment if model_segment != "chat" else None
        payload = body.inner if isinstance(body, JsonValue) else body
        if isinstance(payload, DictValue) and isinstance(payload.get("model"), StrValue):
            model = _constant(payload.get("model"))
        call = CompletionCall.make(frame.module, node, "REST chat", model, False)
        return call, payload_prompt(interpreter, body, node, frame)
    return None


def payload_prompt(interpreter: Interpreter, body: Optional[Value], node: cst.CSTNode, frame: Frame) -> StrValue:
    """The prompt text of a JSON request body: `prompt`, or `system` plus `messages`."""
    payload = body.inner if isinstance(body, JsonValue) else body
    if isinstance(payload, DictValue):
        prompt = payload.get("prompt") or payload.get("inputText")
        if prompt is not None:
            return interpreter.to_str(prompt, node, frame)
        texts = []
        system = payload.get("system")
        if system is not None:
            texts.append(
                messages_text(interpreter, system, node, frame)
                if isinstance(system, SeqValue)
                else interpreter.to_str(system, node, frame)
            )
        messages = payload.get("messages")
        if messages is not None:
            texts.append(messages_text(interpreter, messages, node, frame))
        if texts:
            return _joined(texts)
        if payload.open:
            return StrValue.unknown(PieceKind.OPAQUE, "request body")
        return StrValue.constant("")
    if payload is None:
        return StrValue.unknown(PieceKind.OPAQUE, "request body")
    return StrValue.unknown(PieceKind.OPAQUE, "request body")


# --- chat messages ---------------------------------------------------------------------------------------------


def messages_text(interpreter: Interpreter, value: Value, node: Optional[cst.CSTNode], frame: Frame) -> StrValue:
    """The text of a list of chat messages, in any of the shapes the SDKs accept. Messages a loop may add are not
    counted: the loop may not run."""
    if isinstance(value, SeqValue):
        texts = [message_text(interpreter, item, node, frame) for item in value.items]
        return _joined(texts) if texts else StrValue.constant("")
    if isinstance(value, TemplateValue):
        return template_text(interpreter, value, CallArgs(), node, frame)
    return interpreter.to_str(value, node, frame)


def message_text(interpreter: Interpreter, item: Value, node: Optional[cst.CSTNode], frame: Frame) -> StrValue:
    if isinstance(item, DictValue):
        content = None
        for field_name in apis.MESSAGE_TEXT_FIELDS:
            content = item.get(field_name)
            if content is not None:
                break
        if content is None:
            return StrValue.unknown(PieceKind.OPAQUE, "message") if item.open else StrValue.constant("")
        if isinstance(content, SeqValue):
            return messages_text(interpreter, content, node, frame)
        return interpreter.to_str(content, node, frame)
    if isinstance(item, ExternalValue) and item.init is not None and _last(item.qualname) in apis.MESSAGE_CLASSES:
        content = item.init.keyword("content") or item.init.keyword("text")
        if content is None and item.init.positional:
            content = item.init.positional[0]
        if isinstance(content, SeqValue):
            return messages_text(interpreter, content, node, frame)
        return interpreter.to_str(content, node, frame) if content is not None else StrValue.constant("")
    if isinstance(item, SeqValue) and len(item.items) == 2 and isinstance(item.items[0], StrValue):
        return interpreter.to_str(item.items[1], node, frame)
    if isinstance(item, TemplateValue):
        return template_text(interpreter, item, CallArgs(), node, frame)
    return interpreter.to_str(item, node, frame)


def _joined(texts: list[StrValue]) -> StrValue:
    parts: list[StrValue] = []
    for index, text in enumerate(texts):
        if index:
            parts.append(stdlib.separator())
        parts.append(text)
    return concat(*parts) if parts else StrValue.constant("")


# --- wrappers named in the configuration -----------------------------------------------------------------------


def _configured_wrapper(
    interpreter: Interpreter, callee: ExternalValue, args: CallArgs, node: cst.Call, frame: Frame
) -> Optional[Recognised]:
    if not interpreter.wrappers:
        return None
    name = callee.dotted
    for configured, argument in interpreter.wrappers.items():
        if name == configured or (callee.path == () and callee.qualname == configured):
            call = CompletionCall.make(frame.module, node, "configured wrapper", None, False)
            return call, interpreter.to_str(_argument(args, argument), node, frame)
    return None


def _argument(args: CallArgs, argument: str) -> Value:
    if argument.isdigit():
        return args.get(int(argument), "") or OPAQUE
    return args.get(0 if argument == "prompt" else -1, argument) or OPAQUE


def _module_dotted(path: str) -> str:
    dotted = path[:-3] if path.endswith(".py") else path
    dotted = dotted.replace("/", ".")
    return dotted[: -len(".__init__")] if dotted.endswith(".__init__") else dotted
