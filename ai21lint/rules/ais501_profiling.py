"""AIS501 protected-profiling."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ai21lint.analysis.flow import PROFILE
from ai21lint.analysis.people import constant_sentences
from ai21lint.catalogues import prohibited, protected
from ai21lint.diagnostics import Diagnostic, Severity
from ai21lint.rules.base import Rule
from ai21lint.rules.flow_evidence import describe_sources

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult


def profiling_request(sentence: str, extra: Iterable[str] = ()) -> list[str]:
    """The protected characteristics a prompt sentence asks the model to infer about a person, if it does."""
    asking = protected.INFER_VERBS.search(sentence) or protected.PERSON_QUESTION.search(sentence)
    if not asking:
        return []
    if prohibited.REFUSAL_BEFORE.search(sentence[: asking.start()]):
        return []  # "Never guess the person's ethnicity"
    if protected.TOPIC_WORDS.search(sentence) or protected.CONTENT_OBJECT.search(sentence):
        return []
    if not (protected.PERSON_WORDS.search(sentence) or protected.INFERENCE_SOURCE.search(sentence)):
        return []
    return protected.characteristics_in(sentence, extra)


class ProtectedProfiling(Rule):
    """
    ## What it does
    Flags a prompt whose developer-written text asks the model to classify, infer, guess, detect, predict or
    estimate a person's protected characteristic (from a name, a photo caption, posts, a profile), and generated
    text stored as such an attribute of a person (`user.religion = answer`, `profile["ethnicity"] = text`,
    `Customer(ethnicity=text)`). Classifying documents or news by topic (an article labelled "religion"),
    summarising medical literature, or answering a user's own question are not profiling people.

    ## Why is this bad?
    AI21's usage guidelines, section 5: "AI21 Studio must not be used to classify or profile people based on
    protected characteristics (like racial or ethnic background, religion, political views, or private health
    data)."

    ## Options
    `protected-characteristics` adds words or field names of your own.
    """

    code = "AIS501"
    name = "protected-profiling"
    severity = Severity.ERROR
    guideline = "5"
    summary = "A prompt profiles people by protected characteristics, or generated text is stored as one."

    INVALID = (
        """
        import sys
        from ai21 import AI21Client

        client = AI21Client()
        name = sys.argv[1]
        client.completion.create(
            model="j2-ultra",
            prompt=f"Guess the ethnicity and religion of the person with this name, in two words.\\nName: {name}",
        )
        """,
        """
        from ai21 import AI21Client

        client = AI21Client()

        def enrich(user) -> None:
            response = client.completion.create(
                model="j2-ultra",
                prompt=f"Read the following bio and write a one-line summary of the person's hobbies:\\n{user.bio}",
            )
            user.political_party = response.completions[0].data.text
        """,
    )
    VALID = (
        """
        import sys
        from ai21 import AI21Client

        client = AI21Client()
        article = sys.argv[1]
        client.completion.create(
            model="j2-ultra",
            prompt=f"Classify the topic of this news article as politics, religion, sports or health.\\n{article}",
        )
        """,
    )

    def check(self, result: AnalysisResult) -> Iterable[Diagnostic]:
        extra = result.config.protected_characteristics
        for path, node, instances in result.prompt_sites():
            for sentence in (s for instance in instances for s in constant_sentences(instance.prompt)):
                asked = profiling_request(sentence, extra)
                if asked:
                    quote = sentence if len(sentence) <= 100 else sentence[:99] + "…"
                    asked_for = ", ".join(asked)
                    yield self.diagnostic(
                        result,
                        path,
                        node,
                        f'the prompt asks the model to infer a person\'s {asked_for} (guideline 5): "{quote}"',
                    )
                    break
        for event in result.events(PROFILE):
            yield self.diagnostic(
                result,
                event.path,
                event.node,
                f"generated text is stored as a person's protected attribute `{event.family}` (guideline 5): "
                f"{describe_sources(result, event)}",
            )
