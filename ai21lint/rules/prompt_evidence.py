"""Explaining a prompt in a message: where its constant text came from and what else went into it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ai21lint.analysis.callsites import PromptInstance
from ai21lint.analysis.guideline3 import Assessment, shortest_verdict
from ai21lint.analysis.values import Piece, PieceKind, Pieces

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult

MAX_ITEMS = 5
_KIND_WORDS = {
    PieceKind.USER: "user input",
    PieceKind.OPAQUE: "unknown",
    PieceKind.PARAM: "parameter",
    PieceKind.GENERATED: "generated text",
}


def describe_piece(result: AnalysisResult, piece: Piece) -> str:
    origin = piece.origin
    if origin is None or origin.node is None:
        label = piece.text if piece.kind is not PieceKind.CONSTANT else "literal"
        return f"{_KIND_WORDS.get(piece.kind, '')} {label}".strip()
    label = origin.label
    if piece.kind is PieceKind.CONSTANT:
        label = label or "literal"
    elif not label or label in ("response",):
        label = result.code_of(origin.path, origin.node, 40)  # type: ignore[arg-type]
    if piece.kind is PieceKind.PARAM:
        label = f"{label} (no caller in the project passes it)"
    if piece.kind is PieceKind.GENERATED:
        label = "of a completion"
    where = f"{origin.path}:{result.line_of(origin.path, origin.node)}"  # type: ignore[arg-type]
    words = _KIND_WORDS.get(piece.kind, "")
    return f"{words} {label} at {where}".strip()


def describe_pieces(result: AnalysisResult, pieces: Pieces) -> str:
    seen: list[str] = []
    ordered = [p for p in pieces if p.kind is PieceKind.CONSTANT] + [
        p for p in pieces if p.kind is not PieceKind.CONSTANT and (p.text or p.origin is not None)
    ]
    for piece in ordered:
        if piece.kind is PieceKind.USER and not piece.text and piece.origin is None:
            continue  # the separator between chat messages
        text = describe_piece(result, piece)
        if text not in seen:
            seen.append(text)
    if not seen:
        return "no text at all"
    if len(seen) > MAX_ITEMS:
        return "; ".join(seen[:MAX_ITEMS]) + f"; and {len(seen) - MAX_ITEMS} more"
    return "; ".join(seen)


def verdicts(result: AnalysisResult, code: str) -> Iterator[tuple[str, object, PromptInstance, Assessment]]:
    """The report sites whose most severe guideline-3 verdict is `code` (AIS301 or AIS302), with the prompt and the
    assessment behind it."""
    for path, node, instances in result.prompt_sites():
        verdict = shortest_verdict(instances, result.config.min_prompt_chars)
        if verdict is not None and verdict[1].code == code:
            yield path, node, verdict[0], verdict[1]


def describe_chain(result: AnalysisResult, instance: PromptInstance) -> str:
    """`, through ask() at llm.py:14` when the completion call is inside a wrapper."""
    if len(instance.chain) <= 1:
        return ""
    path, node = instance.chain[-1]
    return f" (completion request at {path}:{result.line_of(path, node)}, reached through a wrapper)"
