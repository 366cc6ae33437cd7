"""Project-level evidence, found as text across an app's code and templates: disclosure that text is
machine-generated (guideline 2.ii, AIS202) and a way to report harmful output (guideline 2.iii, AIS203). Data only."""

from __future__ import annotations

import re
from typing import Iterator

# Files besides Python that show text to users.
TEMPLATE_SUFFIXES = (
    ".html",
    ".htm",
    ".jinja",
    ".jinja2",
    ".j2",
    ".txt",
    ".md",
    ".js",
    ".jsx",
    ".ts",
    ".tsx",
    ".vue",
    ".svelte",
    ".json",
    ".yaml",
    ".yml",
)

_MACHINE = (
    r"(?:an? )?(?:AI\b|A\.I\.|artificial intelligence|(?:large )?language model|LLM|machine|bot\b|AI21|Jurassic|Jamba)"
)
DISCLOSURE = re.compile(
    "|".join(
        [
            r"(?<![A-Za-z0-9])AI[- ](?:generated|written|created|produced|authored)",
            rf"(?<![A-Za-z0-9])(?:generated|written|created|produced|drafted|composed|authored) (?:by|with|using) {_MACHINE}",
            r"(?<![A-Za-z0-9])machine[- ]generated",
            r"(?<![A-Za-z0-9])automatically[- ]generated",
            r"\bcomputer[- ]generated",
            r"\bI(?:'m|’m| am) (?:an? |your )?(?:AI\b|A\.I\.|artificial intelligence|bot\b|chat ?bot|virtual assistant|"
            r"language model|automated assistant)",
            r"\b(?:this|the|these) (?:response|answer|text|reply|message|content|summary|output|post|email|"
            r"description|suggestion)s? (?:was|were|is|are|has been|have been) (?:automatically )?(?:AI[- ])?"
            r"(?:generated|written by|produced by)",
            r"\bpowered by (?:AI21|Jurassic|Jamba|AI\b|artificial intelligence)",
        ]
    ),
    re.IGNORECASE,
)

# Where a DISCLOSURE match can start, lower-cased (a necessary condition, tested by tests/test_evidence_starts.py):
# finding these with str.find and trying the whole pattern only there is several times faster on source code.
DISCLOSURE_STARTS = (
    *("ai-", "ai ", "machine-", "machine ", "automatically-", "automatically ", "computer-", "computer "),
    *("generated ", "written ", "created ", "produced ", "drafted ", "composed ", "authored "),
    *("i'm ", "i am ", "this ", "the ", "these ", "powered by "),
)

_REPORT_WORDS = r"report|flag|feedback|harmful|inappropriate|abuse|offensive|thumbs[ _-]?down|dislike"
REPORT_MECHANISM = re.compile(
    "|".join(
        [
            # a route, command or handler about reporting
            rf"""\.(?:route|get|post|put|api_route|websocket|add_get|add_post|add_route|add_api_route|add_url_rule)"""
            rf"""\(\s*(?:["'][A-Z]+["']\s*,\s*)?["'][^"']*/(?:{_REPORT_WORDS})\b""",
            rf"""\b(?:re_)?path\(\s*["']\^?/?(?:{_REPORT_WORDS})\b""",
            r"\b(?:async )?def (?:report|flag|feedback)\s*\(",
            rf"""(?:CommandHandler|Command|command|commands\.command|message_handler)\(\s*(?:name\s*=\s*)?"""
            rf"""(?:commands\s*=\s*\[)?\s*["']/?(?:{_REPORT_WORDS})\b""",
            r"\bdef (?:report|flag)_"
            r"(?:\w*(?:response|answer|message|output|content|reply|generation|harm|abuse)\w*)\s*\(",
            r"\bdef \w*(?:feedback|thumbs_down|dislike|flag_inappropriate|report_harm|report_abuse)\w*\s*\(",
            # a button, link or widget labelled for it
            rf"""(?:button|Button|link_button|form_submit_button)\(\s*(?:label\s*=\s*)?["'][^"']*(?:{_REPORT_WORDS}|👎)""",
            rf"""<(?:button|a|input)\b[^>]*>[^<]*(?:{_REPORT_WORDS}|👎)""",
            rf"""<(?:button|input)\b[^>]*(?:value|title|aria-label)=["'][^"']*(?:{_REPORT_WORDS})""",
            # feedback widgets
            r"\bst\.feedback\(|\bstreamlit_feedback\(|\.like\(\s*\w|\bthumbs\b.*\bdown\b|👎",
        ]
    ),
    re.IGNORECASE,
)
REPORT_MECHANISM_STARTS = (
    *(f".{method}(" for method in ("route", "get", "post", "put", "api_route", "websocket", "add_get", "add_post")),
    *(f".{method}(" for method in ("add_route", "add_api_route", "add_url_rule", "like")),
    *("re_path(", "path(", "async def ", "def ", "command", "message_handler"),
    *("link_button(", "form_submit_button(", "button(", "<button", "<a", "<input"),
    *("st.feedback(", "streamlit_feedback(", "thumbs"),
)


def find_all(pattern: re.Pattern[str], starts: tuple[str, ...], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a case-insensitive pattern, tried only where one of `starts` begins. Text with
    other than ASCII (where case folding can change lengths or match across scripts) is searched as is."""
    if not text.isascii():
        yield from pattern.finditer(text)
        return
    lowered = text.lower()
    candidates = set()
    for literal in starts:
        found = lowered.find(literal)
        while found >= 0:
            candidates.add(found)
            found = lowered.find(literal, found + 1)
    position = 0
    for start in sorted(candidates):
        if start < position:
            continue
        match = pattern.match(text, start)
        if match is not None and match.end() > start:
            yield match
            position = match.end()
