"""AIS102 bulk-messaging."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ai21lint.analysis.flow import SEND
from ai21lint.diagnostics import Diagnostic, Severity
from ai21lint.rules.base import Rule
from ai21lint.rules.flow_evidence import describe_sources

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult


class BulkMessaging(Rule):
    """
    ## What it does
    Flags generated text sent as email, SMS or direct messages (smtplib, Django `send_mail`, SendGrid, yagmail,
    Twilio, Amazon SES/SNS, Mailgun, Slack and Discord DMs) inside a loop over recipients, or through a mass-mail API,
    with no human review of what is sent. A loop over pieces of the generated text itself (splitting a long answer)
    or over `range()` is not a loop over recipients; a single reply to one person is fine.

    ## Why is this bad?
    AI21's usage guidelines, section 1.ii: AI21 Studio must not be used for "Harassment, victimization,
    intimidation, fraud or spam". Machine-written messages sent unreviewed to a list of people is how spam is made.

    ## Options
    `send-sinks` adds sending functions of your own; `review-gates` names your approval checks.
    """

    code = "AIS102"
    name = "bulk-messaging"
    severity = Severity.WARNING
    guideline = "1.ii"
    summary = "Generated text is sent to many recipients with no human review."

    INVALID = (
        """
        import smtplib
        from email.message import EmailMessage
        from ai21 import AI21Client

        client = AI21Client()
        CUSTOMERS = [("Ana", "ana@example.com"), ("Bo", "bo@example.com")]

        with smtplib.SMTP("localhost") as server:
            for name, address in CUSTOMERS:
                response = client.completion.create(
                    model="j2-ultra",
                    prompt=f"Write a warm two-sentence note inviting our customer {name} to the spring sale.",
                )
                message = EmailMessage()
                message["To"] = address
                message.set_content(response.completions[0].data.text)
                server.sendmail("shop@example.com", address, response.completions[0].data.text)
        """,
    )
    VALID = (
        """
        import smtplib
        from ai21 import AI21Client

        client = AI21Client()
        CUSTOMERS = [("Ana", "ana@example.com"), ("Bo", "bo@example.com")]

        with smtplib.SMTP("localhost") as server:
            for name, address in CUSTOMERS:
                response = client.completion.create(
                    model="j2-ultra",
                    prompt=f"Write a warm two-sentence note inviting our customer {name} to the spring sale.",
                )
                draft = response.completions[0].data.text
                print(draft)
                if input(f"Send this to {address}? [y/N] ").lower() != "y":
                    continue
                server.sendmail("shop@example.com", address, draft)
        """,
    )

    def check(self, result: AnalysisResult) -> Iterable[Diagnostic]:
        for event in result.events(SEND):
            if event.gated or not event.bulk:
                continue
            yield self.diagnostic(
                result,
                event.path,
                event.node,
                f"generated text is sent by {event.family} to many recipients with no human review "
                f"(guideline 1.ii): {describe_sources(result, event)}",
            )
