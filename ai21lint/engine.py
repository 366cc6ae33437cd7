"""The one engine every front-end calls: discover files -> analyse the project -> run the rules -> diagnostics."""

from __future__ import annotations

import gc
import re
import sys
import threading
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence, TypeVar

from ai21lint.analysis.project import MAX_FILE_BYTES, Project
from ai21lint.analysis.source import decode_source, is_parsable
from ai21lint.catalogues.evidence import TEMPLATE_SUFFIXES
from ai21lint.catalogues.sinks import APP_CONSTRUCTORS
from ai21lint.config import Config, find_project_root
from ai21lint.diagnostics import Diagnostic, Severity
from ai21lint.discovery import discover
from ai21lint.prefilter import candidates, importers

if TYPE_CHECKING:  # the analysis (and LibCST) is imported when something is analysed: see _analyse
    import libcst as cst

    from ai21lint.analysis import evidence
    from ai21lint.analysis.callsites import PromptInstance
    from ai21lint.analysis.flow import FlowEvent
    from ai21lint.analysis.interpreter import Interpreter
    from ai21lint.rules.base import Rule

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]*(?:[,\s]+[A-Z]+[0-9]*)*))?", re.IGNORECASE)


@dataclass
class AnalysisResult:
    """What rules see: the project, the interpreter's findings, the files in scope and the configuration."""

    project: Project
    interpreter: Interpreter
    targets: frozenset[str]  # the files the user asked about: findings are reported for these
    config: Config
    analysed: frozenset[str] = frozenset()  # the targets that were parsed (all of them without the prefilter)
    _evidence: Optional[dict[str, evidence.AppEvidence]] = None
    focus: Optional[str] = None  # one file's findings only (re-running a rule that failed, file by file)

    def prompt_sites(self) -> list[tuple[str, cst.CSTNode, list[PromptInstance]]]:
        """Every place a prompt rule reports at (the completion call, or the call that supplies a wrapper's text),
        with the prompts that reach a completion request from there, in source order; custom models left out."""
        sites: dict[tuple[str, int], tuple[str, cst.CSTNode, list[PromptInstance]]] = {}
        for instance in self.interpreter.reported:
            if instance.call.custom_model:
                continue
            path, node = instance.report_step
            if self.focus is not None and path != self.focus:
                continue
            sites.setdefault((path, id(node)), (path, node, []))[2].append(instance)
        return sorted(sites.values(), key=lambda site: (site[0], self.line_of(site[0], site[1])))

    def events(self, kind: str) -> list[FlowEvent]:
        """Flow events of one kind, in source order."""
        found = [
            e
            for e in self.interpreter.flow_events.values()
            if e.kind == kind and (self.focus is None or e.path == self.focus)
        ]
        return sorted(found, key=lambda e: (e.path, self.line_of(e.path, e.node)))

    def app_evidence(self, app: str) -> evidence.AppEvidence:
        """Disclosure text and report mechanisms of an app (collected once, for every app that shows text)."""
        from ai21lint.analysis import evidence

        if self._evidence is None:
            apps = {self.project.app_of(e.path) for e in self.interpreter.flow_events.values()}
            self._evidence = evidence.collect(
                self.project, apps, self.config.disclosure_phrases, self.config.report_mechanisms
            )
        return self._evidence.get(app) or evidence.AppEvidence(app)

    def diagnostic(
        self, code: str, severity: Severity, guideline: str, path: str, node: Optional[cst.CSTNode], message: str
    ) -> Diagnostic:
        position = self.project.module(path).position(node) if node is not None else None
        if position is None:
            return Diagnostic(path, 1, 1, code, 1, 1, severity, guideline, message)
        return Diagnostic(
            path,
            position.start.line,
            position.start.column + 1,
            code,
            position.end.line,
            position.end.column + 1,
            severity,
            guideline,
            message,
        )

    def line_of(self, path: str, node: cst.CSTNode) -> int:
        position = self.project.module(path).position(node)
        return position.start.line if position is not None else 1

    def code_of(self, path: str, node: cst.CSTNode, limit: int = 60) -> str:
        tree = self.project.module(path).tree
        if tree is None:
            return "?"
        text = " ".join(tree.code_for_node(node).split())
        return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Report:
    root: Path
    files_checked: int
    diagnostics: list[Diagnostic]
    result: Optional[AnalysisResult] = None
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    internal_errors: list[InternalErrorRecord] = field(default_factory=list)
    # the reviewer's view when the run was split into units (`result` is then None): audit.CallSiteSummary and
    # audit.EvidenceItem lists, built where each unit was analysed
    call_sites: Optional[list[Any]] = None
    evidence: Optional[list[Any]] = None
    units_from_cache: tuple[int, int] = (0, 0)  # (units read from the cache, units in the run)
    _lines: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def line_text(self, path: str, line: int) -> str:
        """The text of a reported line (for fingerprints), read again from the file when the analysis is gone."""
        if self.result is not None:
            return self.result.project.module(path).line_text(line)
        lines = self._lines.get(path)
        if lines is None:
            try:
                with open(self.root / path, "rb") as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
            except OSError:
                data = b""
            text = decode_source(data)
            lines = self._lines[path] = text.splitlines() if isinstance(text, str) else []
        return lines[line - 1] if 0 < line <= len(lines) else ""


