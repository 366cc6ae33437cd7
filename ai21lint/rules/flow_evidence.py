"""Explaining a flow finding: which completion produced the text that reached a sink."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ai21lint.analysis.flow import FlowEvent

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult


def describe_sources(result: AnalysisResult, event: FlowEvent) -> str:
    places = sorted({f"{call.path}:{result.line_of(call.path, call.node)}" for call in event.sources})
    if not places:
        return "generated text"
    shown = ", ".join(places[:2]) + (f" and {len(places) - 2} more" if len(places) > 2 else "")
    return f"text from the completion at {shown}"
