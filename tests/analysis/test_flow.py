"""Following generated text to where it goes: sinks, human review gates, loops over recipients, stores, and the
project-level evidence of AIS202/AIS203."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ai21lint.config import Config
from tests.harness import check

GENERATE = """
from ai21 import AI21Client

_client = AI21Client()


def generate(topic):
    response = _client.completion.create(
        model="j2-ultra",
        prompt=f"Write a short, upbeat paragraph for our community about the following topic: {topic}",
    )
    return response.completions[0].data.text
"""


def run(
    tmp_path: Path, app: str, config: Config | None = None, extra: dict[str, str] | None = None
) -> list[tuple[str, int]]:
    files = {"requirements.txt": "ai21\n", "llm.py": GENERATE, "app.py": app, **(extra or {})}
    report = check(tmp_path, files, config)
    return [(d.code, d.line) for d in report.diagnostics if d.path == "app.py"]


def codes_of(found: list[tuple[str, int]]) -> set[str]:
    return {code for code, _ in found}


POSTING = {
    "tweepy client": "import tweepy\nfrom llm import generate\ntweepy.Client().create_tweet(text=generate('x'))\n",
    "tweepy api": "import tweepy\nfrom llm import generate\napi = tweepy.API(None)\napi.update_status(generate('x'))\n",
    "praw": "import praw\nfrom llm import generate\nr = praw.Reddit()\nr.subreddit('python').submit('t', selftext=generate('x'))\n",
    "mastodon": "from mastodon import Mastodon\nfrom llm import generate\nMastodon().toot(generate('x'))\n",
    "atproto": "from atproto import Client\nfrom llm import generate\nClient().send_post(text=generate('x'))\n",
    "facebook": "import facebook\nfrom llm import generate\nfacebook.GraphAPI('t').put_object('me', 'feed', message=generate('x'))\n",
    "pytumblr": "import pytumblr\nfrom llm import generate\npytumblr.TumblrRestClient('k').create_text('blog', body=generate('x'))\n",
    "instagrapi": "from instagrapi import Client\nfrom llm import generate\nClient().photo_upload('a.jpg', generate('x'))\n",
    "pygithub": "from github import Github\nfrom llm import generate\nGithub().get_repo('a/b').get_issue(1).create_comment(generate('x'))\n",
    "telegram channel": "import telebot\nfrom llm import generate\ntelebot.TeleBot('t').send_message('@news', generate('x'))\n",
    "x http api": "import requests\nfrom llm import generate\nrequests.post('https://api.x.com/2/tweets', json={'text': generate('x')})\n",
    "mastodon http": "import httpx\nfrom llm import generate\nhttpx.post('https://m.social/api/v1/statuses', data={'status': generate('x')})\n",
    "wordpress publish": (
        "import requests\nfrom llm import generate\n"
        "requests.post('https://b.example/wp-json/wp/v2/posts', json={'content': generate('x'), 'status': 'publish'})\n"
    ),
}


@pytest.mark.parametrize("name", sorted(POSTING))
def test_public_posting_sinks(tmp_path: Path, name: str) -> None:
    found = run(tmp_path, POSTING[name])
    assert ("AIS201", len(POSTING[name].splitlines())) in found


NOT_PUBLIC = {
    "wordpress draft": (
        "import requests\nfrom llm import generate\n"
        "requests.post('https://b.example/wp-json/wp/v2/posts', json={'content': generate('x'), 'status': 'draft'})\n"
    ),
    "slack team channel": "from slack_sdk import WebClient\nfrom llm import generate\n"
    "WebClient().chat_postMessage(channel='#team', text=generate('x'))\n",
    "telegram user chat": "import telebot\nfrom llm import generate\ntelebot.TeleBot('t').send_message(12345, generate('x'))\n",
    "not generated text": "import tweepy\ntweepy.Client().create_tweet(text='Good morning!')\n",
    "another vendor's text": (
        "import tweepy\nfrom openai import OpenAI\n"
        "r = OpenAI().chat.completions.create(model='gpt-4o', messages=[])\n"
        "tweepy.Client().create_tweet(text=r.choices[0].message.content)\n"
    ),
    "a review queue": "import queue\nfrom llm import generate\nDRAFTS = queue.Queue()\nDRAFTS.put(generate('x'))\n",
}


@pytest.mark.parametrize("name", sorted(NOT_PUBLIC))
def test_not_public_posting(tmp_path: Path, name: str) -> None:
    assert "AIS201" not in codes_of(run(tmp_path, NOT_PUBLIC[name]))


GATES = {
    "input confirmation": """
        import tweepy
        from llm import generate
        text = generate("x")
        if input(f"Post {text!r}? [y/N] ").strip().lower() == "y":
            tweepy.Client().create_tweet(text=text)
    """,
    "early return": """
        import tweepy
        from llm import generate

        def main():
            text = generate("x")
            answer = input("Post it? ")
            if answer != "yes":
                return
            tweepy.Client().create_tweet(text=text)
    """,
    "click.confirm": """
        import click, tweepy
        from llm import generate
        text = generate("x")
        if click.confirm("Post?"):
            tweepy.Client().create_tweet(text=text)
    """,
    "typer.confirm negated": """
        import typer, tweepy
        from llm import generate

        def main():
            text = generate("x")
            if not typer.confirm("Post?"):
                raise typer.Abort()
            tweepy.Client().create_tweet(text=text)
    """,
    "rich Confirm": """
        import tweepy
        from rich.prompt import Confirm
        from llm import generate
        text = generate("x")
        if Confirm.ask("Post?"):
            tweepy.Client().create_tweet(text=text)
    """,
    "approval function": """
        import tweepy
        from llm import generate

        def is_approved(text):
            return False

        text = generate("x")
        if is_approved(text):
            tweepy.Client().create_tweet(text=text)
    """,
    "approved field": """
        import tweepy
        from dataclasses import dataclass
        from llm import generate

        @dataclass
        class Draft:
            text: str
            approved: bool = False

        draft = Draft(generate("x"))
        if draft.approved:
            tweepy.Client().create_tweet(text=draft.text)
    """,
    "approval route": """
        import tweepy
        from flask import Flask
        from llm import generate

        app = Flask(__name__)
        DRAFTS = {}

        @app.post("/drafts/<int:n>/approve")
        def approve(n):
            tweepy.Client().create_tweet(text=generate("x"))
            return "posted"
    """,
    "gate in the caller": """
        import click, tweepy
        from llm import generate

        def publish(text):
            tweepy.Client().create_tweet(text=text)

        text = generate("x")
        if click.confirm("Post?"):
            publish(text)
    """,
}


@pytest.mark.parametrize("name", sorted(GATES))
def test_review_gates(tmp_path: Path, name: str) -> None:
    assert "AIS201" not in codes_of(run(tmp_path, textwrap.dedent(GATES[name])))


def test_a_gate_on_an_unrelated_statement_does_not_count(tmp_path: Path) -> None:
    app = """
        import click, tweepy
        from llm import generate
        text = generate("x")
        if click.confirm("Save a copy?"):
            open("copy.txt", "w").write(text)
        tweepy.Client().create_tweet(text=text)
    """
    assert ("AIS201", 6) in run(tmp_path, textwrap.dedent(app))


def test_bulk_messaging_in_a_loop_and_in_a_caller(tmp_path: Path) -> None:
    app = """
        import smtplib
        from twilio.rest import Client
        from llm import generate

        USERS = ["a@example.com", "b@example.com"]

        def notify(number, text):
            Client().messages.create(to=number, from_="+1", body=text)

        with smtplib.SMTP("localhost") as server:
            for address in USERS:
                server.sendmail("us@example.com", address, generate(address))
        for number in ["+100", "+200"]:
            notify(number, generate("sale"))
        server.sendmail("us@example.com", "one@example.com", generate("single"))
    """
    found = run(tmp_path, textwrap.dedent(app))
    assert ("AIS102", 12) in found and ("AIS102", 8) in found
    assert ("AIS102", 15) not in found  # a single message to one person


def test_loops_that_are_not_over_recipients(tmp_path: Path) -> None:
    app = """
        import smtplib
        from llm import generate
        server = smtplib.SMTP("localhost")
        text = generate("x")
        for part in text.split("\\n\\n"):
            server.sendmail("us@example.com", "one@example.com", part)
        for attempt in range(3):
            server.sendmail("us@example.com", "one@example.com", text)
    """
    assert "AIS102" not in codes_of(run(tmp_path, textwrap.dedent(app)))


def test_mass_mail_api_is_bulk_without_a_loop(tmp_path: Path) -> None:
    app = """
        from django.core.mail import send_mass_mail
        from llm import generate
        text = generate("x")
        send_mass_mail([("Hi", text, "us@example.com", ["a@example.com", "b@example.com"])])
    """
    assert ("AIS102", 4) in run(tmp_path, textwrap.dedent(app))


FLASK_APP = """
from flask import Flask, request
from llm import generate