@dataclass
class InternalErrorRecord:
    """A bug of ours met while checking one file: reported as AIS000, its traceback shown by `--debug`."""

    path: str
    what: str  # "rule AIS202", "the analysis"
    error: str  # "KeyError: 'x'"
    traceback: str

    @classmethod
    def caught(cls, path: str, what: str, error: BaseException) -> InternalErrorRecord:
        return cls(path, what, f"{type(error).__name__}: {error}", traceback.format_exc())


def resolve_root(paths: Sequence[Path]) -> Path:
    """The project root for the given paths: the nearest ancestor with a project marker (pyproject.toml, .git,
    setup.py, setup.cfg) above their common directory, or that directory."""
    existing = [p.resolve() for p in paths if p.exists()] or [Path.cwd().resolve()]
    directories = [p if p.is_dir() else p.parent for p in existing]
    common = Path(*_common_parts([d.parts for d in directories]))
    return find_project_root(common)


def _common_parts(all_parts: list[tuple[str, ...]]) -> tuple[str, ...]:
    common = list(all_parts[0])
    for parts in all_parts[1:]:
        length = 0
        while length < min(len(common), len(parts)) and common[length] == parts[length]:
            length += 1
        common = common[:length]
    return tuple(common) or ("/",)


# LibCST's visitors, its position metadata and our evaluator recurse over the tree: a 1,000-term string
# concatenation needs thousands of frames. The engine runs in a thread with a large stack (memory is committed only
# as it is used) and a recursion limit to match; the `ast` gate in analysis.source refuses what is deeper still.
_STACK_BYTES = 512 * 1024 * 1024
_RECURSION_LIMIT = 60_000
_GC_YOUNG = 70_000  # allocations between collections of the youngest generation (default 700)


def run(
    paths: Sequence[Path],
    config: Config,
    root: Optional[Path] = None,
    progress: Optional[Callable[[int, int], None]] = None,
    apply_noqa: bool = True,
    prefilter: bool = True,
) -> Report:
    """Check `paths` (files or directories) of the project at `root` and return every enabled diagnostic."""
    return in_deep_stack(lambda: _run(paths, config, root, progress, apply_noqa, prefilter))


T = TypeVar("T")


