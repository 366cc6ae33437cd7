"""What the analysis core hands to the rules: completion call sites and the prompts that reach them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Tuple

import libcst as cst

from ai21lint.analysis.values import StrValue


@dataclass(frozen=True)
class CompletionCall:
    """A completion request recognised in the source (one per call expression)."""

    path: str
    node: cst.CSTNode = field(compare=False, hash=False, repr=False)
    api: str  # e.g. "ai21-sdk-v1", "ai21-sdk completion", "rest chat", "langchain", "bedrock"
    model: Optional[str]
    custom_model: bool
    node_id: int = 0  # identity of the call node, for equality

    @staticmethod
    def make(path: str, node: cst.CSTNode, api: str, model: Optional[str], custom_model: bool) -> CompletionCall:
        return CompletionCall(path, node, api, model, custom_model, id(node))


# A call node of the project, identified by module path and node identity: one step of a wrapper chain.
ChainStep = Tuple[str, cst.CSTNode]


@dataclass(frozen=True)
class PromptInstance:
    """A prompt that reaches a completion call through a chain of project calls.

    `chain` starts at the call in the function where the prompt became fully determined (where a diagnostic about
    it points) and ends at the completion call itself; it has one step when the prompt is built beside the call.
    """

    call: CompletionCall
    prompt: StrValue
    chain: Tuple[ChainStep, ...]

    @property
    def report_step(self) -> ChainStep:
        return self.chain[0]

    def chain_key(self) -> Tuple[int, ...]:
        return tuple(id(node) for _, node in self.chain)
