"""Which calls are AI21 completion requests: every style in SPEC.md, through imports and aliases, and the
look-alikes that are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import check, only


def calls(tmp_path: Path, source: str) -> list[tuple[str, object, bool]]:
    report = check(tmp_path, source)
    assert report.result is not None
    found = report.result.interpreter.completion_calls.values()
    return sorted((c.api, c.model, c.custom_model) for c in found)


RECOGNISED = {
    "sdk v1": """
        import ai21
        ai21.Completion.execute(model="j2-ultra", prompt="hi")
    """,
    "sdk v1 aliased module": """
        import ai21 as a21
        a21.Completion.execute(model="j2-ultra", prompt="hi")
    """,
    "sdk v1 from-import": """
        from ai21 import Completion as C
        C.execute(model="j2-ultra", prompt="hi")
    """,
    "sdk v2 completion": """
        from ai21 import AI21Client
        client = AI21Client(api_key="k")
        client.completion.create(model="j2-ultra", prompt="hi")
    """,
    "sdk v2 aliased class": """
        from ai21 import AI21Client as C
        C().completion.create(model="j2-ultra", prompt="hi")
    """,
    "sdk v2 module alias": """
        import ai21 as a
        c = a.AI21Client()
        c.chat.completions.create(model="jamba-1.5-mini", messages=[])
    """,
    "sdk v2 async chat": """
        from ai21 import AsyncAI21Client
        from ai21.models.chat import ChatMessage

        async def main():
            client = AsyncAI21Client()
            await client.chat.completions.create(model="jamba-1.5-large",
                                                 messages=[ChatMessage(role="user", content="hi")])
    """,
    "sdk v2 old chat": """
        from ai21 import AI21Client
        from ai21.models import Message, RoleType
        AI21Client().chat.create(model="j2-ultra", system="Be nice", messages=[Message(text="hi", role=RoleType.USER)])
    """,
    "bedrock sdk client": """
        from ai21 import AI21BedrockClient
        AI21BedrockClient(region="us-east-1").completion.create(model="ai21.j2-ultra-v1", prompt="hi")
    """,
    "deep import path": """
        from ai21.clients.studio.ai21_client import AI21Client
        AI21Client().completion.create(model="j2-mid", prompt="hi")
    """,
    "client stored on self": """
        from ai21 import AI21Client

        class Bot:
            def __init__(self):
                self.client = AI21Client()

            def reply(self, text):
                return self.client.completion.create(model="j2-ultra", prompt="Reply kindly to: " + text)

        Bot().reply("hello")
    """,
    "requests literal url": """
        import requests
        requests.post("https://api.ai21.com/studio/v1/j2-ultra/complete", json={"prompt": "hi"})
    """,
    "requests f-string url": """
        import requests
        MODEL = "j2-mid"
        requests.post(f"https://api.ai21.com/studio/v1/{MODEL}/complete", json={"prompt": "hi"})
    """,
    "httpx client constant url": """
        import httpx
        URL = "https://api.ai21.com/studio/v1/j2-light/complete"
        with httpx.Client() as http:
            http.post(URL, json={"prompt": "hi"})
    """,
    "aiohttp session": """
        import aiohttp

        async def go():
            async with aiohttp.ClientSession() as session:
                async with session.post("https://api.ai21.com/studio/v1/j2-ultra/complete", json={"prompt": "x"}):
                    pass
    """,
    "urllib request": """
        import json
        import urllib.request
        data = json.dumps({"prompt": "hi"}).encode()
        urllib.request.urlopen(urllib.request.Request("https://api.ai21.com/studio/v1/j2-mid/complete", data=data))
    """,
    "rest chat endpoint": """
        import requests
        requests.post("https://api.ai21.com/studio/v1/chat/completions",
                      json={"model": "jamba-instruct", "messages": [{"role": "user", "content": "hi"}]})
    """,
    "langchain llm": """
        from langchain_ai21 import AI21LLM
        AI21LLM(model="j2-ultra").invoke("hi")
    """,
    "langchain community": """
        from langchain_community.llms import AI21
        llm = AI21()
        llm("hi")
    """,
    "langchain chain": """
        from langchain.prompts import PromptTemplate
        from langchain.chains import LLMChain
        from langchain_community.llms import AI21
        LLMChain(llm=AI21(), prompt=PromptTemplate.from_template("Say {x}")).run("hi")
    """,
    "llamaindex": """
        from llama_index.llms.ai21 import AI21
        AI21(model="jamba-instruct").complete("hi")
    """,
    "bedrock invoke_model": """
        import json, boto3
        runtime = boto3.client("bedrock-runtime")
        runtime.invoke_model(modelId="ai21.j2-ultra-v1", body=json.dumps({"prompt": "hi"}))
    """,
}


@pytest.mark.parametrize("name", sorted(RECOGNISED))
def test_recognised(tmp_path: Path, name: str) -> None:
    assert len(calls(tmp_path, RECOGNISED[name])) == 1


NOT_COMPLETIONS = {
    "openai same method names": """
        from openai import OpenAI
        OpenAI().chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    """,
    "openai named client": """
        import openai
        client = openai.OpenAI()
        client.completions.create(model="gpt-3.5-turbo-instruct", prompt="hi")
    """,
    "ai21 task apis": """
        import ai21
        from ai21 import AI21Client
        ai21.Paraphrase.execute(text="hi")
        client = AI21Client()
        client.paraphrase.create(text="hi")
        client.summarize.create(source="hi", source_type="TEXT")
        client.answer.create(context="c", question="q")
        client.gec.create(text="hi")
    """,
    "ai21 task rest endpoint": """
        import requests
        requests.post("https://api.ai21.com/studio/v1/paraphrase", json={"text": "hi"})
    """,
    "bedrock other vendor": """
        import json, boto3
        boto3.client("bedrock-runtime").invoke_model(modelId="anthropic.claude-v2", body=json.dumps({"prompt": "x"}))
    """,
    "an unrelated complete method": """
        class Job:
            def complete(self, prompt):
                return prompt
        Job().complete("hi")
    """,
    "a local function named like the SDK": """
        def execute(prompt):
            return prompt
        class Completion:
            execute = staticmethod(execute)
        Completion.execute(prompt="hi")
    """,
    "other http posts": """
        import requests
        requests.post("https://example.com/studio/v1/x/complete", json={"prompt": "hi"})
    """,
}


@pytest.mark.parametrize("name", sorted(NOT_COMPLETIONS))
def test_not_a_completion(tmp_path: Path, name: str) -> None:
    assert calls(tmp_path, NOT_COMPLETIONS[name]) == []
    assert check(tmp_path, NOT_COMPLETIONS[name]).diagnostics == []


def test_models_are_read(tmp_path: Path) -> None:
    source = """
        import requests
        from ai21 import AI21Client
        AI21Client().completion.create(model="j2-ultra", prompt="hi")
        requests.post("https://api.ai21.com/studio/v1/j2-mid/complete", json={"prompt": "hi"})
    """
    assert calls(tmp_path, source) == [("REST complete", "j2-mid", False), ("ai21 SDK completion", "j2-ultra", False)]


CUSTOM = {
    "sdk argument": """
        import ai21
        ai21.Completion.execute(model="j2-grande", custom_model="support-bot", prompt="hi")
    """,
    "rest path segment": """
        import requests
        requests.post("https://api.ai21.com/studio/v1/j2-grande/support-bot/complete", json={"prompt": "hi"})
    """,
    "rest path from constants": """
        import requests
        BASE = "https://api.ai21.com/studio/v1"
        MODEL, CUSTOM = "j2-large", "faq-model"
        requests.post(f"{BASE}/{MODEL}/{CUSTOM}/complete", json={"prompt": "hi"})
    """,
}


@pytest.mark.parametrize("name", sorted(CUSTOM))
def test_custom_models_are_exempt(tmp_path: Path, name: str) -> None:
    found = calls(tmp_path, CUSTOM[name])
    assert len(found) == 1 and found[0][2] is True
    assert check(tmp_path, CUSTOM[name]).diagnostics == []


def test_custom_model_none_is_not_custom(tmp_path: Path) -> None:
    source = """
        import ai21
        ai21.Completion.execute(model="j2-grande", custom_model=None, prompt="hi")
    """
    assert [d.code for d in check(tmp_path, source).diagnostics] == ["AIS301"]


def test_wrapper_diagnostic_points_at_the_call_site(tmp_path: Path) -> None:
    files = {
        "llm.py": """
        from ai21 import AI21Client

        client = AI21Client()

        def complete(text):
            return client.completion.create(model="j2-ultra", prompt=text).completions[0].data.text
        """,
        "app.py": """
        from flask import Flask, request
        from llm import complete

        app = Flask(__name__)

        @app.get("/")
        def home():
            return complete("Q: " + request.args["q"])
        """,
    }
    report = check(tmp_path, files)
    [diagnostic] = only(report, "AIS301")
    assert (diagnostic.path, diagnostic.line) == ("app.py", 8)
    assert "llm.py:6" in diagnostic.message


def test_uncalled_wrapper_is_unverifiable_at_the_completion(tmp_path: Path) -> None:
    source = """
        from ai21 import AI21Client

        def complete(text):
            return AI21Client().completion.create(model="j2-ultra", prompt="Q: " + text)
    """
    report = check(tmp_path, source)
    assert [(d.code, d.line) for d in report.diagnostics] == [("AIS302", 4)]


def test_configured_wrapper(tmp_path: Path) -> None:
    from ai21lint.config import Config

    source = """
        import sys
        from company_llm import ask
        ask(prompt="hi " + sys.argv[1])
    """
    assert check(tmp_path, source).diagnostics == []
    report = check(tmp_path, source, Config(wrappers=(("company_llm.ask", "prompt"),)))
    assert [(d.code, d.line) for d in report.diagnostics] == [("AIS301", 3)]


def test_framework_handler_parameters_are_user_input(tmp_path: Path) -> None:
    source = """
        import gradio as gr
        from ai21 import AI21Client

        def respond(message):
            return AI21Client().completion.create(model="j2-ultra", prompt=message).completions[0].data.text

        gr.Interface(fn=respond, inputs="text", outputs="text").launch()
    """
    [diagnostic] = only(check(tmp_path, source), "AIS301")
    assert diagnostic.line == 5
    assert "user input message" in diagnostic.message
