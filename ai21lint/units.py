"""Checking a repository as independent units, in parallel and cached.

The unit is the app (a directory holding a pyproject, setup or requirements file, `Project.app_of`): the flow rules
judge an app as a whole (is generation disclosed anywhere in it? is there a report route?), so an app is analysed
in one interpreter, and different apps never share one. Units are spread over worker processes (`--jobs`) and each
unit's findings are cached (`--cache-dir`, `--no-cache`). Results are merged in unit order and sorted, so the output
is the same whatever the number of workers and whatever came from the cache.

A cache entry is keyed by the tool version, the configuration, the set of files analysed across the whole run
with their content hashes (a new import of a module, or a new caller of a wrapper, changes that set), the paths of
the unit's app, and the files checked; it records the content hash of every other file the unit read (imported
modules, templates, evidence), which must still match for the entry to be used.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

from ai21lint import __version__
from ai21lint.cache import Cache
from ai21lint.config import Config
from ai21lint.diagnostics import Diagnostic
from ai21lint.engine import InternalErrorRecord, Plan, Report, check_files, gate, in_deep_stack, prepare


@dataclass
class UnitOutcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    call_sites: list[Any] = field(default_factory=list)  # audit.CallSiteSummary
    evidence: list[Any] = field(default_factory=list)  # audit.EvidenceItem
    internal_errors: list[InternalErrorRecord] = field(default_factory=list)
    reads: dict[str, str] = field(default_factory=dict)  # file -> content hash, for every file the unit read
    audited: bool = True  # call_sites and evidence were collected (`check` does not need them)

    def to_json(self) -> dict[str, Any]:
        return {
            "diagnostics": [d.to_json() for d in self.diagnostics],
            "call_sites": [asdict(c) for c in self.call_sites],
            "evidence": [asdict(e) for e in self.evidence],
            "internal_errors": [asdict(e) for e in self.internal_errors],
            "reads": self.reads,
            "audited": self.audited,
        }

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> UnitOutcome:
        """Raises KeyError, TypeError or ValueError on an entry that is not what we wrote (a cache miss)."""
        from ai21lint.audit import CallSiteSummary, EvidenceItem

        diagnostics = [Diagnostic.from_json(d) for d in document["diagnostics"]]
        reads = {str(k): str(v) for k, v in dict(document["reads"]).items()}
        return cls(
            diagnostics,
            [CallSiteSummary(**c) for c in document["call_sites"]],
            [EvidenceItem(**e) for e in document["evidence"]],
            [InternalErrorRecord(**e) for e in document["internal_errors"]],
            reads,
            bool(document["audited"]),
        )


def run_units(
    paths: Sequence[Path],
    config: Config,
    root: Optional[Path] = None,
    progress: Optional[Callable[[int, int], None]] = None,
    prefilter: bool = True,
    jobs: int = 1,
    cache_dir: Optional[Path] = None,
    audit: bool = True,
) -> Report:
    """Check `paths` like `engine.run`, unit by unit: in `jobs` worker processes, reusing cached unit results.
    Without `audit` the report has no call sites or evidence (a cached result with them still serves)."""
    plan = in_deep_stack(lambda: prepare(paths, config, root, None, prefilter))
    units: dict[str, list[str]] = {}
    for rel in plan.analysed:
        units.setdefault(plan.project.app_of(rel), []).append(rel)
    gated: dict[str, list[str]] = {}
    for rel in plan.gated:
        gated.setdefault(plan.project.app_of(rel), []).append(rel)
    order = sorted(units)
    cache = Cache(cache_dir) if cache_dir is not None else None
    keys = _keys(plan, config, prefilter, order) if cache is not None else {}
    outcomes: dict[str, UnitOutcome] = {}
    if cache is not None:
        for app in order:
            cached = _cached(cache, keys[app], plan, audit)
            if cached is not None:
                outcomes[app] = cached
    todo = [app for app in order if app not in outcomes]
    done = len(outcomes)
    work = [(app, (units[app], gated.get(app, []))) for app in todo]
    for app, outcome in _analyse_units(plan, config, work, jobs, audit):
        outcomes[app] = outcome
        if cache is not None:
            cache.put(keys[app], outcome.to_json())
        done += 1
        if progress is not None:
            progress(done, len(order))
    report = _merge(plan, [outcomes[app] for app in order], cache)
    report.units_from_cache = (len(order) - len(todo), len(order))
    return report


def _keys(plan: Plan, config: Config, prefilter: bool, apps: list[str]) -> dict[str, str]:
    project = plan.project
    shared = hashlib.sha256()
    for part in (__version__, repr(config), str(prefilter), "\0".join(plan.targets)):
        shared.update(part.encode("utf-8", "surrogateescape") + b"\0")
    for rel in sorted(plan.analysed):
        shared.update(f"{rel}\0{project.digest(rel)}\0".encode("utf-8", "surrogateescape"))
    keys = {}
    for app in apps:
        digest = shared.copy()
        digest.update(json.dumps([app, sorted(project.files_of_app(app))]).encode("utf-8", "surrogateescape"))
        keys[app] = digest.hexdigest()
    return keys


def _cached(cache: Cache, key: str, plan: Plan, audit: bool) -> Optional[UnitOutcome]:
    document = cache.get(key)
    if document is None:
        return None
    try:
        outcome = UnitOutcome.from_json(document)
    except (KeyError, TypeError, ValueError):
        return None
    if audit and not outcome.audited:
        return None  # written by `check`: analysed again, and the entry rewritten with the audit's parts
    if any(plan.project.digest(rel) != digest for rel, digest in outcome.reads.items()):
        return None  # a module, template or text it read has changed
    return outcome


# --- analysing units ----------------------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


Files = tuple[list[str], list[str]]  # a unit's files to analyse, and its other files (only their syntax is checked)


def _analyse_units(
    plan: Plan, config: Config, work: list[tuple[str, Files]], jobs: int, audit: bool
) -> Iterator[tuple[str, UnitOutcome]]:
    if jobs <= 1 or len(work) <= 1:
        for app, files in work:
            yield app, in_deep_stack(lambda files=files: _check_unit(plan, config, files, audit))  # type: ignore[misc]
        return
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # forking beside the progress bar's thread is fine here
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(work)),
            mp_context=context,
            initializer=_start_worker,
            initargs=(plan, config, audit),
        ) as pool:
            yield from zip((app for app, _ in work), pool.map(_worker_unit, [files for _, files in work]))


def _start_worker(plan: Plan, config: Config, audit: bool) -> None:
    _WORKER["plan"], _WORKER["config"], _WORKER["audit"] = plan, config, audit


def _worker_unit(files: Files) -> UnitOutcome:
    return in_deep_stack(lambda: _check_unit(_WORKER["plan"], _WORKER["config"], files, _WORKER["audit"]))


def _check_unit(plan: Plan, config: Config, files: Files, audit: bool = True) -> UnitOutcome:
    from ai21lint.audit import audit_parts

    project = plan.project
    analysed, others = files
    project.read_log = set(others)
    checked = check_files(project, analysed + gate(project, others), plan.targets, config)
    call_sites, evidence = audit_parts(checked.result) if audit else ([], [])
    reads = {rel: project.digest(rel) for rel in sorted(project.read_log)}
    project.forget_parsed()
    return UnitOutcome(checked.diagnostics, call_sites, evidence, checked.internal_errors, reads, audit)


def _merge(plan: Plan, outcomes: list[UnitOutcome], cache: Optional[Cache]) -> Report:
    from ai21lint.audit import merge_parts

    diagnostics = sorted({d for outcome in outcomes for d in outcome.diagnostics})
    errors = {(e.path, e.what): e for outcome in outcomes for e in outcome.internal_errors}
    call_sites, evidence = merge_parts([(o.call_sites, o.evidence) for o in outcomes])
    notes = list(plan.notes)
    if cache is not None and cache.problem is not None:
        notes.append(cache.problem)
    return Report(
        plan.root,
        len(plan.targets),
        diagnostics,
        None,
        notes,
        plan.missing,
        [errors[k] for k in sorted(errors)],
        call_sites,
        evidence,
    )


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except AttributeError:
        return os.cpu_count() or 1
