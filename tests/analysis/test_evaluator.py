"""The constant-character evaluator, one construct at a time (SPEC.md, "Counting"). Counts are exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai21lint.analysis.guideline3 import assess
from ai21lint.analysis.values import Piece, PieceKind, StrValue, concat, constant_chars
from tests.harness import check, only, prompt_counts, single_count

# "Summarize the following text" is 28 characters; "Translate to French:" is 20.
SUMMARIZE = "Summarize the following text"


def test_literal(tmp_path: Path) -> None:
    assert single_count(tmp_path, f'prompt = "{SUMMARIZE}"') == 28


def test_whitespace_runs_count_once(tmp_path: Path) -> None:
    assert single_count(tmp_path, 'prompt = "a    b\\n\\n\\t c   "') == 6  # "a b c "


def test_fstring_counts_text_not_user_input(tmp_path: Path) -> None:
    assert single_count(tmp_path, 'prompt = f"Q: {user}\\nA:"') == 6  # "Q: " and "\nA:"


def test_fstring_escaped_braces(tmp_path: Path) -> None:
    assert single_count(tmp_path, 'prompt = f"{{json}} {user}"') == 7  # "{json} "


def test_plus_concatenation(tmp_path: Path) -> None:
    assert single_count(tmp_path, f'prompt = "{SUMMARIZE}" + ":" + user') == 29


def test_implicit_concatenation(tmp_path: Path) -> None:
    assert single_count(tmp_path, 'prompt = ("abc" "def") + user') == 6


def test_percent_format_positional_and_named(tmp_path: Path) -> None:
    assert single_count(tmp_path, 'prompt = "Q: %s A: %d%%" % (user, 3)') == 9  # "Q: " and " A: 3%"
    assert single_count(tmp_path, 'prompt = "Hi %(name)s!" % {"name": user}') == 4


def test_str_format(tmp_path: Path) -> None:
    assert single_count(tmp_path, 'prompt = "Text: {t} ({n})".format(t=user, n="x")') == 10  # "Text: ", " (", "x", ")"
    assert single_count(tmp_path, 'prompt = "{} and {}".format("cats", user)') == 9


def test_str_join_over_constant_sequence(tmp_path: Path) -> None:
    assert single_count(tmp_path, 'prompt = "\\n".join(["Rules:", "be brief", user])') == 16  # "Rules:\nbe brief\n"


def test_textwrap_dedent(tmp_path: Path) -> None:
    body = 'prompt = textwrap.dedent("""\n    Line one\n        Line two\n    """) + user'
    assert single_count(tmp_path, body, prelude="import textwrap") == 19  # "\nLine one\n    Line two\n" -> runs


def test_str_times_int(tmp_path: Path) -> None:
    assert single_count(tmp_path, 'prompt = "ab" * 5 + user') == 10
    assert single_count(tmp_path, 'prompt = "-" * 3 + " " * 40 + user') == 4


def test_string_methods(tmp_path: Path) -> None:
    assert single_count(tmp_path, 'prompt = "   Hello world   ".strip() + user') == 11
    assert single_count(tmp_path, 'prompt = "hello".upper().replace("L", "") + user') == 3
    assert single_count(tmp_path, 'prompt = (user + "  tail  ").rstrip()') == 5  # " tail": leading run kept


def test_string_template(tmp_path: Path) -> None:
    body = 'prompt = Template("Write about $topic in ${n} words").substitute(topic=user, n="ten")'
    assert single_count(tmp_path, body, prelude="from string import Template") == 25


def test_langchain_prompt_template(tmp_path: Path) -> None:
    files = {
        "app.py": """
        import sys
        from langchain_core.prompts import PromptTemplate
        from langchain_ai21 import AI21LLM

        template = PromptTemplate.from_template("Give three names for a {animal} that lives in {city}.")
        llm = AI21LLM(model="j2-ultra")
        chain = template | llm
        chain.invoke({"animal": sys.argv[1], "city": "Paris"})
        """
    }
    # "Give three names for a " (23) + " that lives in " (15) + "Paris" (5) + "." (1)
    assert prompt_counts(tmp_path, files) == [44]


def test_langchain_chat_template(tmp_path: Path) -> None:
    files = {
        "app.py": """
        import sys
        from langchain_core.prompts import ChatPromptTemplate
        from langchain_ai21 import ChatAI21

        prompt = ChatPromptTemplate.from_messages([("system", "You are terse."), ("human", "{question}")])
        chain = prompt | ChatAI21(model="jamba-instruct")
        chain.invoke({"question": sys.argv[1]})
        """
    }
    assert prompt_counts(tmp_path, files) == [14]


def test_local_and_module_names(tmp_path: Path) -> None:
    assert single_count(tmp_path, "prompt = PREFIX + user", prelude='PREFIX = "Answer briefly: "') == 16


def test_class_attribute(tmp_path: Path) -> None:
    prelude = 'class Prompts:\n    HEADER = "You are a helpful travel agent."\n'
    assert single_count(tmp_path, "prompt = Prompts.HEADER + user", prelude=prelude) == 31


def test_plus_equals_across_statements(tmp_path: Path) -> None:
    body = 'prompt = "One. "\nprompt += "Two. "\nprompt += user\nprompt += " Three."'
    assert single_count(tmp_path, body) == 17  # "One. Two. " (10) + " Three." (7)


def test_constant_imported_from_another_module(tmp_path: Path) -> None:
    files = {
        "prompts/__init__.py": "",
        "prompts/text.py": 'SYSTEM = "You write product descriptions for an outdoor-gear shop."\n',
        "app.py": """
        import sys
        from ai21 import AI21Client
        from prompts.text import SYSTEM as S

        AI21Client().completion.create(model="j2-ultra", prompt=S + "\\n" + sys.argv[1])
        """,
    }
    assert prompt_counts(tmp_path, files) == [57]


def test_relative_import_in_a_package(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/consts.py": 'INTRO = "Classify the ticket:"\n',
        "pkg/service.py": """
        import sys
        from ai21 import AI21Client
        from .consts import INTRO

        AI21Client().completion.create(model="j2-ultra", prompt=f"{INTRO} {sys.argv[1]}")
        """,
    }
    assert prompt_counts(tmp_path, files) == [21]


def test_helper_function_return_value(tmp_path: Path) -> None:
    prelude = 'def build(text):\n    return "Fix the grammar of: " + text\n'
    assert single_count(tmp_path, "prompt = build(user)", prelude=prelude) == 20


def test_helper_parameters_through_each_call_site(tmp_path: Path) -> None:
    files = {
        "app.py": """
        import sys
        from ai21 import AI21Client

        client = AI21Client()

        def ask(instruction, text):
            return client.completion.create(model="j2-ultra", prompt=f"{instruction}\\n{text}")

        ask("Summarize:", sys.argv[1])
        ask("Rewrite the following paragraph in plain English for a ten-year-old reader:", sys.argv[1])
        """
    }
    report = check(tmp_path, files)
    assert [(d.code, d.line) for d in report.diagnostics] == [("AIS301", 9)]
    assert "11 constant characters" in report.diagnostics[0].message


def test_template_file_with_literal_path(tmp_path: Path) -> None:
    files = {
        "prompts/system.txt": "You are a patient math tutor.\nExplain each step.\n",
        "app.py": """
        import sys
        from pathlib import Path
        from ai21 import AI21Client

        SYSTEM = (Path(__file__).parent / "prompts" / "system.txt").read_text()
        AI21Client().completion.create(model="j2-ultra", prompt=SYSTEM + sys.argv[1])
        """,
    }
    assert prompt_counts(tmp_path, files) == [49]  # "You are a patient math tutor. Explain each step. "


def test_template_file_open_relative_to_module(tmp_path: Path) -> None:
    files = {
        "app/tpl.txt": "Reply in one word.",
        "app/main.py": """
        import os, sys
        from ai21 import AI21Client

        with open(os.path.join(os.path.dirname(__file__), "tpl.txt")) as handle:
            TEXT = handle.read()
        AI21Client().completion.create(model="j2-ultra", prompt=TEXT + sys.argv[1])
        """,
    }
    assert prompt_counts(tmp_path, files) == [18]


def test_branches_count_their_minimum(tmp_path: Path) -> None:
    body = 'if len(user) > 3:\n    prompt = "short " + user\nelse:\n    prompt = "a much longer instruction " + user'
    assert single_count(tmp_path, body) == 6
    assert single_count(tmp_path, 'prompt = ("tiny" if user else "rather longer") + user') == 4


@pytest.mark.parametrize(
    "body, expected",
    [
        # a whitespace run merges across the edge of a branch: "ax b" (4) or "a  b" -> "a b" (3)
        ('prompt = "a" + ("x" if len(user) > 40 else " ") + " b"', 3),
        ('prompt = "a " + (" " if len(user) > 40 else user) + " b"', 3),  # "a b" (3) or "a " user " b" (4)
        ('prompt = "a" + ("" if len(user) > 40 else "x ") + " b"', 3),  # the empty path joins "a" and " b"
        # methods that change lengths unevenly see every path: "SSSS" (4) or "ABC" (3); "xyzxyz" (6) or "bbb" (3)
        ('prompt = ("ßß" if len(user) > 40 else "abc").upper() + user', 3),
        ('prompt = ("aa" if len(user) > 40 else "bbb").replace("a", "xyz") + user', 3),
    ],
)
def test_every_path_counts_whatever_follows_the_branch(tmp_path: Path, body: str, expected: int) -> None:
    assert single_count(tmp_path, body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ('prompt = "x" + (user + user)', 1),
        ('prompt = "x" + user * 2', 1),
        ('prompt = "x" + 3 * user', 1),
        ('prompt = f"{user} {0 * user} "', 1),  # nothing repeated: the blanks meet
        ('c = "xy" if len(user) > 4 else user\nprompt = "abc" + c * 2', 3),  # "abcxyxy" (7) or "abc" user (3)
    ],
)
def test_arithmetic_on_user_input_is_user_text(tmp_path: Path, body: str, expected: int) -> None:
    assert single_count(tmp_path, body) == expected
    # known to be that short, not "cannot be determined": AIS301, not AIS302
    source = (tmp_path / "app.py").read_text()
    assert [d.code for d in check(tmp_path, {"app.py": source}).diagnostics] == ["AIS301"]


def test_user_input_added_to_unread_text_is_unknowable(tmp_path: Path) -> None:
    report = check(
        tmp_path,
        "import sys\nimport ai21\nTEXT = open(sys.argv[2]).read()\n"
        "ai21.Completion.execute(model='j2-mid', prompt=TEXT + sys.argv[1])\n",
    )
    assert [d.code for d in report.diagnostics] == ["AIS302"]


def test_a_string_keeps_a_bounded_number_of_paths() -> None:
    texts = ["xy", " x ", *("z" * n for n in range(3, 30))]
    chosen = StrValue.choose([_const(text).first for text in texts])
    assert len(chosen.alts) <= 10
    # "xy" is the shortest alone (2), but between blanks " x " is: "a x b" (5) against "a xy b" (6)
    assert constant_chars(concat(_const("a "), chosen, _const(" b")).first) == 5


def test_loop_body_may_not_run(tmp_path: Path) -> None:
    body = 'prompt = "Examples:\\n"\nfor e in ["good: 1", "bad: 0"]:\n    prompt += e + "\\n"\nprompt += user'
    assert single_count(tmp_path, body) == 10  # only "Examples:\n"


def test_exactly_sixty_is_compliant(tmp_path: Path) -> None:
    sixty = "x" * 60
    report = check(
        tmp_path, f"import sys\nimport ai21\nai21.Completion.execute(model='j2-mid', prompt='{sixty}' + sys.argv[1])\n"
    )
    assert report.diagnostics == []
    report = check(
        tmp_path,
        f"import sys\nimport ai21\nai21.Completion.execute(model='j2-mid', prompt='{sixty[1:]}' + sys.argv[1])\n",
    )
    assert [d.code for d in report.diagnostics] == ["AIS301"]


def test_opaque_pieces_do_not_matter_once_the_constant_part_suffices(tmp_path: Path) -> None:
    long_text = "Please act as a senior editor and rewrite the text below to be clearer."
    source = (
        f"import os\nimport ai21\nai21.Completion.execute(model='j2-mid', prompt='{long_text}' + os.environ['X'])\n"
    )
    assert check(tmp_path, source).diagnostics == []
    short = "import os\nimport ai21\nai21.Completion.execute(model='j2-mid', prompt='Edit: ' + os.environ['X'])\n"
    assert [d.code for d in check(tmp_path, short).diagnostics] == ["AIS302"]


def test_threshold_is_configurable(tmp_path: Path) -> None:
    from ai21lint.config import Config

    source = "import sys\nimport ai21\nai21.Completion.execute(model='j2-mid', prompt='Twelve chars' + sys.argv[1])\n"
    assert [d.code for d in check(tmp_path, source).diagnostics] == ["AIS301"]
    assert check(tmp_path, source, Config(min_prompt_chars=12)).diagnostics == []


def test_message_names_the_sources(tmp_path: Path) -> None:
    files = {
        "prompts.py": 'TEMPLATE = "Answer the question:"\n',
        "app.py": """
        from flask import Flask, request
        from ai21 import AI21Client
        from prompts import TEMPLATE

        app = Flask(__name__)

        @app.post("/")
        def view():
            q = request.form["q"]
            return AI21Client().completion.create(model="j2-ultra", prompt=TEMPLATE + q)
        """,
    }
    [diagnostic] = only(check(tmp_path, files), "AIS301")
    assert diagnostic.message.startswith("prompt has 20 constant characters, needs 60 (guideline 3): ")
    assert "TEMPLATE at prompts.py:1" in diagnostic.message
    assert 'user input request.form["q"] at app.py:9' in diagnostic.message


# --- the value domain itself -----------------------------------------------------------------------------------


def _const(text: str) -> StrValue:
    return StrValue.constant(text)


def test_whitespace_runs_span_adjacent_constant_pieces() -> None:
    value = concat(_const("a  "), _const("  b"))
    assert constant_chars(value.first) == 3


def test_user_piece_breaks_a_whitespace_run() -> None:
    user = StrValue.unknown(PieceKind.USER, "q")
    value = concat(_const("a "), user, _const(" b"))
    assert constant_chars(value.first) == 4


@pytest.mark.parametrize("count, opaque, expected", [(30, False, "AIS301"), (30, True, "AIS302"), (60, True, None)])
def test_assessment(count: int, opaque: bool, expected: str) -> None:
    pieces = [Piece(PieceKind.CONSTANT, "x" * count)]
    if opaque:
        pieces.append(Piece(PieceKind.OPAQUE, "env"))
    verdict = assess(StrValue.of(tuple(pieces)), 60)
    assert (verdict.code if verdict else None) == expected


def test_a_provably_short_path_wins_over_an_unknowable_shorter_one() -> None:
    provable = (Piece(PieceKind.CONSTANT, "x" * 50),)
    unknowable = (Piece(PieceKind.CONSTANT, "x" * 20), Piece(PieceKind.OPAQUE, "env"))
    verdict = assess(StrValue.choose([provable, unknowable]), 60)
    assert verdict is not None and verdict.code == "AIS301" and verdict.constant_chars == 50


def test_instance_attributes_whatever_order_init_reads_and_writes_them(tmp_path: Path) -> None:
    files = {
        "app.py": """
        from ai21 import AI21Client

        class Bot:
            def __init__(self, api_key):
                self.api_key = api_key
                self.client = AI21Client(api_key=self.api_key)
                self.name = "Ada"
                self.system = "You are " + self.name + "."

            def ask(self):
                return self.client.completion.create(model="j2-mid", prompt=self.system + input())
        """
    }
    report = check(tmp_path, files)
    assert [(d.code, d.line) for d in report.diagnostics] == [("AIS301", 11)]
    assert "12 constant characters" in report.diagnostics[0].message


def test_parsed_user_input_stays_user_input(tmp_path: Path) -> None:
    source = """
        import json
        from ai21 import AI21Client

        def lambda_handler(event, context):
            body = json.loads(event["body"])
            return AI21Client().completion.create(model="j2-mid", prompt="Answer: " + body["q"])
    """
    [diagnostic] = check(tmp_path, source).diagnostics
    assert diagnostic.code == "AIS301"
    assert 'user input body["q"] at app.py:6' in diagnostic.message


def test_package_resource_template(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/t/a.txt": "Hello {x}\n",
        "app.py": """
        from importlib.resources import files
        from ai21 import AI21Client

        T = files("pkg").joinpath("t/a.txt").read_text()
        AI21Client().completion.create(model="j2-mid", prompt=T.format(x=input()))
        """,
    }
    assert prompt_counts(tmp_path, files) == [7]
