"""AIS401 automated-decision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ai21lint.analysis.flow import DECIDE
from ai21lint.analysis.people import protected_inputs
from ai21lint.diagnostics import Diagnostic, Severity
from ai21lint.rules.base import Rule
from ai21lint.rules.flow_evidence import describe_sources

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult


class AutomatedDecision(Rule):
    """
    ## What it does
    Flags generated text that decides an outcome for a person when the prompt that produced it carries protected
    characteristics (race, ethnicity, national origin, religion, sex, gender, sexual orientation, age, disability,
    health or genetic data, pregnancy, marital or family status, political views, union membership, veteran
    status) as words of its text or as the fields it interpolates (`applicant.age`, `row["religion"]`). Deciding
    means: the text chooses a branch that calls or sets a decision (approve, deny, reject, hire, shortlist, ban,
    suspend, grant, admit, eligible, price, premium...), is stored as a decision field (`application.status`), is
    passed to a decision call, or is returned by a screening, eligibility or underwriting function. A human review
    step (a confirmation, an approval check, a reviewer queue, a pending status) removes the finding.

    ## Why is this bad?
    AI21's usage guidelines, section 4: "You may not use AI21 Studio to power automated decision making where
    individuals may be denied benefits, refused access to a service or otherwise have their wellbeing substantially
    harmed based on protected characteristics." Language models can be biased against particular groups of people.

    ## Options
    `protected-characteristics` adds words or field names of your own (e.g. `caste`); `review-gates` names your
    approval checks.
    """

    code = "AIS401"
    name = "automated-decision"
    severity = Severity.ERROR
    guideline = "4"
    summary = "Generated text decides about a person from a prompt that carries protected characteristics."

    INVALID = (
        """
        from dataclasses import dataclass
        from ai21 import AI21Client

        client = AI21Client()

        @dataclass
        class Applicant:
            name: str
            age: int
            gender: str
            income: int

        def reject(applicant): ...
        def approve(applicant): ...

        def screen(applicant: Applicant) -> None:
            response = client.completion.create(
                model="j2-ultra",
                prompt=(
                    "You review personal loan applications. Answer APPROVE or REJECT.\\n"
                    f"Age: {applicant.age}\\nGender: {applicant.gender}\\nIncome: {applicant.income}\\nAnswer:"
                ),
            )
            if "REJECT" in response.completions[0].data.text:
                reject(applicant)
            else:
                approve(applicant)
        """,
    )
    VALID = (
        """
        from dataclasses import dataclass
        from ai21 import AI21Client

        client = AI21Client()
        REVIEW_QUEUE = []

        @dataclass
        class Applicant:
            name: str
            age: int
            gender: str
            income: int

        def screen(applicant: Applicant) -> None:
            response = client.completion.create(
                model="j2-ultra",
                prompt=(
                    "You review personal loan applications. Answer APPROVE or REJECT.\\n"
                    f"Age: {applicant.age}\\nGender: {applicant.gender}\\nIncome: {applicant.income}\\nAnswer:"
                ),
            )
            REVIEW_QUEUE.append((applicant, response.completions[0].data.text))
        """,
        """
        from ai21 import AI21Client

        client = AI21Client()

        def reject(application): ...

        def screen(application) -> None:
            response = client.completion.create(
                model="j2-ultra",
                prompt=(
                    "You review personal loan applications using only the numbers given. Answer APPROVE or REJECT.\\n"
                    f"Income: {application.income}\\nDebt: {application.debt}\\nAnswer:"
                ),
            )
            if "REJECT" in response.completions[0].data.text:
                reject(application)
        """,
    )

    def check(self, result: AnalysisResult) -> Iterable[Diagnostic]:
        seen_scopes: set[tuple[str, int]] = set()
        for event in result.events(DECIDE):
            if event.gated or (event.path, event.scope) in seen_scopes:
                continue
            prompts = [p for call in event.sources for p in result.interpreter.prompts_by_call.get(call.node_id, [])]
            carried = protected_inputs(result.project, prompts, result.config.protected_characteristics)
            if not carried:
                continue
            seen_scopes.add((event.path, event.scope))
            fields = ", ".join(f"{name} ({where})" for name, where in list(carried.items())[:4])
            yield self.diagnostic(
                result,
                event.path,
                event.node,
                f"generated text decides `{event.family}` for a person, and its prompt carries protected "
                f"characteristics: {fields} (guideline 4): {describe_sources(result, event)}; "
                "send the decision to a human reviewer",
            )
