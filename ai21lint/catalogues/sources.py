"""Where user-written text comes from, and which frameworks call a function with user data. Data only.

Guideline 3 counts the text "not written by your users"; everything named here is written by users.
"""

from __future__ import annotations

# Resolved dotted names (prefixes) whose values are user input: request data, console input, UI widgets, CLI args.
USER_SOURCE_PREFIXES: tuple[str, ...] = (
    "builtins.input",
    "sys.argv",
    "sys.stdin",
    "fileinput.input",
    "getpass.getpass",
    "flask.request",
    "quart.request",
    "bottle.request",
    "sanic.request",
    "argparse.ArgumentParser.parse_args",
    "argparse.ArgumentParser.parse_known_args",
    "optparse.OptionParser.parse_args",
    "click.prompt",
    "typer.prompt",
    "rich.prompt.Prompt.ask",
    "questionary",
    "streamlit.text_input",
    "streamlit.text_area",
    "streamlit.chat_input",
    "streamlit.number_input",
    "streamlit.selectbox",
    "streamlit.radio",
    "streamlit.multiselect",
    "streamlit.file_uploader",
    "streamlit.sidebar.text_input",
    "streamlit.sidebar.text_area",
    "streamlit.sidebar.selectbox",
    "streamlit.form",
    "ipywidgets",
    "chainlit.Message",
)

# Packages whose decorators and callback registrations hand a function user data (web, bot, UI, CLI frameworks).
FRAMEWORK_ROOTS = frozenset(
    {
        "flask",
        "fastapi",
        "starlette",
        "django",
        "quart",
        "sanic",
        "bottle",
        "aiohttp",
        "tornado",
        "falcon",
        "litestar",
        "gradio",
        "telebot",
        "telegram",
        "aiogram",
        "pyrogram",
        "discord",
        "slack_bolt",
        "click",
        "typer",
        "fire",
        "chainlit",
        "functions_framework",
        "azure",
        "chalice",
        "aws_lambda_powertools",
        "botbuilder",
        "nextcord",
        "interactions",
    }
)

# Methods of UI objects (Gradio components and blocks) that register an event handler.
EVENT_REGISTRATION_METHODS = frozenset(
    {"click", "submit", "change", "input", "upload", "select", "then", "success", "load", "like", "blur", "release"}
)

# Entry points called by a platform with a user's request: (function name, first parameter name).
PLATFORM_HANDLER_NAMES = frozenset({"lambda_handler", "handler", "main"})
PLATFORM_EVENT_PARAMS = frozenset({"event", "req"})

# Parameters that are an HTTP request whatever the framework (Django views, Starlette handlers).
REQUEST_PARAM_NAMES = frozenset({"request"})
