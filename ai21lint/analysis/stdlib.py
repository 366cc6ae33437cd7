"""Models of standard-library and common-library calls that shape prompt text: files and paths (template files),
`json`, environment variables, `textwrap`, `string.Template`, `str()`, and LangChain prompt templates and chains."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import libcst as cst

from ai21lint.analysis.values import (
    OPAQUE,
    CallArgs,
    ChainValue,
    DictValue,
    ExternalValue,
    JsonValue,
    NoneValue,
    Origin,
    Piece,
    PieceKind,
    SeqValue,
    StrValue,
    TemplateValue,
    UnknownValue,
    Value,
)
from ai21lint.catalogues import apis

if TYPE_CHECKING:
    from ai21lint.analysis.interpreter import Frame, Interpreter


@dataclass(frozen=True)
class PathValue(Value):
    """A filesystem path the scanned code builds: relative to its module's directory (`Path(__file__).parent`)
    or to the working directory (a bare relative path). `rel` is None when a part of it is unknown."""

    base: str  # "module" (its directory), "root" (of the project) or "cwd" (tried beside the module, then root)
    rel: Optional[str]
    module: str = ""
    is_file_of_module: bool = False


def path_join(path: PathValue, part: Value) -> PathValue:
    text = part.constant_text() if isinstance(part, StrValue) else None
    if path.rel is None or text is None:
        return PathValue(path.base, None, path.module)
    return PathValue(path.base, posixpath.join(path.rel, text) if path.rel else text, path.module)


def as_path(value: Value, module: str) -> Optional[PathValue]:
    if isinstance(value, PathValue):
        return value
    if isinstance(value, StrValue):
        text = value.constant_text()
        return PathValue("cwd", text, module) if text is not None else None
    return None


def _parent(path: PathValue) -> PathValue:
    if path.is_file_of_module:
        return PathValue(path.base, "", path.module)
    if path.rel is None:
        return path
    return PathValue(path.base, posixpath.join(path.rel, ".."), path.module)


def read_template_file(interpreter: Interpreter, path: Optional[PathValue], node: cst.CSTNode, frame: Frame) -> Value:
    """The text of a file the scanned code reads, when its path is literal and inside the root."""
    if path is None or path.rel is None or path.is_file_of_module:
        return UnknownValue(PieceKind.OPAQUE, "file contents", Origin(frame.module, node, "file read"))
    rel = path.rel
    if path.base == "module":
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(path.module), rel))
        found = interpreter.project.read_text_file("", rel)
    elif path.base == "root":
        found = interpreter.project.read_text_file("", posixpath.normpath(rel))
    else:
        found = interpreter.project.read_text_file(frame.module, posixpath.normpath(rel))
    if found is None:
        return UnknownValue(PieceKind.OPAQUE, f"file {path.rel}", Origin(frame.module, node, f"file {path.rel}"))
    file_path, text = found
    return StrValue.constant(text, Origin(frame.module, node, f"template file {file_path}"))


def call_known_function(
    interpreter: Interpreter, callee: ExternalValue, name: str, args: CallArgs, node: cst.Call, frame: Frame
) -> Optional[Value]:
    """The result of a call to a function the interpreter models, or None to treat it as unknown."""
    first = args.get(0, "") if args.positional or args.keywords else None
    module = frame.module
    if name == "builtins.str":
        return interpreter.to_str(first, node, frame) if first is not None else StrValue.constant("")
    if name in ("builtins.list", "builtins.tuple"):
        return first if isinstance(first, SeqValue) else SeqValue((), OPAQUE)
    if name in ("builtins.sorted", "builtins.reversed"):
        return SeqValue((), _element(first)) if first is not None else OPAQUE
    if name == "builtins.dict":
        base = first if isinstance(first, DictValue) else DictValue(())
        for key, value in args.keywords:
            base = base.set(key, value)
        return base
    if name == "builtins.len":
        return UnknownValue(PieceKind.OPAQUE, "len()")
    if name == "builtins.print":
        return NoneValue()
    if name in ("textwrap.dedent", "textwrap.indent"):
        return first if isinstance(first, StrValue) else OPAQUE
    if name == "inspect.cleandoc":
        return first.map_pieces(lambda alt: alt) if isinstance(first, StrValue) else OPAQUE
    if name in ("dataclasses.asdict", "dataclasses.astuple") and first is not None:
        from ai21lint.analysis.values import InstanceValue

        if isinstance(first, InstanceValue):
            return DictValue(first.fields, open=not first.fields)
    if name == "json.dumps":
        return JsonValue(first) if first is not None else OPAQUE
    if name in ("json.loads", "json.load"):
        if isinstance(first, JsonValue):
            return first.inner
        return _keeps_owner(first, Origin(module, node, ""))
    if name in ("os.getenv", "os.environ.get", "os.environ.[]", "os.getenvb", "os.environ.setdefault"):
        variable = first.constant_text() if isinstance(first, StrValue) else None
        label = f"environment variable {variable}" if variable else "environment variable"
        return UnknownValue(PieceKind.OPAQUE, label, Origin(module, node, label))
    if name == "string.Template" and first is not None:
        return TemplateValue((("", interpreter.to_str(first, node, frame)),), "dollar")
    # files and paths
    if name in (
        "pathlib.Path",
        "pathlib.PurePath",
        "pathlib.PosixPath",
        "os.path.abspath",
        "os.path.realpath",
        "os.path.normpath",
        "os.fspath",
        "pathlib.Path.resolve",
    ):
        if first is None:
            return PathValue("cwd", "", module)
        return as_path(first, module) or PathValue("cwd", None, module)
    if name == "os.path.dirname" and first is not None:
        path = as_path(first, module)
        return _parent(path) if path is not None else PathValue("cwd", None, module)
    if name == "os.path.join" and args.positional:
        path = as_path(args.positional[0], module)
        if path is None:
            return PathValue("cwd", None, module)
        for part in args.positional[1:]:
            path = path_join(path, part)
        return path
    if name in ("importlib.resources.files", "importlib_resources.files") and first is not None:
        return _package_dir(interpreter, first, frame)
    if name in ("importlib.resources.read_text", "importlib_resources.read_text", "pkgutil.get_data") and first:
        directory = _package_dir(interpreter, first, frame)
        resource = args.get(1, "resource")
        return read_template_file(interpreter, path_join(directory, resource or OPAQUE), node, frame)
    if name in ("builtins.open", "io.open", "codecs.open") and first is not None:
        return ExternalValue("builtins.open", instance=True, init=args, origin=Origin(module, node, "open"))
    if name in ("builtins.open.read", "io.open.read", "codecs.open.read"):
        target = callee.init.get(0, "file") if callee.init is not None else None
        return read_template_file(interpreter, as_path(target, module) if target is not None else None, node, frame)
    if name in ("builtins.open.readlines",):
        target = callee.init.get(0, "file") if callee.init is not None else None
        text = read_template_file(interpreter, as_path(target, module) if target else None, node, frame)
        return SeqValue((), text)
    if _is_langchain(callee):
        return _langchain_constructor(interpreter, callee, args, node, frame)
    return None


def _keeps_owner(value: Optional[Value], origin: Origin) -> Value:
    """A value parsed or decoded from `value`: whoever wrote `value` wrote it (user input stays user input)."""
    if isinstance(value, UnknownValue):
        return UnknownValue(value.kind, value.label, origin, value.generated_by)
    if isinstance(value, StrValue):
        kinds = {p.kind for alt in value.alts for p in alt} - {PieceKind.CONSTANT}
        if len(kinds) == 1:
            return UnknownValue(kinds.pop(), "parsed text", origin)
    if isinstance(value, ExternalValue):
        return ExternalValue(value.qualname, True, (*value.path, "()"), value.init, value.label, origin)
    return UnknownValue(PieceKind.OPAQUE, "parsed data", origin)


def _package_dir(interpreter: Interpreter, package: Value, frame: Frame) -> PathValue:
    """`importlib.resources.files("pkg")`: the directory of a package of the project."""
    name = package.constant_text() if isinstance(package, StrValue) else None
    if name is None:
        return PathValue("root", None, frame.module)
    found = interpreter.project.resolve_module(frame.module, name)
    if found is None or not found.endswith("__init__.py"):
        return PathValue("root", None, frame.module)
    return PathValue("root", posixpath.dirname(found), frame.module)


def call_path_method(
    interpreter: Interpreter, path: PathValue, name: str, args: CallArgs, node: cst.Call, frame: Frame
) -> Value:
    if name in ("read_text", "read_bytes", "read"):
        return read_template_file(interpreter, path, node, frame)
    if name in ("resolve", "absolute", "expanduser"):
        return path
    if name == "joinpath":
        for part in args.positional:
            path = path_join(path, part)
        return path
    if name == "open":
        return ExternalValue(
            "builtins.open", instance=True, init=CallArgs((path,)), origin=Origin(frame.module, node, "")
        )
    if name == "exists":
        return UnknownValue(PieceKind.OPAQUE, "exists")
    return UnknownValue(PieceKind.OPAQUE, f"path.{name}()")


def path_attr(path: PathValue, name: str) -> Value:
    if name == "parent":
        return _parent(path)
    if name in ("name", "stem", "suffix"):
        return UnknownValue(PieceKind.OPAQUE, f"path.{name}")
    return PathValueMethod(path, name)


@dataclass(frozen=True)
class PathValueMethod(Value):
    path: PathValue
    name: str


def _element(value: Optional[Value]) -> Value:
    if isinstance(value, SeqValue):
        result: Optional[Value] = None
        from ai21lint.analysis.values import join

        for item in value.items:
            result = join(result, item)
        return join(result, value.more) or OPAQUE
    return OPAQUE


# --- LangChain prompt templates and chains ---------------------------------------------------------------------


def _is_langchain(callee: ExternalValue) -> bool:
    return callee.qualname.split(".")[0] in apis.LANGCHAIN_ROOTS


def _langchain_constructor(
    interpreter: Interpreter, callee: ExternalValue, args: CallArgs, node: cst.Call, frame: Frame
) -> Optional[Value]:
    if callee.instance and callee.path:
        return None
    parts = callee.qualname.split(".")
    cls, method = (
        (parts[-2], parts[-1]) if len(parts) >= 2 and parts[-2] in apis.LANGCHAIN_TEMPLATE_CLASSES else (parts[-1], "")
    )
    syntax_value = args.keyword("template_format")
    syntax_text = syntax_value.constant_text() if isinstance(syntax_value, StrValue) else None
    syntax = "jinja2" if syntax_text == "jinja2" else "format"
    if cls in apis.LANGCHAIN_TEMPLATE_CLASSES:
        if method in ("", "from_template"):
            template = args.get(0, "template")
            if template is None:
                return TemplateValue((("", StrValue.unknown(PieceKind.OPAQUE, "template")),), syntax)
            role = {
                "SystemMessagePromptTemplate": "system",
                "HumanMessagePromptTemplate": "human",
                "AIMessagePromptTemplate": "ai",
            }.get(cls, "")
            if cls == "ChatPromptTemplate" and method == "" and args.get(0, "messages") is not None:
                return _chat_template(interpreter, args.get(0, "messages"), node, frame, syntax)  # type: ignore[arg-type]
            return TemplateValue(((role, interpreter.to_str(template, node, frame)),), syntax)
        if method == "from_messages":
            messages = args.get(0, "messages")
            return _chat_template(interpreter, messages or OPAQUE, node, frame, syntax)
        if method == "from_file":
            target = args.get(0, "template_file")
            path = as_path(target, frame.module) if target is not None else None
            text = read_template_file(interpreter, path, node, frame)
            return TemplateValue((("", interpreter.to_str(text, node, frame)),), syntax)
        return None
    if cls == "MessagesPlaceholder":
        variable = args.get(0, "variable_name")
        name = variable.constant_text() if isinstance(variable, StrValue) else None
        return TemplateValue((("placeholder", StrValue.constant("{" + (name or "history") + "}")),), "format")
    if cls in apis.LANGCHAIN_CHAIN_CLASSES or args.keyword("llm") is not None:
        llm = args.keyword("llm")
        prompt = args.keyword("prompt")
        if llm is None:
            return None
        if prompt is None:
            prompt = UnknownValue(PieceKind.OPAQUE, f"{cls} built-in prompt")
        return ChainValue((prompt, llm))
    return None


def _chat_template(
    interpreter: Interpreter, messages: Value, node: cst.CSTNode, frame: Frame, syntax: str
) -> TemplateValue:
    parts: list[tuple[str, StrValue]] = []
    items = messages.items if isinstance(messages, SeqValue) else ()
    for item in items:
        if isinstance(item, SeqValue) and len(item.items) == 2:
            role = item.items[0].constant_text() if isinstance(item.items[0], StrValue) else None
            parts.append((role or "", interpreter.to_str(item.items[1], node, frame)))
        elif isinstance(item, TemplateValue):
            parts.extend(item.parts)
        elif isinstance(item, StrValue):
            parts.append(("human", item))
        elif isinstance(item, ExternalValue) and item.init is not None:
            content = item.init.get(0, "content")
            parts.append(
                (
                    "",
                    interpreter.to_str(content, node, frame)
                    if content is not None
                    else StrValue.unknown(PieceKind.OPAQUE, "message"),
                )
            )
        else:
            parts.append(("", interpreter.to_str(item, node, frame)))
    if isinstance(messages, SeqValue) and messages.more is not None:
        pass  # further messages may be added in a loop: they may not be, so they do not count
    if not isinstance(messages, SeqValue):
        parts.append(("", StrValue.unknown(PieceKind.OPAQUE, "messages")))
    return TemplateValue(tuple(parts), syntax)


def template_bindings(template: TemplateValue, args: CallArgs) -> dict[str, Value]:
    bindings = dict(template.bound)
    first = args.get(0, "input")
    if isinstance(first, DictValue):
        bindings.update(first.items)
    for key, value in args.keywords:
        if key != "input":
            bindings[key] = value
    return bindings


def separator() -> StrValue:
    """Placed between chat messages so whitespace runs do not merge across them; counts nothing."""
    return StrValue(((Piece(PieceKind.USER, ""),),))
