"""AIS301 short-prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ai21lint.analysis.guideline3 import PROVABLY_SHORT
from ai21lint.diagnostics import Diagnostic, Severity
from ai21lint.rules.base import Rule
from ai21lint.rules.prompt_evidence import describe_chain, describe_pieces, verdicts

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult


class ShortPrompt(Rule):
    """
    ## What it does
    Flags a completion request whose prompt provably holds fewer than 60 characters of text written by the
    developer: counting literals, template text, constants from other modules and template files, with every run
    of whitespace counted once, and taking the shortest path through branches (a loop body may not run). User input
    counts nothing. Requests to custom models are exempt.

    ## Why is this bad?
    AI21's usage guidelines, section 3: "Except when using custom models, the prompt text for any completion request
    must contain at least 60 characters of text (about 10 words) not written by your users. This text should be
    crafted by you to produce the desired functionality for the user." A thin wrapper that forwards what a user
    typed turns the application into an open gateway to the model.

    ## Options
    `min-prompt-chars` in `[tool.ai21lint]` (or `--min-prompt-chars`) changes the threshold (default 60).
    `wrappers` names functions of other packages that forward their argument as a prompt.
    """

    code = "AIS301"
    name = "short-prompt"
    severity = Severity.ERROR
    guideline = "3"
    summary = "A completion prompt has fewer than 60 developer-written characters."

    INVALID = (
        """
        from flask import Flask, request
        from ai21 import AI21Client

        app = Flask(__name__)
        client = AI21Client()

        @app.post("/ask")
        def ask():
            question = request.form["q"]
            response = client.completion.create(model="j2-ultra", prompt=f"Answer: {question}")
            return response.completions[0].data.text
        """,
        """
        import ai21

        def run(user_text):
            return ai21.Completion.execute(model="j2-mid", prompt=user_text, maxTokens=64)

        run(input("> "))
        """,
        {
            "prompts.py": 'SUMMARY = "Summarize this text:"\n',
            "app.py": """
            import sys
            from ai21 import AI21Client
            from prompts import SUMMARY

            client = AI21Client()
            text = sys.argv[1]
            client.completion.create(model="j2-ultra", prompt=SUMMARY + "\\n" + text)
            """,
        },
    )
    VALID = (
        """
        from flask import Flask, request
        from ai21 import AI21Client

        app = Flask(__name__)
        client = AI21Client()
        INSTRUCTIONS = (
            "You are a support assistant for Acme routers. Answer the customer's question "
            "in three sentences or fewer, and say so when you do not know."
        )

        @app.post("/ask")
        def ask():
            question = request.form["q"]
            response = client.completion.create(model="j2-ultra", prompt=f"{INSTRUCTIONS}\\nQ: {question}\\nA:")
            return response.completions[0].data.text
        """,
        """
        import ai21

        def run(user_text):
            return ai21.Completion.execute(model="j2-grande", custom_model="acme-support", prompt=user_text)

        run(input("> "))
        """,
    )

    def check(self, result: AnalysisResult) -> Iterable[Diagnostic]:
        threshold = result.config.min_prompt_chars
        for path, node, instance, assessment in verdicts(result, PROVABLY_SHORT):
            yield self.diagnostic(
                result,
                path,
                node,
                f"prompt has {assessment.constant_chars} constant characters, needs {threshold} (guideline 3): "
                f"{describe_pieces(result, assessment.pieces)}{describe_chain(result, instance)}",
            )
