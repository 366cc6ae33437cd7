"""What a prompt says about people: the protected characteristics it carries (as words of its constant text, or as
the names of the fields interpolated into it), and the constant text itself for the content rules."""

from __future__ import annotations

import re
from typing import Iterable

import libcst as cst

from ai21lint.analysis.project import Project
from ai21lint.analysis.values import PieceKind, StrValue
from ai21lint.catalogues import protected


def constant_sentences(prompt: StrValue) -> list[str]:
    """The developer-written text of a prompt (every path), split into sentences; interpolations become `{…}`."""
    sentences: list[str] = []
    for alt in prompt.alts:
        text = "".join(p.text if p.kind is PieceKind.CONSTANT else " {…} " for p in alt)
        # a sentence ends at . ? ! or a blank line (or a list item); a prompt wrapped over lines keeps its sentences
        for sentence in re.split(r"(?<=[.?!:])\s+|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)]) )", text):
            sentence = " ".join(sentence.split())
            if sentence and sentence not in sentences:
                sentences.append(sentence)
    return sentences


def _field_name(project: Project, piece_origin: object, label: str) -> str:
    """The name a non-constant piece came through: `applicant.age`, `row["religion"]`, a parameter `gender`."""
    node = getattr(piece_origin, "node", None)
    origin_label = getattr(piece_origin, "label", "")
    path = getattr(piece_origin, "path", "")
    if origin_label:
        return origin_label
    if isinstance(node, (cst.Attribute, cst.Subscript, cst.Name, cst.Call)):
        tree = project.module(path).tree if path in project else None
        if tree is not None:
            return " ".join(tree.code_for_node(node).split())[:80]
    return label


def protected_inputs(project: Project, prompts: Iterable[StrValue], extra: Iterable[str] = ()) -> dict[str, str]:
    """characteristic -> where the prompt carries it (`applicant.age`, or `prompt text "... gender ..."`)."""
    extra = tuple(extra)
    found: dict[str, str] = {}
    pieces = [piece for prompt in prompts for alt in prompt.alts for piece in alt]
    for piece in pieces:  # the fields first: they say best where the characteristic comes from
        if piece.kind is not PieceKind.CONSTANT:
            field = _field_name(project, piece.origin, piece.text)
            for name in protected.characteristics_in(field, extra):
                found.setdefault(name, field)
    for piece in pieces:
        if piece.kind is PieceKind.CONSTANT:
            for name in protected.characteristics_in(piece.text, extra):
                found.setdefault(name, "the prompt text")
    return found