def in_deep_stack(function: Callable[[], T]) -> T:
    """Call `function` on a thread with a large stack and a high recursion limit (deeply nested code is analysed
    recursively), handing back its result or its exception."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed to the calling thread below
            outcome["error"] = error

    previous_limit = sys.getrecursionlimit()
    previous_stack = threading.stack_size()
    previous_gc = gc.get_threshold()
    try:
        threading.stack_size(_STACK_BYTES)
        sys.setrecursionlimit(max(previous_limit, _RECURSION_LIMIT))
        # The analysis allocates millions of small objects that live until it ends (syntax trees, abstract values),
        # and hardly any cycles: with the default thresholds the collector walks them over and over (a fifth of a
        # --no-prefilter run of Django's source). Collect young objects a hundred times less often.
        gc.set_threshold(_GC_YOUNG, *previous_gc[1:])
        worker = threading.Thread(target=target, name="ai21lint-engine")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
        gc.set_threshold(*previous_gc)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _run(
    paths: Sequence[Path],
    config: Config,
    root: Optional[Path],
    progress: Optional[Callable[[int, int], None]] = None,
    apply_noqa: bool = True,
    prefilter: bool = True,
) -> Report:
    plan = prepare(paths, config, root, progress, prefilter)
    analysed = plan.analysed + gate(plan.project, plan.gated, progress)
    checked = check_files(plan.project, analysed, plan.targets, config, apply_noqa, progress)
    return Report(
        plan.root,
        len(plan.targets),
        checked.diagnostics,
        checked.result,
        plan.notes,
        plan.missing,
        checked.internal_errors,
    )


@dataclass
class Plan:
    """What a run covers, found before any parsing: the project index, the files in scope, the files to analyse."""

    root: Path
    project: Project
    targets: list[str]  # the files the user asked about
    analysed: list[str]  # those the analysis parses (all targets without the prefilter)
    notes: list[str]
    missing: list[str]
    gated: list[str] = field(default_factory=list)  # other files of the apps that call AI21: only their syntax


def gate(project: Project, files: Sequence[str], progress: Optional[Callable[[int, int], None]] = None) -> list[str]:
    """The files among `files` that CPython cannot decode or parse (they are analysed, to report AIS001)."""
    failing = []
    for done, rel in enumerate(files, 1):
        if progress is not None:
            progress(done, len(files))
        data = project.raw_bytes(rel)
        text = decode_source(data) if data is not None and len(data) <= MAX_FILE_BYTES else None
        if not isinstance(text, str) or not is_parsable(text):
            failing.append(rel)
    return failing


def prepare(
    paths: Sequence[Path],
    config: Config,
    root: Optional[Path],
    progress: Optional[Callable[[int, int], None]] = None,
    prefilter: bool = True,
) -> Plan:
    root = (root or resolve_root(paths)).resolve()
    whole_root = any(p.resolve() == root for p in paths if p.exists())
    everything = discover([root], root, config, TEMPLATE_SUFFIXES)  # the project index: imports, templates
    targets_found = everything if whole_root else discover(list(paths), root, config)
    project_files = everything.files + ([] if whole_root else targets_found.files)
    project = Project(root, project_files, everything.text_files, keep_syntax=prefilter)
    targets = [rel for rel in (project.relative(f) for f in targets_found.files) if rel is not None]
    analysed = targets
    gated: list[str] = []
    if prefilter:
        extra = [name.rsplit(".", 1)[-1] for name, _ in config.wrappers]
        extra += [
            name.rsplit(".", 1)[-1] for name in (*config.posting_sinks, *config.send_sinks, *config.presentation_sinks)
        ]
        analysed = candidates(project, targets, extra)
        # AIS001 covers every file of an app that makes completion requests: the other files there are checked with
        # CPython's parser first (LibCST only where it objects, see `gate`); apps that never call AI21 are not parsed
        apps = {project.app_of(rel) for rel in analysed}
        chosen = set(analysed)
        gated = [rel for rel in targets if rel not in chosen and project.app_of(rel) in apps]
    return Plan(root, project, targets, analysed, list(targets_found.notes), targets_found.missing, gated)


@dataclass
class Checked:
    diagnostics: list[Diagnostic]
    result: AnalysisResult
    internal_errors: list[InternalErrorRecord]


def check_files(
    project: Project,
    analysed: list[str],
    targets: Sequence[str],
    config: Config,
    apply_noqa: bool = True,
    progress: Optional[Callable[[int, int], None]] = None,
) -> Checked:
    """Analyse `analysed` (with whatever they import) and run every enabled rule; findings in `targets` are kept."""
    from ai21lint.rules import all_rules
    from ai21lint.rules.ais000_internal_error import internal_error

    internal_errors: list[InternalErrorRecord] = []
    interpreter = _analyse(project, analysed, config, internal_errors, stores=None, progress=progress)
    for _ in range(3):  # generated text kept in stores: read it everywhere, whatever the order of the code
        if not interpreter.stores_grew:
            break
        interpreter = _analyse(project, analysed, config, [], stores=interpreter.stores)
    diagnostics: set[Diagnostic] = {internal_error(e.path, e.what, e.error) for e in internal_errors}
    result = AnalysisResult(project, interpreter, frozenset(targets), config, analysed=frozenset(analysed))
    for rule in all_rules():
        if not any(config.is_enabled(rule.code, path) for path in targets) and targets:
            continue
        for diagnostic in _run_rule(rule, result, internal_errors):
            if diagnostic.path in result.targets and config.is_enabled(diagnostic.code, diagnostic.path):
                diagnostics.add(diagnostic)
    kept = [d for d in sorted(diagnostics) if not (apply_noqa and _suppressed(project, d))]
    return Checked(kept, result, internal_errors)


def _run_rule(rule: type[Rule], result: AnalysisResult, errors: list[InternalErrorRecord]) -> list[Diagnostic]:
    """One rule's findings. If it fails, it is run again file by file, so that only the files it fails on lose its
    findings; each of those gets an AIS000 diagnostic."""
    from ai21lint.rules.ais000_internal_error import internal_error

    try:
        return list(rule().check(result))
    except Exception:  # a bug in one rule must not cost the other rules, or the other files, their findings
        pass
    found: list[Diagnostic] = []
    for path in sorted(result.analysed):
        try:
            found += [d for d in rule().check(replace(result, focus=path)) if d.path == path]
        except Exception as error:
            errors.append(InternalErrorRecord.caught(path, f"rule {rule.code}", error))
            found.append(internal_error(path, f"rule {rule.code}", errors[-1].error))
    return found


def _analyse(
    project: Project,
    targets: list[str],
    config: Config,
    errors: list[InternalErrorRecord],
    stores: Optional[dict] = None,
    progress: Optional[Callable[[int, int], None]] = None,
) -> Interpreter:
    from ai21lint.analysis.flow import POST, PRESENT, SEND
    from ai21lint.analysis.interpreter import Interpreter

    interpreter = Interpreter(
        project,
        dict(config.wrappers),
        extra_sinks={POST: config.posting_sinks, SEND: config.send_sinks, PRESENT: config.presentation_sinks},
        public_channels=config.public_channels,
        extra_gates=config.review_gates,
        stores=stores,
        extra_protected=config.protected_characteristics,
    )
    for done, rel in enumerate(targets, 1):
        if progress is not None:
            progress(done, len(targets))
        try:
            interpreter.analyse_module(rel)
        except Exception as error:  # a bug of ours must not cost the other files their findings
            errors.append(InternalErrorRecord.caught(rel, "the analysis", error))
    analysed = set(targets)
    _analyse_wrapper_callers(interpreter, project, analysed)
    _analyse_app_definitions(interpreter, project, analysed)
    interpreter.finish()
    return interpreter


_APP_NAMES = "|".join(sorted({name.rsplit(".", 1)[-1] for name in APP_CONSTRUCTORS}))
_APP_OBJECT_TEXT = re.compile(rf"\b(?:{_APP_NAMES})\s*\(|\.builder\s*\(")


def _analyse_app_definitions(interpreter: Interpreter, project: Project, analysed: set[str]) -> None:
    """An app that shows generated text is reported where its app object is created (AIS203); that file may say
    nothing about AI21 (a bot's `main.py` loading its cogs by name): find it by text in the app and analyse it."""
    from ai21lint.analysis.flow import PRESENT

    shown = {project.app_of(e.path) for e in interpreter.flow_events.values() if e.kind == PRESENT}
    missing = shown - {project.app_of(path) for path, _ in interpreter.app_objects}
    if not missing:
        return
    for rel in project.paths:
        if rel not in analysed and project.app_of(rel) in missing and _APP_OBJECT_TEXT.search(project.raw_text(rel)):
            analysed.add(rel)
            interpreter.analyse_module(rel)


def _analyse_wrapper_callers(interpreter: Interpreter, project: Project, analysed: set[str]) -> None:
    """Wrappers whose callers are outside the checked files (the pre-commit case): find those callers (files that
    import the wrapper's module, directly or through re-exports, and call it by name) and analyse them too, until
    nothing new turns up."""
    while True:
        wrappers = interpreter.uncalled_wrappers()
        if not wrappers:
            return
        alternatives = "|".join(re.escape(n) for n in sorted(wrappers))
        pattern = re.compile(rf"\b(?:{alternatives})\s*\(".encode())
        reachable = importers(project, set().union(*wrappers.values()))
        new = [
            rel
            for rel in project.paths
            if rel in reachable and rel not in analysed and pattern.search(project.raw_bytes(rel) or b"")
        ]
        if not new:
            return
        for rel in new:
            analysed.add(rel)
            interpreter.analyse_module(rel)


def _suppressed(project: Project, diagnostic: Diagnostic) -> bool:
    line = project.module(diagnostic.path).line_text(diagnostic.line)
    if "#" not in line:
        return False
    match = _NOQA.search(line)
    if match is None:
        return False
    codes = match.group("codes")
    if not codes:
        return True
    return any(diagnostic.code.startswith(code.upper()) for code in re.split(r"[,\s]+", codes) if code)
