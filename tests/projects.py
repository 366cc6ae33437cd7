"""A small multi-file project with findings of several rules, shared by the front-end tests."""

from __future__ import annotations

from pathlib import Path

from tests.harness import write_project

SAMPLE = {
    "requirements.txt": "flask\nai21\ntweepy\n",
    "prompts.py": 'GREETING = "Say hello to:"\nLONG = "You are a careful assistant for a garden centre; answer in two sentences."\n',
    "app.py": """
        import sys
        import tweepy
        from flask import Flask, request
        from ai21 import AI21Client
        from prompts import GREETING, LONG

        app = Flask(__name__)
        client = AI21Client()


        @app.post("/ask")
        def ask():
            answer = client.completion.create(model="j2-ultra", prompt=LONG + request.form["q"])
            return {"answer": answer.completions[0].data.text}


        def greet(name):
            text = client.completion.create(model="j2-ultra", prompt=f"{GREETING} {name}").completions[0].data.text
            tweepy.Client().create_tweet(text=text)


        greet(sys.argv[1])
    """,
}


def sample_project(root: Path) -> Path:
    return write_project(root, SAMPLE)
