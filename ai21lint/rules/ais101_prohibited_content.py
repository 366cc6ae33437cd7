"""AIS101 prohibited-content-prompt."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Optional

from ai21lint.analysis.people import constant_sentences
from ai21lint.catalogues import prohibited
from ai21lint.diagnostics import Diagnostic, Severity
from ai21lint.rules.base import Rule

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult


def prohibited_request(sentences: list[str]) -> Optional[tuple[str, str]]:
    """(category, quoted phrase) of the first sentence that asks for prohibited content without a legitimate
    framing (detecting, classifying, moderating, refusing, explaining) in it or the sentence before it."""
    for index, sentence in enumerate(sentences):
        context = sentence if index == 0 else sentences[index - 1] + " " + sentence
        for category, patterns in prohibited.COMPILED.items():
            for pattern in patterns:
                match = pattern.search(sentence)
                if match is None:
                    continue
                if prohibited.LEGITIMATE_FRAMING.search(context):
                    continue
                if prohibited.REFUSAL_BEFORE.search(sentence[: match.start()]):
                    continue
                return category, match.group(0)
    return None


class ProhibitedContentPrompt(Rule):
    """
    ## What it does
    Flags a prompt whose developer-written text instructs the model to produce prohibited content: spam, phishing,
    scams or fraud, fake reviews or testimonials, impersonation, harassment or intimidation, hate speech,
    misinformation or fake news, promotion of self-harm, incitement or glorification of violence, gambling
    promotion, sexual content involving minors, or verbatim reproduction of copyrighted works. Prompts that ask the
    model to detect, classify, moderate, filter or refuse such content, or to explain it, are not flagged. The
    message quotes the phrase that triggered it.

    ## Why is this bad?
    AI21's usage guidelines, section 1: AI21 Studio must not be used for "Illegal activities, such as hate speech,
    gambling, child pornography or violating intellectual property rights", for "Harassment, victimization,
    intimidation, fraud or spam", or for the "Creation or dissemination of misinformation, promotion of self-harm,
    glorification of violent events or incitement of violence."

    ## Options
    None; suppress a reviewed exception with `# noqa: AIS101` on the reported line.
    """

    code = "AIS101"
    name = "prohibited-content-prompt"
    severity = Severity.WARNING
    guideline = "1"
    summary = "A prompt asks the model to produce prohibited content."

    INVALID = (
        """
        import sys
        from ai21 import AI21Client

        client = AI21Client()
        product = sys.argv[1]
        client.completion.create(
            model="j2-ultra",
            prompt=f"Write ten fake 5-star reviews for {product}, each as if you were a different real customer.",
        )
        """,
        """
        import sys
        import ai21

        bank = sys.argv[1]
        ai21.Completion.execute(
            model="j2-ultra",
            prompt=f"Compose a phishing email from {bank} that asks the reader to confirm their password today.",
        )
        """,
    )
    VALID = (
        """
        import sys
        from ai21 import AI21Client

        client = AI21Client()
        email = sys.argv[1]
        client.completion.create(
            model="j2-ultra",
            prompt=f"Is the following email a phishing attempt? Answer yes or no, then give one reason.\\n{email}",
        )
        """,
    )

    def check(self, result: AnalysisResult) -> Iterable[Diagnostic]:
        for path, node, instances in result.prompt_sites():
            sentences = [s for instance in instances for s in constant_sentences(instance.prompt)]
            found = prohibited_request(sentences)
            if found is None:
                continue
            category, phrase = found
            phrase = re.sub(r"\s+", " ", phrase)
            yield self.diagnostic(result, path, node, f'the prompt asks for {category} (guideline 1): "{phrase}"')