app = Flask(__name__)


@app.post("/write")
def write():
    return {"text": generate(request.form["topic"])}
"""


def test_disclosure_anywhere_in_the_app(tmp_path: Path) -> None:
    assert ("AIS202", 9) in run(tmp_path, FLASK_APP)
    template = {"templates/index.html": "<p>Suggestions below are AI-generated.</p>"}
    assert "AIS202" not in codes_of(run(tmp_path, FLASK_APP, extra=template))


def test_disclosure_in_a_comment_does_not_count(tmp_path: Path) -> None:
    assert ("AIS202", 10) in run(tmp_path, "# this text is AI-generated" + FLASK_APP)


def test_disclosure_of_another_app_does_not_count(tmp_path: Path) -> None:
    other = {"admin/requirements.txt": "flask\n", "admin/notice.py": "NOTICE = 'AI-generated'\n"}
    assert ("AIS202", 9) in run(tmp_path, FLASK_APP, extra=other)


def test_configured_disclosure_phrase(tmp_path: Path) -> None:
    app = FLASK_APP + "\nFOOTER = 'Drafted by Acme Copilot'\n"
    assert "AIS202" in codes_of(run(tmp_path, app))
    assert "AIS202" not in codes_of(run(tmp_path, app, Config(disclosure_phrases=("drafted by acme copilot",))))


def test_report_mechanism_and_where_ais203_points(tmp_path: Path) -> None:
    assert ("AIS203", 4) in run(tmp_path, FLASK_APP)  # at `app = Flask(__name__)`
    with_route = FLASK_APP + '\n\n@app.post("/report")\ndef report_answer():\n    return "thanks"\n'
    assert "AIS203" not in codes_of(run(tmp_path, with_route))
    template = {"templates/answer.html": "<button class='x'>Report this answer</button>"}
    assert "AIS203" not in codes_of(run(tmp_path, FLASK_APP, extra=template))


def test_monthly_users_below_100_turns_ais203_off(tmp_path: Path) -> None:
    assert "AIS203" not in codes_of(run(tmp_path, FLASK_APP, Config(monthly_users=40)))
    assert "AIS203" in codes_of(run(tmp_path, FLASK_APP, Config(monthly_users=5000)))


def test_gradio_flagging_is_a_report_mechanism(tmp_path: Path) -> None:
    app = "import gradio as gr\nfrom llm import generate\n\ndef answer(q):\n    return generate(q)\n\n"
    flagging = app + "gr.Interface(fn=answer, inputs='text', outputs='text').launch()\n"
    assert ("AIS202", 5) in run(tmp_path, flagging)
    assert "AIS203" not in codes_of(run(tmp_path, flagging))
    no_flagging = app + "gr.Interface(fn=answer, inputs='text', outputs='text', allow_flagging='never').launch()\n"
    assert ("AIS203", 7) in run(tmp_path, no_flagging)


def test_streamlit_session_state_history(tmp_path: Path) -> None:
    app = """
        import streamlit as st
        from llm import generate

        if "messages" not in st.session_state:
            st.session_state.messages = []
        for message in st.session_state.messages:
            st.write(message["content"])
        if prompt := st.chat_input("Ask"):
            answer = generate(prompt)
            st.session_state.messages.append({"role": "assistant", "content": answer})
    """
    found = run(tmp_path, textwrap.dedent(app))
    assert ("AIS202", 7) in found and ("AIS203", 7) in found


def test_bot_replies(tmp_path: Path) -> None:
    app = """
        from telegram import Update
        from telegram.ext import Application, MessageHandler, filters
        from llm import generate

        async def reply(update: Update, context) -> None:
            await update.message.reply_text(generate(update.message.text))

        application = Application.builder().token("t").build()
        application.add_handler(MessageHandler(filters.TEXT, reply))
    """
    found = run(tmp_path, textwrap.dedent(app))
    assert ("AIS202", 6) in found and ("AIS203", 8) in found


def test_configured_sinks_and_public_channels(tmp_path: Path) -> None:
    app = "from company.social import publish\nfrom llm import generate\npublish(generate('x'))\n"
    assert "AIS201" not in codes_of(run(tmp_path, app))
    assert ("AIS201", 3) in run(tmp_path, app, Config(posting_sinks=("company.social.publish",)))
    slack = (
        "from slack_sdk import WebClient\nfrom llm import generate\n"
        "WebClient().chat_postMessage(channel='C0PUBLIC', text=generate('x'))\n"
    )
    assert ("AIS201", 3) in run(tmp_path, slack, Config(public_channels=("C0PUBLIC",)))


def test_configured_review_gate(tmp_path: Path) -> None:
    app = """
        import tweepy
        from company.review import signed_off_by_editor
        from llm import generate
        text = generate("x")
        if signed_off_by_editor(text):
            tweepy.Client().create_tweet(text=text)
    """
    assert "AIS201" not in codes_of(run(tmp_path, textwrap.dedent(app)))
    renamed = textwrap.dedent(app).replace("signed_off_by_editor", "ok_to_go")
    assert "AIS201" in codes_of(run(tmp_path, renamed))
    assert "AIS201" not in codes_of(run(tmp_path, renamed, Config(review_gates=("ok_to_go",))))


def test_message_names_the_sink_and_the_completion(tmp_path: Path) -> None:
    report = check(tmp_path, {"requirements.txt": "", "llm.py": GENERATE, "app.py": POSTING["mastodon"]})
    [diagnostic] = [d for d in report.diagnostics if d.code == "AIS201"]
    assert diagnostic.message == (
        "generated text is posted to Mastodon with no human review on the path (guideline 2.i): "
        "text from the completion at llm.py:7"
    )
