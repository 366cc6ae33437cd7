"""The reviewer's view of a repository: every completion call site, a checklist of guidelines 1-5, and the
project-level evidence found. Built from the engine's result; the audit reporters render it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ai21lint.diagnostics import Diagnostic, Severity
from ai21lint.engine import AnalysisResult, Report

GUIDELINES: tuple[tuple[str, str], ...] = (
    ("1", "Prohibited uses: no illegal content, harassment, fraud or spam, misinformation, self-harm, violence"),
    (
        "2",
        "Generated text shown to people: no automatic public posting, disclosed as machine-generated, "
        "a way to report harmful output",
    ),
    ("3", "At least 60 characters of developer-written prompt text (custom models exempt)"),
    ("4", "No automated decisions about people based on protected characteristics"),
    ("5", "No classifying or profiling of people by protected characteristics"),
)
PASS, FAIL, REVIEW = "pass", "fail", "needs review"


@dataclass(frozen=True)
class CallSiteSummary:
    path: str
    line: int
    api: str
    model: Optional[str]
    constant_chars: Optional[int]  # None when the developer-written part cannot be determined
    custom_model: bool
    evidence: str

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "api": self.api,
            "model": self.model,
            "constant_chars": self.constant_chars,
            "custom_model": self.custom_model,
        }


@dataclass(frozen=True)
class GuidelineStatus:
    section: str
    title: str
    status: str
    findings: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class EvidenceItem:
    kind: str  # "disclosure", "report mechanism", "posting sink"
    path: str
    line: int
    text: str


@dataclass
class Audit:
    report: Report
    call_sites: list[CallSiteSummary] = field(default_factory=list)
    guidelines: list[GuidelineStatus] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)


def _status(findings: list[Diagnostic]) -> str:
    if not findings:
        return PASS
    if any(d.severity is Severity.ERROR for d in findings):
        return FAIL
    return REVIEW


def build_audit(report: Report) -> Audit:
    audit = Audit(report)
    if report.result is not None:
        audit.call_sites, audit.evidence = audit_parts(report.result)
    else:
        audit.call_sites, audit.evidence = list(report.call_sites or []), list(report.evidence or [])
    for section, title in GUIDELINES:
        findings = [d for d in report.diagnostics if d.guideline.split(".")[0] == section]
        audit.guidelines.append(GuidelineStatus(section, title, _status(findings), tuple(findings)))
    return audit


def audit_parts(result: AnalysisResult) -> tuple[list[CallSiteSummary], list[EvidenceItem]]:
    """The call sites and the evidence of one analysis, in report order."""
    from ai21lint.analysis.flow import POST  # the analysis, only when there was one
    from ai21lint.analysis.values import constant_chars, has_unknown
    from ai21lint.rules.prompt_evidence import describe_pieces

    call_sites: list[CallSiteSummary] = []
    evidence_items: list[EvidenceItem] = []
    threshold = result.config.min_prompt_chars
    interpreter = result.interpreter
    concrete: dict[int, list] = {}  # prompts as the call sites supply them (wrappers evaluated per caller)
    for instance in interpreter.reported:
        concrete.setdefault(instance.call.node_id, []).append(instance.prompt)
    for call in interpreter.completion_calls.values():
        if call.path not in result.targets:
            continue
        prompts = concrete.get(call.node_id) or interpreter.prompts_by_call.get(call.node_id, [])
        count: Optional[int] = None
        evidence = "prompt not found"
        if prompts:
            shortest = min((alt for p in prompts for alt in p.alts), key=constant_chars)
            count = constant_chars(shortest)
            if has_unknown(shortest) and count < threshold:
                count = None
            evidence = describe_pieces(result, shortest)
        call_sites.append(
            CallSiteSummary(
                call.path,
                result.line_of(call.path, call.node),
                call.api,
                call.model,
                count,
                call.custom_model,
                evidence,
            )
        )
    call_sites.sort(key=lambda c: (c.path, c.line))
    apps = sorted({result.project.app_of(e.path) for e in interpreter.flow_events.values()})
    for app in apps:
        found = result.app_evidence(app)
        for item in found.disclosures:
            evidence_items.append(EvidenceItem("disclosure", item.path, item.line, item.text))
        for item in found.report_mechanisms:
            evidence_items.append(EvidenceItem("report mechanism", item.path, item.line, item.text))
    for event in result.events(POST):
        if event.path in result.targets:
            state = "behind a human review gate" if event.gated else "no review gate"
            evidence_items.append(
                EvidenceItem(
                    "posting sink", event.path, result.line_of(event.path, event.node), f"{event.family} ({state})"
                )
            )
    return call_sites, evidence_items


def merge_parts(
    parts: list[tuple[list[CallSiteSummary], list[EvidenceItem]]],
) -> tuple[list[CallSiteSummary], list[EvidenceItem]]:
    """The reviewer's view of a run split into units (one per app, in app order), as one analysis would give it:
    call sites in source order, the apps' evidence in app order, then the posting sinks in source order."""
    call_sites = sorted({site for sites, _ in parts for site in sites}, key=lambda c: (c.path, c.line, c.api))
    seen: set[EvidenceItem] = set()
    evidence_items: list[EvidenceItem] = []
    posting: list[EvidenceItem] = []
    for _, items in parts:
        for item in items:
            if item in seen:
                continue
            seen.add(item)
            (posting if item.kind == "posting sink" else evidence_items).append(item)
    return call_sites, evidence_items + sorted(posting, key=lambda e: (e.path, e.line, e.text))
