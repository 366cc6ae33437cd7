"""AIS302 unverifiable-prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ai21lint.analysis.guideline3 import UNVERIFIABLE
from ai21lint.diagnostics import Diagnostic, Severity
from ai21lint.rules.base import Rule
from ai21lint.rules.prompt_evidence import describe_chain, describe_pieces, verdicts

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult


class UnverifiablePrompt(Rule):
    """
    ## What it does
    Reports a completion request whose developer-written text falls short of 60 characters while part of the
    prompt comes from somewhere the analyzer cannot see (an environment variable, a database, a file read from a
    computed path, another library, the output of an earlier completion, a parameter no caller in the project
    passes). The prompt may comply, but guideline 3 cannot be verified statically.

    ## Why is this bad?
    AI21's usage guidelines, section 3, require "at least 60 characters of text (about 10 words) not written by
    your users" in every prompt except for custom models. A reviewer needs to see that text; when it lives outside
    the code, compliance depends on data nobody checks.

    ## Options
    `min-prompt-chars` changes the threshold. Naming a wrapper in `wrappers`, or moving the instructions into the
    code or a template file read with a literal path, makes the prompt verifiable.
    """

    code = "AIS302"
    name = "unverifiable-prompt"
    severity = Severity.INFO
    guideline = "3"
    summary = "The constant part of a prompt cannot be determined statically."

    INVALID = (
        """
        import os
        from ai21 import AI21Client

        client = AI21Client()
        SYSTEM = os.environ["SYSTEM_PROMPT"]

        def answer(question: str) -> str:
            prompt = f"{SYSTEM}\\n{question}"
            return client.completion.create(model="j2-ultra", prompt=prompt).completions[0].data.text

        answer(input())
        """,
    )
    VALID = (
        """
        import os
        from ai21 import AI21Client

        client = AI21Client()
        TONE = os.environ.get("TONE", "friendly")

        def answer(question: str) -> str:
            prompt = (
                f"You answer questions about our return policy in a {TONE} tone. Refunds take 14 days; "
                f"exchanges are free within 30 days.\\nQuestion: {question}\\nAnswer:"
            )
            return client.completion.create(model="j2-ultra", prompt=prompt).completions[0].data.text

        answer(input())
        """,
    )

    def check(self, result: AnalysisResult) -> Iterable[Diagnostic]:
        threshold = result.config.min_prompt_chars
        for path, node, instance, assessment in verdicts(result, UNVERIFIABLE):
            yield self.diagnostic(
                result,
                path,
                node,
                f"prompt has {assessment.constant_chars} constant characters, needs {threshold}, and the rest "
                f"cannot be determined statically (guideline 3): {describe_pieces(result, assessment.pieces)}"
                f"{describe_chain(result, instance)}",
            )
