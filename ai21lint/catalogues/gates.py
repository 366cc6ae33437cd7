"""Human review: what counts as a person approving generated text before it is posted or sent (removes AIS201,
AIS102 and AIS401 findings). Data only."""

from __future__ import annotations

import re

# Calls whose result is a person's answer; used in a condition they guard what follows.
CONFIRMATION_PREFIXES: tuple[str, ...] = (
    "builtins.input",
    "click.confirm",
    "click.prompt",
    "typer.confirm",
    "typer.prompt",
    "rich.prompt.Confirm.ask",
    "rich.prompt.Prompt.ask",
    "questionary.confirm",
    "questionary.select",
    "inquirer.confirm",
    "inquirer.prompt",
    "PyInquirer.prompt",
    "easygui.ynbox",
    "tkinter.messagebox.askyesno",
    "tkinter.messagebox.askokcancel",
    "streamlit.button",
    "streamlit.checkbox",
    "streamlit.toggle",
)

# Names of functions, methods and fields that are an approval check when a condition uses them.
APPROVAL_NAME = re.compile(
    r"approv|review|moderat|confirm|human|sign(?:ed)?_?off|accept|✅|👍|:white_check_mark:|:thumbsup:|:\+1:",
    re.IGNORECASE,
)

# Handlers of a person's approval action (a route or button whose name or path says so) post with a gate.
APPROVAL_HANDLER = re.compile(r"approv|publish_draft|confirm|accept|sign_?off", re.IGNORECASE)
