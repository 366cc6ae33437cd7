"""AIS203 no-harm-report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import libcst as cst

from ai21lint.analysis.flow import PRESENT, FlowEvent
from ai21lint.diagnostics import Diagnostic, Severity
from ai21lint.rules.base import Rule

if TYPE_CHECKING:
    from ai21lint.engine import AnalysisResult

MIN_MONTHLY_USERS = 100


class NoHarmReport(Rule):
    """
    ## What it does
    Reports an app that shows generated text to its users but offers them no way to report it as harmful: no
    route, handler, command, button or link about reporting, flagging or feedback (`/report`, `/feedback`,
    `CommandHandler("flag", ...)`, a "Report" button in a template, `st.feedback`, Gradio's flagging left on, a
    `chatbot.like` handler). One diagnostic per app, in the file that creates the app object (`Flask(...)`,
    `FastAPI()`, `gr.Interface(...)`, a bot's application), or else at the first place it shows generated text.

    ## Why is this bad?
    AI21's usage guidelines, section 2.iii: "If your application is used by more than 100 people per month, you must
    provide a method for users to report generated text as harmful. You should monitor these reports and respond to
    them appropriately."

    ## Options
    `monthly-users` in `[tool.ai21lint]`: below 100 turns this rule off (a demo or a closed beta).
    `report-mechanisms` adds regular expressions that find a mechanism of your own in the app's code or templates.
    """

    code = "AIS203"
    name = "no-harm-report"
    severity = Severity.WARNING
    guideline = "2.iii"
    summary = "The app shows generated text but users cannot report it as harmful."

    INVALID = (
        {
            "requirements.txt": "streamlit\nai21\n",
            "app.py": """
            import streamlit as st
            from ai21 import AI21Client

            client = AI21Client()
            st.title("Recipe helper (answers are AI-generated)")
            dish = st.text_input("What would you like to cook?")
            if dish:
                response = client.completion.create(
                    model="j2-ultra",
                    prompt=f"List the ingredients and five short steps to cook the following dish at home: {dish}",
                )
                st.markdown(response.completions[0].data.text)
            """,
        },
    )
    VALID = (
        {
            "requirements.txt": "streamlit\nai21\n",
            "app.py": """
            import streamlit as st
            from ai21 import AI21Client

            client = AI21Client()
            st.title("Recipe helper (answers are AI-generated)")
            dish = st.text_input("What would you like to cook?")
            if dish:
                response = client.completion.create(
                    model="j2-ultra",
                    prompt=f"List the ingredients and five short steps to cook the following dish at home: {dish}",
                )
                st.markdown(response.completions[0].data.text)
                st.feedback("thumbs")
            """,
        },
    )

    def check(self, result: AnalysisResult) -> Iterable[Diagnostic]:
        users = result.config.monthly_users
        if users is not None and users < MIN_MONTHLY_USERS:
            return
        shown: dict[str, list[FlowEvent]] = {}
        for event in result.events(PRESENT):
            shown.setdefault(result.project.app_of(event.path), []).append(event)
        apps: dict[str, list[tuple[str, int, cst.CSTNode]]] = {}
        for path, node in result.interpreter.app_objects:
            apps.setdefault(result.project.app_of(path), []).append((path, result.line_of(path, node), node))
        for app, events in sorted(shown.items()):
            if result.app_evidence(app).report_mechanisms:
                continue
            if any(result.project.app_of(module) == app for module in result.interpreter.flagging_modules):
                continue
            if app in apps:
                path, _line, node = min(apps[app], key=lambda item: (item[0], item[1]))
            else:
                path, node = events[0].path, events[0].node
            places = len(events)
            first = f"{events[0].path}:{result.line_of(events[0].path, events[0].node)}"
            more = f" and {places - 1} more place{'s' if places > 2 else ''}" if places > 1 else ""
            yield self.diagnostic(
                result,
                path,
                node,
                f"the app shows generated text to users ({first}{more}) and gives them no way to report it as "
                "harmful (guideline 2.iii): add a report/flag/feedback route, command or button, or set "
                "monthly-users in [tool.ai21lint] if fewer than 100 people use it each month",
            )
