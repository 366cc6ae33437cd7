"""Generate a corpus of realistic, varied Python applications that call AI21 Studio models.

The apps are made from templates and random choices, deterministically from a seed (app i uses its own
random.Random seeded from the seed and i, so asking for more apps never changes the earlier ones). Nothing is
downloaded and nothing generated is ever run. Each app is a directory of 1-6 Python modules plus a requirements.txt
(and sometimes a prompt template file), and varies along these axes:

- SDK style: ai21 v1 `ai21.Completion.execute`, v2 `AI21Client().completion.create`, v2 chat
  `client.chat.completions.create(messages=[ChatMessage(...)])`, a raw `requests.post` to the REST endpoint, or
  LangChain's `AI21` LLM (with or without a `PromptTemplate`);
- prompt building: f-strings, `.format`, `+`, `+=` across statements, `str.join`, `%`, with the constant text inline,
  in module constants, in another module of the app, or in a template file read via `Path(__file__).parent`;
- framework: Flask, FastAPI, Streamlit, a Discord bot or a command-line tool;
- where the generated text goes: an HTTP response / chat reply / printout, a tweet (tweepy `create_tweet`), an email
  to every subscriber (smtplib in a loop), or a database row;
- whether the app discloses that text is AI-generated and whether it has a way to report harmful output;
- ordinary helper code (caching, retries, validation, text utilities...) so files are 50-300 lines long.

Usage: python benchmarks/generate_apps.py OUTDIR [--apps 300] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import string
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

STDLIB, THIRD_PARTY, LOCAL = 0, 1, 2

# Top-level import name -> requirements.txt line.
REQUIREMENTS = {
    "requests": "requests>=2.31",
    "flask": "flask>=3.0",
    "fastapi": "fastapi>=0.110",
    "pydantic": "pydantic>=2.6",
    "streamlit": "streamlit>=1.38",
    "discord": "discord.py>=2.3",
    "click": "click>=8.1",
    "tweepy": "tweepy>=4.14",
    "langchain_community": "langchain-community>=0.2",
    "langchain_core": "langchain-core>=0.2",
}


def code(template: str, **values: object) -> str:
    """Dedent a code template and substitute its $placeholders (generated code never uses `$` itself)."""
    return string.Template(textwrap.dedent(template).strip("\n")).substitute(values)


def py_str(text: str) -> str:
    """A double-quoted Python string literal for text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def literal_chunks(text: str, indent: int, width: int = 96) -> List[str]:
    """Literals whose implicit concatenation is `text`, each short enough for a line at `indent`."""
    lines, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) + indent + 4 > width:
            lines.append(current + " ")
            current = word
        else:
            current = candidate
    lines.append(current)
    return [py_str(line) for line in lines]


def wrapped_literal(text: str, indent: int, width: int = 96) -> str:
    """A string literal, or a parenthesised implicit concatenation of them when the text is long."""
    chunks = literal_chunks(text, indent + 4, width)
    if len(chunks) == 1:
        return chunks[0]
    pad = " " * (indent + 4)
    return "(\n" + "\n".join(pad + chunk for chunk in chunks) + "\n" + " " * indent + ")"


# --------------------------------------------------------------------------------------------------------------------
# What the apps are about


@dataclass(frozen=True)
class Field:
    var: str
    label: str
    default: str
    choices: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    output: str  # noun for the generated text, an identifier
    answer_cue: str  # last line of a completion prompt
    subject: Field  # the main user input
    extras: Tuple[Field, ...]
    instruction: str  # developer-written instructions, long enough for guideline 3
    short_instruction: str  # a too-short variant
    samples: Tuple[str, ...]


TOPICS: Tuple[Topic, ...] = (
    Topic(
        "product_copy",
        "Product description writer",
        "description",
        "Description:",
        Field("product", "Product", "a bamboo cutting board with a juice groove"),
        (
            Field("tone", "Tone", "friendly", ("friendly", "formal", "playful")),
            Field("audience", "Audience", "home cooks"),
        ),
        "You are a copywriter for a small online store. Write an honest, vivid product description of about "
        "eighty words for the item below. Mention two concrete benefits and avoid superlatives and invented claims.",
        "Describe this product:",
        ("a bamboo cutting board", "a stainless steel water bottle", "a wool travel blanket"),
    ),
    Topic(
        "support_reply",
        "Customer support reply drafter",
        "reply",
        "Reply:",
        Field("message", "Customer message", "My order arrived damaged."),
        (Field("customer_name", "Customer name", "there"), Field("order_id", "Order", "unknown")),
        "You draft replies for the support team of an online bookshop. Be polite and specific, apologise once "
        "if something went wrong, offer the next concrete step and never promise refunds the policy does not allow.",
        "Answer this customer:",
        ("Where is my parcel?", "The book I received has missing pages.", "Can I change my delivery address?"),
    ),
    Topic(
        "newsletter",
        "Newsletter writer",
        "newsletter",
        "Newsletter:",
        Field("topic", "This week's topic", "spring planting"),
        (Field("highlights", "Highlights", "new seed catalogue, Saturday workshop"),),
        "Write the opening section of a weekly community newsletter for a neighbourhood garden club. Use a warm, "
        "plain tone, three short paragraphs, and end with an invitation to the next meeting.",
        "Newsletter about:",
        ("spring planting", "composting basics", "the autumn harvest fair"),
    ),
    Topic(
        "meeting_summary",
        "Meeting notes summarizer",
        "summary",
        "Summary:",
        Field("notes", "Notes", "Discussed Q3 roadmap; Ana owns the migration."),
        (Field("team", "Team", "platform"),),
        "Summarise the meeting notes below for people who missed the meeting. Start with decisions, then action "
        "items with their owners, then open questions. Use short bullet points and keep names exactly as written.",
        "Summarize:",
        ("Roadmap review", "Incident retro", "Hiring sync"),
    ),
    Topic(
        "recipe_ideas",
        "Recipe idea generator",
        "recipe",
        "Recipe:",
        Field("ingredients", "Ingredients", "chickpeas, spinach, lemon"),
        (
            Field("diet", "Diet", "vegetarian", ("vegetarian", "vegan", "no restrictions")),
            Field("minutes", "Time", "30"),
        ),
        "Suggest one home-cooking recipe that uses the ingredients below. Give a title, an ingredient list with "
        "quantities for two people, and numbered steps. Stay within the time limit and respect the diet.",
        "Recipe with:",
        ("chickpeas, spinach, lemon", "eggs, leeks, feta", "rice, peas, ginger"),
    ),
    Topic(
        "travel_plan",
        "Travel itinerary planner",
        "itinerary",
        "Itinerary:",
        Field("city", "City", "Lisbon"),
        (Field("days", "Days", "3"), Field("interests", "Interests", "food, museums")),
        "Plan a relaxed day-by-day itinerary for a visitor. For each day list a morning, afternoon and evening "
        "activity with the neighbourhood, and add one practical tip about transport or tickets.",
        "Trip plan for",
        ("Lisbon", "Kyoto", "Montreal"),
    ),
    Topic(
        "job_ad",
        "Job advert writer",
        "advert",
        "Job advert:",
        Field("role", "Role", "backend engineer"),
        (Field("company", "Company", "Northwind"), Field("location", "Location", "remote")),
        "Write an inclusive job advert for the role below: a two-sentence summary, five responsibilities, and "
        "five requirements that are genuinely needed for the work. Avoid jargon and gendered language.",
        "Job ad for:",
        ("backend engineer", "data analyst", "support lead"),
    ),
    Topic(
        "listing",
        "Property listing writer",
        "listing",
        "Listing:",
        Field("features", "Features", "two bedrooms, balcony, near the park"),
        (Field("price", "Asking price", "on request"),),
        "Write a property listing for a rental agency website. Describe the home accurately from the features "
        "given, mention the neighbourhood briefly, and do not invent amenities that are not listed.",
        "Listing:",
        ("two bedrooms, balcony", "studio, top floor, lift", "family house with garden"),
    ),
    Topic(
        "flashcards",
        "Study flashcard maker",
        "flashcards",
        "Flashcards:",
        Field("subject", "Subject", "photosynthesis"),
        (
            Field("level", "Level", "high school", ("primary", "high school", "university")),
            Field("count", "Cards", "8"),
        ),
        "Create study flashcards for a student. Each card has a question on one line and a concise answer on the "
        "next, in plain language suited to the level. Cover the most important ideas first.",
        "Flashcards:",
        ("photosynthesis", "the French Revolution", "binary search"),
    ),
    Topic(
        "release_notes",
        "Release notes writer",
        "notes",
        "Release notes:",
        Field("changes", "Commits", "fix: retry on timeout; feat: export to CSV"),
        (Field("version", "Version", "1.4.0"),),
        "Turn the commit messages below into user-facing release notes. Group them under New, Improved and Fixed, "
        "write one plain sentence per item, and leave out internal refactors and test changes.",
        "Release notes:",
        ("fix: retry on timeout", "feat: dark mode", "chore: bump deps"),
    ),
    Topic(
        "daily_tip",
        "Daily tip poster",
        "tip",
        "Tip:",
        Field("theme", "Theme", "Python testing"),
        (Field("hashtag", "Hashtag", "#devtips"),),
        "Write one short, practical tip for working software developers on the theme below. It must fit in two "
        "hundred and forty characters, contain one concrete example and use at most one hashtag.",
        "Tip:",
        ("Python testing", "SQL indexes", "git bisect"),
    ),
    Topic(
        "event_invite",
        "Event invitation writer",
        "invitation",
        "Invitation:",
        Field("event", "Event", "summer picnic"),
        (Field("date", "Date", "Saturday 14 June"), Field("venue", "Venue", "Riverside Park")),
        "Write a friendly invitation for the community event below. Say what, when and where in the first "
        "sentence, add one line about what to bring, and close with how to reply.",
        "Invite to",
        ("summer picnic", "book swap", "charity run"),
    ),
    Topic(
        "book_blurb",
        "Book blurb writer",
        "blurb",
        "Blurb:",
        Field("synopsis", "Synopsis", "A lighthouse keeper finds a map."),
        (Field("genre", "Genre", "mystery"),),
        "Write a back-cover blurb for the novel described below. Hook the reader in the first sentence, keep the "
        "ending secret, and match the conventions of the genre in about one hundred words.",
        "Blurb:",
        ("A lighthouse keeper finds a map.", "Two rival bakers share a kitchen.", "A robot learns to garden."),
    ),
    Topic(
        "menu_copy",
        "Menu description writer",
        "menu_text",
        "Menu description:",
        Field("dish", "Dish", "grilled halloumi with watermelon"),
        (Field("style", "Restaurant style", "casual bistro"),),
        "Write a short, appetising menu description for the dish below in the voice of the restaurant. Mention "
        "the main ingredients and cooking method, keep it under thirty words, and list common allergens.",
        "Menu text:",
        ("grilled halloumi", "mushroom risotto", "lemon tart"),
    ),
    Topic(
        "fitness_plan",
        "Fitness plan helper",
        "plan",
        "Plan:",
        Field("goal", "Goal", "run 5 km"),
        (Field("weeks", "Weeks", "6"), Field("experience", "Experience", "beginner")),
        "Draft a gentle weekly training outline for the goal below. Include rest days, suggest how to progress "
        "safely, and remind the reader to consult a professional if they have health concerns.",
        "Plan for",
        ("run 5 km", "first pull-up", "daily mobility"),
    ),
    Topic(
        "code_explainer",
        "Code review explainer",
        "explanation",
        "Explanation:",
        Field("snippet", "Code", "for i in range(len(xs)): print(xs[i])"),
        (Field("language", "Language", "Python"),),
        "Explain the code below to a junior developer: what it does, one possible bug or edge case, and one "
        "suggestion to make it clearer. Be kind and concrete and quote the lines you refer to.",
        "Explain:",
        ("for i in range(len(xs)): ...", "except: pass", "x = x + 1"),
    ),
    Topic(
        "show_notes",
        "Podcast show notes writer",
        "show_notes",
        "Show notes:",
        Field("transcript", "Transcript excerpt", "Today we talk about soil health."),
        (Field("episode", "Episode", "42"), Field("guest", "Guest", "Dr. Rivera")),
        "Write podcast show notes from the transcript excerpt below: a two-sentence episode summary, a list of "
        "topics with approximate order, and a thank-you line for the guest. Do not invent quotes.",
        "Notes:",
        ("soil health", "urban beekeeping", "repair cafes"),
    ),
    Topic(
        "greeting",
        "Greeting card writer",
        "greeting",
        "Message:",
        Field("occasion", "Occasion", "birthday"),
        (Field("recipient", "Recipient", "my aunt"), Field("memory", "Shared memory", "our trip to the coast")),
        "Write a heartfelt greeting card message of three or four sentences for the occasion below. Mention the "
        "shared memory naturally, keep the tone warm rather than sentimental, and sign off simply.",
        "Card for",
        ("birthday", "retirement", "new baby"),
    ),
    Topic(
        "news_digest",
        "Headline digest writer",
        "digest",
        "Digest:",
        Field("headlines", "Headlines", "City opens new library; Rail strike ends"),
        (Field("region", "Region", "local"),),
        "Write a neutral morning digest of the headlines below: one sentence per story, no opinions, no "
        "speculation beyond the headline, and a closing line pointing readers to the full articles.",
        "Digest:",
        ("City opens new library", "Rail strike ends", "Museum extends hours"),
    ),
    Topic(
        "garden_advice",
        "Gardening advice bot",
        "advice",
        "Advice:",
        Field("question", "Question", "Why are my tomato leaves yellow?"),
        (Field("climate", "Climate", "temperate"),),
        "You answer questions from amateur gardeners. Give the two most likely causes, how to check for each, "
        "and a gentle remedy. Prefer organic methods and say when a local expert should look at the plant.",
        "Garden Q:",
        ("Why are my tomato leaves yellow?", "When should I prune roses?", "How do I stop slugs?"),
    ),
)

MODELS_COMPLETION = ("j2-ultra", "j2-mid", "j2-light", "j2-grande-instruct", "j2-jumbo-instruct")
MODELS_CHAT = ("jamba-mini", "jamba-large", "jamba-instruct", "jamba-1.5-mini", "jamba-1.5-large")
DISCLOSURES = (
    "This text was generated by an AI model. Please review it before use.",
    "AI-generated content: it may contain mistakes.",
    "Written with the help of AI21 Studio (machine-generated).",
    "Note: this response is AI-generated and was not reviewed by a person.",
)


# --------------------------------------------------------------------------------------------------------------------
# Ordinary helper code that pads modules to a realistic size. Each entry: (imports, code).

HELPERS: Tuple[Tuple[Tuple[str, ...], str], ...] = (
    (
        ("import re", "import unicodedata"),
        '''
        def slugify(value: str, max_length: int = 60) -> str:
            """Lower-case ASCII slug for file names and URLs."""
            value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
            value = re.sub(r"[^\\w\\s-]", "", value).strip().lower()
            value = re.sub(r"[-\\s]+", "-", value)
            return value[:max_length].rstrip("-")
        ''',
    ),
    (
        (),
        """
        def truncate_words(text: str, limit: int = 50, suffix: str = "...") -> str:
            words = text.split()
            if len(words) <= limit:
                return text.strip()
            return " ".join(words[:limit]) + suffix
        """,
    ),
    (
        ("from itertools import islice", "from typing import Iterable, Iterator, List"),
        '''
        def chunked(items: Iterable, size: int) -> Iterator[List]:
            """Yield lists of at most `size` items."""
            if size < 1:
                raise ValueError("size must be positive")
            iterator = iter(items)
            while True:
                batch = list(islice(iterator, size))
                if not batch:
                    return
                yield batch
        ''',
    ),
    (
        ("import functools", "import logging", "import time"),
        '''
        def retry(times: int = 3, delay: float = 0.5, exceptions: tuple = (Exception,)):
            """Retry a flaky call with exponential backoff."""

            def decorator(func):
                @functools.wraps(func)
                def wrapper(*args, **kwargs):
                    wait = delay
                    for attempt in range(1, times + 1):
                        try:
                            return func(*args, **kwargs)
                        except exceptions as error:
                            if attempt == times:
                                raise
                            logging.getLogger(__name__).warning("attempt %d failed: %s", attempt, error)
                            time.sleep(wait)
                            wait *= 2
                    return None

                return wrapper

            return decorator
        ''',
    ),
    (
        ("import time", "from typing import Any, Dict, Optional, Tuple"),
        '''
        class TTLCache:
            """A tiny in-memory cache whose entries expire after `ttl` seconds."""

            def __init__(self, ttl: float = 300.0, max_items: int = 512) -> None:
                self.ttl = ttl
                self.max_items = max_items
                self._items: Dict[str, Tuple[float, Any]] = {}

            def get(self, key: str) -> Optional[Any]:
                entry = self._items.get(key)
                if entry is None:
                    return None
                stored_at, value = entry
                if time.monotonic() - stored_at > self.ttl:
                    del self._items[key]
                    return None
                return value

            def set(self, key: str, value: Any) -> None:
                if len(self._items) >= self.max_items:
                    oldest = min(self._items, key=lambda k: self._items[k][0])
                    del self._items[oldest]
                self._items[key] = (time.monotonic(), value)

            def clear(self) -> None:
                self._items.clear()
        ''',
    ),
    (
        ("import threading", "import time"),
        '''
        class RateLimiter:
            """Token bucket: at most `rate` calls per `per` seconds."""

            def __init__(self, rate: int = 10, per: float = 60.0) -> None:
                self.rate = rate
                self.per = per
                self.allowance = float(rate)
                self.last_check = time.monotonic()
                self._lock = threading.Lock()

            def allow(self) -> bool:
                with self._lock:
                    now = time.monotonic()
                    elapsed = now - self.last_check
                    self.last_check = now
                    self.allowance = min(self.rate, self.allowance + elapsed * (self.rate / self.per))
                    if self.allowance < 1.0:
                        return False
                    self.allowance -= 1.0
                    return True
        ''',
    ),
    (
        ("import logging", "import os"),
        """
        def setup_logging(level: str = "") -> logging.Logger:
            level = level or os.environ.get("LOG_LEVEL", "INFO")
            logging.basicConfig(
                level=getattr(logging, level.upper(), logging.INFO),
                format="%(asctime)s %(levelname)s %(name)s: %(message)s",
            )
            return logging.getLogger("app")
        """,
    ),
    (
        ("import re",),
        """
        _WHITESPACE = re.compile(r"\\s+")


        def normalise_whitespace(text: str) -> str:
            return _WHITESPACE.sub(" ", text or "").strip()
        """,
    ),
    (
        ("import json", "from pathlib import Path", "from typing import Iterable, List"),
        """
        def read_jsonl(path: str) -> List[dict]:
            rows = []
            file = Path(path)
            if not file.exists():
                return rows
            for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
                line = line.strip()
                if not line:
                    continue
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:
                    print(f"{path}:{number}: skipping a malformed line")
            return rows


        def append_jsonl(path: str, rows: Iterable[dict]) -> int:
            count = 0
            with open(path, "a", encoding="utf-8") as handle:
                for row in rows:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\\n")
                    count += 1
            return count
        """,
    ),
    (
        (),
        """
        def parse_bool(value, default: bool = False) -> bool:
            if value is None:
                return default
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on", "y"}:
                return True
            if text in {"0", "false", "no", "off", "n"}:
                return False
            return default
        """,
    ),
    (
        ("import re",),
        """
        EMAIL_PATTERN = re.compile(r"^[^@\\s]+@[^@\\s]+\\.[a-zA-Z]{2,}$")


        def is_valid_email(address: str) -> bool:
            return bool(address) and len(address) <= 254 and EMAIL_PATTERN.match(address) is not None
        """,
    ),
    (
        ("import hashlib",),
        '''
        def fingerprint(*parts: str) -> str:
            """Stable short hash of the inputs, for cache keys and de-duplication."""
            digest = hashlib.sha256()
            for part in parts:
                digest.update(part.encode("utf-8"))
                digest.update(b"\\x00")
            return digest.hexdigest()[:16]
        ''',
    ),
    (
        ("import time", "from contextlib import contextmanager"),
        """
        @contextmanager
        def timed(label: str, sink=print):
            start = time.perf_counter()
            try:
                yield
            finally:
                sink(f"{label} took {time.perf_counter() - start:.3f}s")
        """,
    ),
    (
        ("import math", "from typing import Any, Dict, Sequence"),
        """
        def paginate(items: Sequence, page: int = 1, per_page: int = 20) -> Dict[str, Any]:
            per_page = max(1, min(per_page, 100))
            pages = max(1, math.ceil(len(items) / per_page))
            page = max(1, min(page, pages))
            start = (page - 1) * per_page
            return {
                "items": list(items[start : start + per_page]),
                "page": page,
                "pages": pages,
                "total": len(items),
            }
        """,
    ),
    (
        ("import html",),
        """
        def to_html_paragraphs(text: str) -> str:
            paragraphs = [p.strip() for p in text.split("\\n\\n") if p.strip()]
            return "\\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        """,
    ),
    (
        ("import math",),
        """
        def reading_time(text: str, words_per_minute: int = 220) -> str:
            words = len(text.split())
            minutes = max(1, math.ceil(words / words_per_minute))
            return f"{minutes} min read"
        """,
    ),
    (
        ("from typing import Hashable, Iterable, List",),
        """
        def dedupe(items: Iterable[Hashable]) -> List[Hashable]:
            seen = set()
            unique = []
            for item in items:
                if item in seen:
                    continue
                seen.add(item)
                unique.append(item)
            return unique
        """,
    ),
    (
        ("from datetime import date, datetime, timezone", "from typing import Optional"),
        """
        def parse_date(value: str) -> Optional[date]:
            for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%B %d, %Y"):
                try:
                    return datetime.strptime(value.strip(), fmt).date()
                except ValueError:
                    continue
            return None


        def utc_now_iso() -> str:
            return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        """,
    ),
    (
        ("import re", "from collections import Counter", "from typing import List"),
        """
        STOPWORDS = frozenset(
            "a an and are as at be but by for from has have in is it of on or that the to was were will with".split()
        )


        def top_keywords(text: str, count: int = 5) -> List[str]:
            words = re.findall(r"[a-zA-Z][a-zA-Z'-]+", text.lower())
            counts = Counter(word for word in words if word not in STOPWORDS and len(word) > 2)
            return [word for word, _ in counts.most_common(count)]
        """,
    ),
    (
        ("import os",),
        """
        def env_int(name: str, default: int, minimum: int = 0) -> int:
            raw = os.environ.get(name)
            if raw is None or not raw.strip():
                return default
            try:
                value = int(raw)
            except ValueError:
                return default
            return max(minimum, value)
        """,
    ),
    (
        ("from dataclasses import asdict, dataclass, field", "from typing import Any, Dict, List"),
        """
        @dataclass
        class Job:
            job_id: str
            payload: Dict[str, Any]
            attempts: int = 0
            tags: List[str] = field(default_factory=list)

            def to_dict(self) -> Dict[str, Any]:
                return asdict(self)

            @classmethod
            def from_dict(cls, data: Dict[str, Any]) -> "Job":
                return cls(
                    job_id=str(data["job_id"]),
                    payload=dict(data.get("payload", {})),
                    attempts=int(data.get("attempts", 0)),
                    tags=list(data.get("tags", [])),
                )
        """,
    ),
    (
        ("import csv", "import io", "from typing import Dict, Iterable"),
        """
        def rows_to_csv(rows: Iterable[Dict[str, object]]) -> str:
            rows = list(rows)
            if not rows:
                return ""
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()), extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
            return buffer.getvalue()
        """,
    ),
    (
        ("import enum",),
        """
        class Status(enum.Enum):
            PENDING = "pending"
            RUNNING = "running"
            DONE = "done"
            FAILED = "failed"

            @property
            def finished(self) -> bool:
                return self in (Status.DONE, Status.FAILED)
        """,
    ),
    (
        ("import re",),
        """
        def safe_filename(name: str, default: str = "output") -> str:
            cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")
            return cleaned[:80] or default
        """,
    ),
    (
        ("import statistics", "from typing import Dict, List"),
        '''
        class LatencyTracker:
            """Keeps recent request latencies and reports simple statistics."""

            def __init__(self, window: int = 200) -> None:
                self.window = window
                self.samples: List[float] = []

            def record(self, seconds: float) -> None:
                self.samples.append(seconds)
                if len(self.samples) > self.window:
                    self.samples = self.samples[-self.window :]

            def summary(self) -> Dict[str, float]:
                if not self.samples:
                    return {"count": 0, "mean": 0.0, "p95": 0.0}
                ordered = sorted(self.samples)
                p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
                return {"count": len(ordered), "mean": statistics.mean(ordered), "p95": p95}
        ''',
    ),
    (
        ("import os", "from dataclasses import dataclass"),
        """
        @dataclass(frozen=True)
        class Settings:
            environment: str = "development"
            debug: bool = False
            request_timeout: float = 30.0
            max_input_chars: int = 4000

            @classmethod
            def from_env(cls) -> "Settings":
                return cls(
                    environment=os.environ.get("APP_ENV", "development"),
                    debug=os.environ.get("APP_DEBUG", "0") == "1",
                    request_timeout=float(os.environ.get("REQUEST_TIMEOUT", "30")),
                    max_input_chars=int(os.environ.get("MAX_INPUT_CHARS", "4000")),
                )
        """,
    ),
    (
        (),
        '''
        def clamp_text(text: str, max_chars: int = 4000) -> str:
            """Trim user input to a sane size before it goes anywhere."""
            text = (text or "").strip()
            if len(text) <= max_chars:
                return text
            cut = text.rfind(" ", 0, max_chars)
            return text[: cut if cut > 0 else max_chars]
        ''',
    ),
    (
        ("from typing import Dict, List",),
        """
        def group_by_first_letter(words: List[str]) -> Dict[str, List[str]]:
            groups: Dict[str, List[str]] = {}
            for word in sorted(words, key=str.lower):
                key = word[:1].upper() or "#"
                groups.setdefault(key, []).append(word)
            return groups
        """,
    ),
    (
        ("import random", "import string"),
        """
        def request_id(length: int = 12) -> str:
            alphabet = string.ascii_lowercase + string.digits
            return "".join(random.choice(alphabet) for _ in range(length))
        """,
    ),
)


SETTINGS_HELPER = next(i for i, (_, text) in enumerate(HELPERS) if "class Settings" in text)


# --------------------------------------------------------------------------------------------------------------------
# Modules


@dataclass
class Module:
    name: str  # dotted-free module name, without .py
    doc: str
    package: bool = False  # the app is a package: local imports are relative
    plain: Dict[int, Set[str]] = field(default_factory=lambda: {STDLIB: set(), THIRD_PARTY: set(), LOCAL: set()})
    froms: Dict[Tuple[int, str], Set[str]] = field(default_factory=dict)
    header: List[str] = field(default_factory=list)  # constants and setup right after the imports
    helpers: List[str] = field(default_factory=list)
    body: List[str] = field(default_factory=list)
    tail: Optional[str] = None  # the `if __name__ == "__main__":` block
    helper_indexes: Set[int] = field(default_factory=set)

    def imp(self, line: str, group: int = STDLIB) -> None:
        """Add an import statement (`import x`, `import x as y` or `from x import a, b`)."""
        if line.startswith("from "):
            module, names = line[5:].split(" import ")
            self.froms.setdefault((group, module), set()).update(n.strip() for n in names.split(","))
        else:
            self.plain[group].add(line)

    def local(self, module: str, *names: str) -> None:
        prefix = "." if self.package else ""
        if names:
            self.imp(f"from {prefix}{module} import {', '.join(names)}", LOCAL)
        elif self.package:
            self.imp(f"from . import {module}", LOCAL)
        else:
            self.imp(f"import {module}", LOCAL)

    def add_helper(self, index: int) -> None:
        imports, text = HELPERS[index]
        for line in imports:
            self.imp(line)
        self.helpers.append(textwrap.dedent(text).strip("\n"))
        self.helper_indexes.add(index)

    def line_count(self) -> int:
        return self.render().count("\n")

    def render(self) -> str:
        out = [f'"""{self.doc}"""', ""]
        for group in (STDLIB, THIRD_PARTY, LOCAL):
            lines = sorted(self.plain[group], key=lambda s: s.lower())
            lines += sorted(
                (
                    f"from {module} import {', '.join(sorted(names, key=str.lower))}"
                    for (g, module), names in self.froms.items()
                    if g == group
                ),
                key=lambda s: s.lower(),
            )
            if lines:
                out.extend(lines)
                out.append("")
        text = "\n".join(out).rstrip("\n") + "\n"
        blocks = []
        if self.header:
            blocks.append("\n".join(self.header))
        blocks.extend(self.helpers)
        blocks.extend(self.body)
        if self.tail:
            blocks.append(self.tail)
        if blocks:
            text += "\n\n" + "\n\n\n".join(blocks) + "\n"
        return text


# --------------------------------------------------------------------------------------------------------------------
# One app


@dataclass
class AppPlan:
    index: int
    topic: Topic
    sdk: str  # v1 | v2 | chat | rest | langchain
    build: str  # fstring | format | concat | plusequal | join | percent
    source: str  # inline | module | other_module | template_file
    framework: str  # flask | fastapi | streamlit | discord | cli
    sink: str  # respond | tweet | email | store
    disclose: bool
    report: bool
    wrapper: bool  # the completion call is in a `complete(prompt)` helper
    package: bool
    short_prompt: bool
    use_prompt_template: bool  # LangChain PromptTemplate chain
    modules: List[str]  # separate modules besides the entry point
    model: str

    @property
    def dirname(self) -> str:
        return f"app{self.index:03d}_{self.topic.slug}_{self.framework}"


def plan_app(index: int, rng: random.Random) -> AppPlan:
    topic = rng.choice(TOPICS)
    sdk = rng.choices(["v1", "v2", "chat", "rest", "langchain"], weights=[2, 4, 4, 2, 2])[0]
    framework = rng.choices(["flask", "fastapi", "streamlit", "discord", "cli"], weights=[4, 3, 2, 2, 4])[0]
    sink = rng.choices(["respond", "tweet", "email", "store"], weights=[6, 2, 2, 2])[0]
    if sink == "tweet" and topic.slug in ("support_reply", "meeting_summary", "code_explainer"):
        sink = "store"
    source = rng.choices(["inline", "module", "other_module", "template_file"], weights=[3, 4, 3, 2])[0]
    if source == "template_file":
        build = "format"
    else:
        build = rng.choices(
            ["fstring", "format", "concat", "plusequal", "join", "percent"], weights=[4, 3, 3, 2, 1, 1]
        )[0]
    use_prompt_template = sdk == "langchain" and build == "format" and rng.random() < 0.6
    # A `complete(prompt)` wrapper, or the SDK call written inline where the prompt is built.
    wrapper = not use_prompt_template and rng.random() < 0.75
    file_count = rng.choices([1, 2, 3, 4, 5, 6], weights=[2, 3, 4, 3, 2, 1])[0]
    # An inline call keeps the client next to it; a wrapper or a LangChain `llm` may live in a module of its own.
    candidates = ["llm", "utils", "config"] if wrapper or use_prompt_template else ["utils", "config"]
    if sink != "respond":
        candidates.insert(rng.randrange(len(candidates) + 1), "sink")
    if source == "other_module":
        candidates.insert(0, "prompts")
        file_count = max(file_count, 3)
    modules = (["service"] + candidates)[: max(0, file_count - 1)]
    if source == "other_module" and "prompts" not in modules:
        source = "module"
    model = rng.choice(MODELS_CHAT if sdk == "chat" else MODELS_COMPLETION)
    return AppPlan(
        index=index,
        topic=topic,
        sdk=sdk,
        build=build,
        source=source,
        framework=framework,
        sink=sink,
        disclose=rng.random() < 0.55,
        report=framework != "cli" and rng.random() < 0.4,
        wrapper=wrapper,
        package=2 <= len(modules) <= 4 and rng.random() < 0.3,
        short_prompt=rng.random() < 0.2,
        use_prompt_template=use_prompt_template,
        modules=modules,
        model=model,
    )


class AppBuilder:
    """Builds the modules of one app from its plan."""

    def __init__(self, plan: AppPlan, rng: random.Random) -> None:
        self.plan = plan
        self.rng = rng
        self.topic = plan.topic
        self.files: Dict[str, str] = {}  # relative path -> text
        self._rest_url = "API_URL"
        self.helper_pool: List[int] = []
        self.third_party: Set[str] = set()
        entry_name = {"flask": "app", "fastapi": "main", "streamlit": "streamlit_app", "discord": "bot", "cli": "cli"}
        self.entry = Module(entry_name[plan.framework], f"{self.topic.title}.", package=plan.package)
        self.mods: Dict[str, Module] = {"entry": self.entry}
        docs = {
            "service": f"{self.topic.title}: builds prompts and asks the model.",
            "llm": "Thin wrapper around the AI21 Studio client.",
            "prompts": "Prompt text used by the app.",
            "sink": "Delivery of the generated text.",
            "utils": "Small helpers shared by the app.",
            "config": "Configuration loaded from the environment.",
        }
        names = {
            "service": rng.choice(["service", "generator", "writer", self.topic.output]),
            "llm": rng.choice(["llm", "ai", "ai21_client", "completion"]),
            "prompts": rng.choice(["prompts", "prompt_text", "templates"]),
            "sink": {"tweet": "publisher", "email": "mailer", "store": "storage", "respond": "output"}[plan.sink],
            "utils": rng.choice(["utils", "helpers", "textutils", "common"]),
            "config": rng.choice(["config", "settings"]),
        }
        if names["service"] == self.entry.name:
            names["service"] = "service"
        for role in plan.modules:
            self.mods[role] = Module(names[role], docs[role], package=plan.package)
        self.verb = rng.choice(["write", "generate", "draft", "create", "make"])
        self.func = f"{self.verb}_{self.topic.output}"
        self.complete = rng.choice(["complete", "ask_model", "run_completion", "call_ai21", "generate_text"])
        fields = [self.topic.subject] + [f for f in self.topic.extras if rng.random() < 0.75]
        self.fields: List[Field] = fields

    def mod(self, role: str) -> Module:
        """The module that holds `role` (the entry point when the role has no module of its own)."""
        if role in self.mods:
            return self.mods[role]
        if role in ("llm", "prompts") and "service" in self.mods:
            return self.mods["service"]
        return self.entry

    def link(self, user: Module, role: str, *names: str) -> None:
        """Make `names` defined by the module holding `role` available in `user`."""
        owner = self.mod(role)
        if owner is not user:
            user.local(owner.name, *names)

    # -- prompt ------------------------------------------------------------------------------------------------------

    def instruction(self) -> str:
        return self.topic.short_instruction if self.plan.short_prompt else self.topic.instruction

    def build_prompt(self, fn: Module) -> List[str]:
        """Statements (indented for a function body) that assign `prompt`; constants go where the plan says."""
        plan, rng = self.plan, self.rng
        instruction = self.instruction()
        cue = self.topic.answer_cue
        holder = self.mod("prompts") if plan.source == "other_module" else fn
        attr_style = plan.source == "other_module" and rng.random() < 0.3
        prefix = f"{holder.name}." if attr_style else ""

        def constant(name: str, value: str) -> str:
            holder.header.append(f"{name} = {wrapped_literal(value, 0)}")
            if holder is not fn:
                if attr_style:
                    fn.local(holder.name)
                else:
                    fn.local(holder.name, name)
            return prefix + name

        inline = plan.source == "inline"
        field_lines = [(f.label, f.var) for f in self.fields]

        if plan.build == "format":
            template = instruction + "\n\n" + "".join(f"{label}: {{{var}}}\n" for label, var in field_lines) + cue
            args = ", ".join(f"{var}={var}" for _, var in field_lines)
            if plan.source == "template_file":
                folder = rng.choice(["prompts", "templates"])
                filename = f"{self.topic.output}.txt"
                base = "" if not plan.package else f"{self.entry_package()}/"
                self.files[f"{base}{folder}/{filename}"] = template + "\n"
                fn.imp("from pathlib import Path")
                if rng.random() < 0.5:
                    fn.header.append(f'TEMPLATE_PATH = Path(__file__).parent / "{folder}" / "{filename}"')
                    fn.header.append('PROMPT_TEMPLATE = TEMPLATE_PATH.read_text(encoding="utf-8")')
                else:
                    path = f'Path(__file__).parent / "{folder}" / "{filename}"'
                    fn.header.append(f'PROMPT_TEMPLATE = ({path}).read_text(encoding="utf-8")')
                name = "PROMPT_TEMPLATE"
            elif inline:
                return [f"    template = {wrapped_literal(template, 4)}", f"    prompt = template.format({args})"]
            else:
                name = constant("PROMPT_TEMPLATE", template)
            if plan.use_prompt_template:
                return [f"__TEMPLATE__{name}"]
            return [f"    prompt = {name}.format({args})"]

        if inline:
            # the literal sits inside brackets (indent 8) or starts a statement (indent 4)
            intro = wrapped_literal(instruction + "\n\n", 4 if plan.build in ("plusequal", "percent") else 8)
        else:
            intro = constant(rng.choice(["INSTRUCTIONS", "SYSTEM_TEXT", "PROMPT_INTRO", "BASE_PROMPT"]), instruction)
        if plan.build == "fstring":
            parts = "".join(f"{label}: {{{var}}}\\n" for label, var in field_lines)
            if inline:
                lines = ["    prompt = ("]
                lines.extend(f"        {chunk}" for chunk in literal_chunks(instruction + "\n\n", 8))
                for label, var in field_lines:
                    lines.append(f'        f"{label}: {{{var}}}\\n"')
                lines.append(f"        {py_str(cue)}")
                lines.append("    )")
                return lines
            return [f'    prompt = f"{{{intro}}}\\n\\n{parts}{cue}"']
        if plan.build in ("concat", "percent"):
            if plan.build == "percent":
                placeholders = "".join(f"{label}: %s\\n" for label, _ in field_lines)
                values = ", ".join(var for _, var in field_lines)
                sep = "" if inline else ' + "\\n\\n"'
                return [f'    prompt = {intro}{sep} + "{placeholders}{cue}" % ({values},)']
            pieces = [intro if inline else f'{intro} + "\\n\\n"']
            for label, var in field_lines:
                pieces.append(f'"{label}: " + {var} + "\\n"')
            pieces.append(py_str(cue))
            return ["    prompt = (", "        " + "\n        + ".join(pieces), "    )"]
        if plan.build == "plusequal":
            lines = [f"    prompt = {intro}" if inline else f'    prompt = {intro} + "\\n\\n"']
            for position, (label, var) in enumerate(field_lines):
                if position and rng.random() < 0.5:
                    lines.append(f"    if {var}:")
                    lines.append(f'        prompt += f"{label}: {{{var}}}\\n"')
                else:
                    lines.append(f'    prompt += f"{label}: {{{var}}}\\n"')
            lines.append(f"    prompt += {py_str(cue)}")
            return lines
        # join
        items = [wrapped_literal(instruction, 8) if inline else intro, '""']
        items += [f'f"{label}: {{{var}}}"' for label, var in field_lines]
        items.append(py_str(cue))
        return ["    lines = [", *(f"        {item}," for item in items), "    ]", '    prompt = "\\n".join(lines)']

    def entry_package(self) -> str:
        return f"{self.topic.slug}_app"

    # -- the completion call -----------------------------------------------------------------------------------------

    def sdk_setup(self, module: Module) -> None:
        """Client construction and constants for the completion call, in `module`."""
        plan, rng = self.plan, self.rng
        key_expr = rng.choice(
            ['os.environ["AI21_API_KEY"]', 'os.getenv("AI21_API_KEY")', 'os.environ.get("AI21_API_KEY", "")']
        )
        if plan.sdk != "langchain":  # LangChain's AI21 reads AI21_API_KEY itself
            module.imp("import os")
        if plan.sdk == "v1":
            alias = rng.random() < 0.2
            module.imp("import ai21 as studio" if alias else "import ai21", THIRD_PARTY)
            module.header.append(f"{'studio' if alias else 'ai21'}.api_key = {key_expr}")
            module.header.append(f'MODEL = "{plan.model}"')
        elif plan.sdk in ("v2", "chat"):
            alias = rng.random() < 0.2
            client_cls = "Client" if alias else "AI21Client"
            module.imp(f"from ai21 import AI21Client{' as Client' if alias else ''}", THIRD_PARTY)
            if plan.sdk == "chat":
                module.imp("from ai21.models.chat import ChatMessage", THIRD_PARTY)
                if rng.random() < 0.6:
                    system = f"You are the assistant behind {self.topic.title.lower()}, a small app. Be accurate."
                    module.header.append(f"SYSTEM_PROMPT = {wrapped_literal(system, 0)}")
            module.header.append(f"client = {client_cls}(api_key={key_expr})")
            module.header.append(f'MODEL = "{plan.model}"')
        elif plan.sdk == "rest":
            module.imp("import requests", THIRD_PARTY)
            style = rng.choice(["literal", "constant", "fstring"])
            if style == "constant":
                module.header.append(f'API_URL = "https://api.ai21.com/studio/v1/{plan.model}/complete"')
            elif style == "fstring":
                module.header.append(f'MODEL = "{plan.model}"')
                module.header.append('API_URL = f"https://api.ai21.com/studio/v1/{MODEL}/complete"')
            module.header.append(f"API_KEY = {key_expr}")
            self._rest_url = (
                f'"https://api.ai21.com/studio/v1/{plan.model}/complete"' if style == "literal" else "API_URL"
            )
        else:  # langchain
            alias = rng.random() < 0.3
            module.imp(f"from langchain_community.llms import AI21{' as AI21LLM' if alias else ''}", THIRD_PARTY)
            cls = "AI21LLM" if alias else "AI21"
            tokens = rng.choice([128, 200, 256, 400])
            module.header.append(
                f'llm = {cls}(model="{plan.model}", maxTokens={tokens}, temperature={rng.choice([0.3, 0.7, 0.9])})'
            )

    def sdk_call(self, prompt: str, indent: str = "    ") -> List[str]:
        """Statements that send `prompt` and return the generated text."""
        plan, rng = self.plan, self.rng
        tokens = rng.choice([120, 200, 256, 300, 400, 600])
        temperature = rng.choice([0.2, 0.5, 0.7, 0.8, 1.0])
        if plan.sdk == "v1":
            module = "studio" if "import ai21 as studio" in self.mod("llm").plain[THIRD_PARTY] else "ai21"
            lines = [
                f"response = {module}.Completion.execute(",
                "    model=MODEL,",
                f"    prompt={prompt},",
                f"    maxTokens={tokens},",
                f"    temperature={temperature},",
                '    stopSequences=["##"],',
                ")",
                'return response["completions"][0]["data"]["text"].strip()',
            ]
        elif plan.sdk == "v2":
            lines = [
                "response = client.completion.create("
                f"model=MODEL, prompt={prompt}, max_tokens={tokens}, temperature={temperature})",
                "return response.completions[0].data.text.strip()",
            ]
        elif plan.sdk == "chat":
            has_system = any(line.startswith("SYSTEM_PROMPT") for line in self.mod("llm").header)
            messages = ['ChatMessage(role="system", content=SYSTEM_PROMPT)'] if has_system else []
            messages.append(f'ChatMessage(role="user", content={prompt})')
            lines = [
                "response = client.chat.completions.create(",
                "    model=MODEL,",
                "    messages=[",
                *(f"        {m}," for m in messages),
                "    ],",
                f"    max_tokens={tokens},",
                ")",
                "return response.choices[0].message.content",
            ]
        elif plan.sdk == "rest":
            lines = [
                "resp = requests.post(",
                f"    {self._rest_url},",
                '    headers={"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"},',
                f'    json={{"prompt": {prompt}, "maxTokens": {tokens}, "temperature": {temperature}}},',
                "    timeout=30,",
                ")",
                "resp.raise_for_status()",
                'return resp.json()["completions"][0]["data"]["text"].strip()',
            ]
        else:
            lines = [f"return llm.invoke({prompt}).strip()"]
        return [indent + line for line in lines]

    # -- modules -----------------------------------------------------------------------------------------------------

    def make_llm(self) -> None:
        llm = self.mod("llm")
        self.sdk_setup(llm)
        if self.plan.wrapper:
            func = [f"def {self.complete}(prompt: str) -> str:"]
            if self.rng.random() < 0.3:
                func.append(
                    f'    """Send `prompt` to AI21 Studio ({self.plan.model}) and return the generated text."""'
                )
            llm.body.append("\n".join(func + self.sdk_call("prompt")))

    def make_service(self) -> None:
        plan, rng = self.plan, self.rng
        service = self.mod("service") if "service" in self.mods else self.entry
        params = ", ".join(
            [f"{self.topic.subject.var}: str"] + [f'{f.var}: str = "{f.default}"' for f in self.fields[1:]]
        )
        lines = [f"def {self.func}({params}) -> str:"]
        if rng.random() < 0.4:
            lines.append(f'    """Return a generated {self.topic.output.replace("_", " ")} for the given input."""')
        if rng.random() < 0.5:
            var = self.topic.subject.var
            lines.append(f"    {var} = {var}.strip()")
            lines.append(f"    if not {var}:")
            lines.append(f'        raise ValueError("{var} must not be empty")')
        prompt_lines = self.build_prompt(service)
        if prompt_lines[0].startswith("__TEMPLATE__"):
            name = prompt_lines[0][len("__TEMPLATE__") :]
            service.imp("from langchain_core.prompts import PromptTemplate", THIRD_PARTY)
            self.link(service, "llm", "llm")
            variables = ", ".join(f'"{f.var}"' for f in self.fields)
            if rng.random() < 0.5:
                service.header.append(f"prompt_template = PromptTemplate.from_template({name})")
            else:
                service.header.append(
                    f"prompt_template = PromptTemplate(template={name}, input_variables=[{variables}])"
                )
            service.header.append("chain = prompt_template | llm")
            payload = ", ".join(f'"{f.var}": {f.var}' for f in self.fields)
            lines.append(f"    return chain.invoke({{{payload}}}).strip()")
        else:
            lines.extend(prompt_lines)
            if plan.wrapper:
                self.link(service, "llm", self.complete)
                lines.append(f"    return {self.complete}(prompt)")
            else:
                if plan.sdk == "langchain":
                    self.link(service, "llm", "llm")
                lines.extend(self.sdk_call("prompt"))
        service.body.append("\n".join(lines))
        if service is not self.entry:
            self.link(self.entry, "service", self.func)

    def make_sink(self) -> Optional[str]:
        """The sink function's call expression template, or None when text is only returned."""
        plan, rng = self.plan, self.rng
        sink = self.mod("sink")
        if plan.sink == "tweet":
            sink.imp("import os")
            sink.imp("import tweepy", THIRD_PARTY)
            sink.body.append(
                code(
                    """
                    def twitter_client() -> tweepy.Client:
                        return tweepy.Client(
                            consumer_key=os.environ["X_API_KEY"],
                            consumer_secret=os.environ["X_API_SECRET"],
                            access_token=os.environ["X_ACCESS_TOKEN"],
                            access_token_secret=os.environ["X_ACCESS_SECRET"],
                        )


                    def post_update(text: str) -> str:
                        if len(text) > 280:
                            text = text[:277].rstrip() + "..."
                        client = twitter_client()
                        response = client.create_tweet(text=text)
                        return str(response.data["id"])
                    """
                )
            )
            name = "post_update"
        elif plan.sink == "email":
            sink.imp("import csv")
            sink.imp("import os")
            sink.imp("import smtplib")
            sink.imp("from email.message import EmailMessage")
            sink.header.append('SMTP_HOST = os.environ.get("SMTP_HOST", "smtp.example.com")')
            sink.header.append('SMTP_USER = os.environ.get("SMTP_USER", "newsletter@example.com")')
            sink.header.append(f'SUBJECT = "{self.topic.title}"')
            send = (
                "server.send_message(message)"
                if rng.random() < 0.6
                else "server.sendmail(SMTP_USER, [address], message.as_string())"
            )
            sink.body.append(
                code(
                    """
                    def load_recipients(path: str = "subscribers.csv") -> list:
                        with open(path, newline="", encoding="utf-8") as handle:
                            return [row["email"].strip() for row in csv.DictReader(handle) if row.get("email")]


                    def send_to_subscribers(body: str, recipients: list) -> int:
                        sent = 0
                        with smtplib.SMTP(SMTP_HOST, 587, timeout=30) as server:
                            server.starttls()
                            server.login(SMTP_USER, os.environ["SMTP_PASSWORD"])
                            for address in recipients:
                                message = EmailMessage()
                                message["Subject"] = SUBJECT
                                message["From"] = SMTP_USER
                                message["To"] = address
                                message.set_content(body)
                                $send
                                sent += 1
                        return sent
                    """,
                    send=send,
                )
            )
            name = "send_to_subscribers"
        elif plan.sink == "store":
            sink.imp("import os")
            sink.imp("import sqlite3")
            sink.imp("from datetime import datetime, timezone")
            sink.header.append('DB_PATH = os.environ.get("APP_DB", "results.sqlite3")')
            sink.body.append(
                code(
                    """
                    def connect() -> sqlite3.Connection:
                        conn = sqlite3.connect(DB_PATH)
                        conn.execute(
                            "CREATE TABLE IF NOT EXISTS results ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, subject TEXT, body TEXT, created_at TEXT)"
                        )
                        return conn


                    def save_result(subject: str, body: str) -> int:
                        with connect() as conn:
                            cursor = conn.execute(
                                "INSERT INTO results (subject, body, created_at) VALUES (?, ?, ?)",
                                (subject, body, datetime.now(timezone.utc).isoformat()),
                            )
                            return int(cursor.lastrowid)


                    def recent_results(limit: int = 20) -> list:
                        with connect() as conn:
                            rows = conn.execute(
                                "SELECT subject, body, created_at FROM results ORDER BY id DESC LIMIT ?", (limit,)
                            ).fetchall()
                        return [{"subject": s, "body": b, "created_at": c} for s, b, c in rows]
                    """
                )
            )
            name = "save_result"
        else:
            return None
        self.link(self.entry, "sink", *(["load_recipients", name] if plan.sink == "email" else [name]))
        return name

    def sink_statements(self, text: str, subject: str, indent: str) -> List[str]:
        plan = self.plan
        if plan.sink == "tweet":
            return [f"{indent}post_update({text})"]
        if plan.sink == "email":
            return [f"{indent}send_to_subscribers({text}, load_recipients())"]
        if plan.sink == "store":
            return [f"{indent}save_result({subject}, {text})"]
        return []

    def disclosure(self, module: Module) -> Optional[str]:
        if not self.plan.disclose:
            return None
        module.header.append(f"DISCLOSURE = {py_str(self.rng.choice(DISCLOSURES))}")
        return "DISCLOSURE"

    def make_entry(self) -> None:
        getattr(self, f"entry_{self.plan.framework}")()

    def entry_flask(self) -> None:
        e, t, rng = self.entry, self.topic, self.rng
        e.imp("from flask import Flask, jsonify, request", THIRD_PARTY)
        e.header.append("app = Flask(__name__)")
        notice = self.disclosure(e)
        self.make_sink()
        subject = t.subject.var
        lines = [
            f'@app.route("/api/{t.output}", methods=["POST"])',
            f"def {t.output}_endpoint():",
            "    payload = request.get_json(silent=True) or {}",
            f'    {subject} = str(payload.get("{subject}", "")).strip()',
            f"    if not {subject}:",
            f'        return jsonify({{"error": "{subject} is required"}}), 400',
        ]
        for f in self.fields[1:]:
            lines.append(f'    {f.var} = str(payload.get("{f.var}", "{f.default}"))')
        args = ", ".join(f.var for f in self.fields)
        lines.append(f"    text = {self.func}({args})")
        lines.extend(self.sink_statements("text", subject, "    "))
        result = f'{{"{t.output}": text' + (f', "notice": {notice}' if notice else "") + "}"
        lines.append(f"    return jsonify({result})")
        e.body.append('@app.get("/health")\ndef health():\n    return {"status": "ok"}')
        e.body.append("\n".join(lines))
        if self.plan.report:
            e.imp("import json")
            e.header.append('REPORTS_FILE = "reports.jsonl"')
            e.body.append(
                code(
                    """
                    @app.route("/report", methods=["POST"])
                    def report_output():
                        payload = request.get_json(silent=True) or {}
                        entry = {"text": payload.get("text", ""), "reason": payload.get("reason", "harmful")}
                        with open(REPORTS_FILE, "a", encoding="utf-8") as handle:
                            handle.write(json.dumps(entry) + "\\n")
                        return jsonify({"received": True}), 201
                    """
                )
            )
        port = rng.choice([5000, 8000, 8080])
        e.tail = f'if __name__ == "__main__":\n    app.run(host="127.0.0.1", port={port}, debug=False)'

    def entry_fastapi(self) -> None:
        e, t = self.entry, self.topic
        e.imp("from fastapi import FastAPI, HTTPException", THIRD_PARTY)
        e.imp("from pydantic import BaseModel", THIRD_PARTY)
        request_cls = "".join(part.title() for part in t.output.split("_")) + "Request"
        fields = [f"    {t.subject.var}: str"] + [f'    {f.var}: str = "{f.default}"' for f in self.fields[1:]]
        e.header.append(f'app = FastAPI(title="{t.title}")')
        notice = self.disclosure(e)
        self.make_sink()
        e.body.append(f"class {request_cls}(BaseModel):\n" + "\n".join(fields))
        is_async = self.rng.random() < 0.5
        subject = f"body.{t.subject.var}"
        lines = [
            f'@app.post("/{t.output}")',
            f"{'async ' if is_async else ''}def {t.output}_route(body: {request_cls}) -> dict:",
            f"    if not {subject}.strip():",
            f'        raise HTTPException(status_code=422, detail="{t.subject.var} is empty")',
            f"    text = {self.func}({', '.join('body.' + f.var for f in self.fields)})",
        ]
        lines.extend(self.sink_statements("text", subject, "    "))
        lines.append(f'    return {{"{t.output}": text' + (f', "disclaimer": {notice}' if notice else "") + "}")
        e.body.append("\n".join(lines))
        if self.plan.report:
            e.imp("from datetime import datetime, timezone")
            e.header.append("REPORTS: list = []")
            e.body.append(
                code(
                    """
                    class Report(BaseModel):
                        text: str
                        reason: str = "harmful or offensive"


                    @app.post("/report")
                    def report_output(item: Report) -> dict:
                        at = datetime.now(timezone.utc).isoformat()
                        REPORTS.append({"text": item.text, "reason": item.reason, "at": at})
                        return {"received": True, "open_reports": len(REPORTS)}
                    """
                )
            )

    def entry_streamlit(self) -> None:
        e, t = self.entry, self.topic
        e.imp("import streamlit as st", THIRD_PARTY)
        notice = self.disclosure(e)
        self.make_sink()
        lines = [f'st.set_page_config(page_title="{t.title}")', f'st.title("{t.title}")']
        lines.append(f'{t.subject.var} = st.text_area("{t.subject.label}", placeholder="{t.subject.default}")')
        for f in self.fields[1:]:
            if f.choices:
                lines.append(f'{f.var} = st.selectbox("{f.label}", {list(f.choices)!r})')
            else:
                lines.append(f'{f.var} = st.text_input("{f.label}", value="{f.default}")')
        lines.append("")
        lines.append('if st.button("Generate"):')
        lines.append('    with st.spinner("Writing..."):')
        lines.append(f"        text = {self.func}({', '.join(f.var for f in self.fields)})")
        lines.append('    st.session_state["last_text"] = text')
        lines.append("    st.markdown(text)")
        if notice:
            lines.append(f"    st.caption({notice})")
        if self.plan.sink != "respond":
            label = {"tweet": "Post to X", "email": "Email subscribers", "store": "Save"}[self.plan.sink]
            lines.append(f'    if st.button("{label}"):')
            lines.extend(self.sink_statements("text", t.subject.var, "        "))
            lines.append('        st.success("Done")')
        if self.plan.report:
            e.imp("import json")
            lines.append("")
            lines.append('if st.session_state.get("last_text") and st.button("Report this output as harmful"):')
            lines.append('    with open("reports.jsonl", "a", encoding="utf-8") as handle:')
            lines.append('        handle.write(json.dumps({"text": st.session_state["last_text"]}) + "\\n")')
            lines.append('    st.info("Thanks, the output was reported.")')
        e.tail = "\n".join(lines)

    def entry_discord(self) -> None:
        e, t = self.entry, self.topic
        e.imp("import os")
        e.imp("import discord", THIRD_PARTY)
        e.imp("from discord.ext import commands", THIRD_PARTY)
        e.header.extend(
            [
                "intents = discord.Intents.default()",
                "intents.message_content = True",
                'bot = commands.Bot(command_prefix="!", intents=intents)',
            ]
        )
        notice = self.disclosure(e)
        self.make_sink()
        reply = f'f"{{text}}\\n\\n_{{{notice}}}_"' if notice else "text[:2000]"
        lines = [
            f'@bot.command(name="{t.output.replace("_", "")}")',
            f"async def {t.output}_command(ctx: commands.Context, *, {t.subject.var}: str):",
            "    async with ctx.typing():",
            f"        text = {self.func}({t.subject.var})",
        ]
        lines.extend(self.sink_statements("text", t.subject.var, "    "))
        lines.append(f"    await ctx.reply({reply})")
        e.body.append("\n".join(lines))
        if self.plan.report:
            e.body.append(
                code(
                    """
                    @bot.command(name="report")
                    async def report_command(ctx: commands.Context, *, reason: str = "harmful output"):
                        channel = bot.get_channel(int(os.environ.get("MOD_CHANNEL_ID", "0")))
                        if channel is not None:
                            await channel.send(f"Report from {ctx.author}: {reason} ({ctx.message.jump_url})")
                        await ctx.reply("Thanks, a moderator will take a look.")
                    """
                )
            )
        e.body.append('@bot.event\nasync def on_ready():\n    print(f"logged in as {bot.user}")')
        e.tail = 'if __name__ == "__main__":\n    bot.run(os.environ["DISCORD_TOKEN"])'

    def entry_cli(self) -> None:
        e, t, rng = self.entry, self.topic, self.rng
        self.disclosure(e)
        self.make_sink()
        e.imp("import argparse")
        e.imp("import sys")
        e.imp("from typing import List, Optional")
        lines = [
            "def main(argv: Optional[List[str]] = None) -> int:",
            f'    parser = argparse.ArgumentParser(description="{t.title}")',
            f'    parser.add_argument("{t.subject.var}", help="{t.subject.label}")',
        ]
        for f in self.fields[1:]:
            lines.append(f'    parser.add_argument("--{f.var.replace("_", "-")}", default="{f.default}")')
        gated = self.plan.sink in ("tweet", "email") and rng.random() < 0.5
        if gated:
            lines.append('    parser.add_argument("--yes", action="store_true", help="send without asking")')
        lines.append("    args = parser.parse_args(argv)")
        lines.append(f"    text = {self.func}({', '.join('args.' + f.var for f in self.fields)})")
        lines.append("    print(text)")
        if self.plan.disclose:
            lines.append("    print(DISCLOSURE, file=sys.stderr)")
        if self.plan.sink != "respond":
            if gated:
                lines.append('    if not args.yes and input("Send it? [y/N] ").strip().lower() != "y":')
                lines.append("        return 1")
            lines.extend(self.sink_statements("text", f"args.{t.subject.var}", "    "))
        lines.append("    return 0")
        e.body.append("\n".join(lines))
        e.tail = 'if __name__ == "__main__":\n    sys.exit(main())'

    def make_config(self) -> None:
        if "config" in self.mods:
            self.mods["config"].add_helper(SETTINGS_HELPER)

    # -- padding and output ------------------------------------------------------------------------------------------

    def pad(self, module: Module) -> None:
        """Add ordinary helper code until the module reaches its target size (50-300 lines).

        Helpers come from one shuffled pool per app, so the modules of an app share none until it runs out.
        """
        target = int(self.rng.triangular(50, 300, 110))
        refills = 0
        while module.line_count() < target and refills < 2:
            if not self.helper_pool:
                self.helper_pool = list(range(len(HELPERS)))
                self.rng.shuffle(self.helper_pool)
                refills += 1
            index = self.helper_pool.pop()
            if index not in module.helper_indexes:
                module.add_helper(index)

    def build(self) -> Dict[str, str]:
        self.make_llm()
        self.make_service()
        self.make_entry()
        self.make_config()
        package_dir = f"{self.entry_package()}/" if self.plan.package else ""
        for module in self.mods.values():
            self.pad(module)
            self.files[f"{package_dir}{module.name}.py"] = module.render()
            for group, name in module.froms:
                if group == THIRD_PARTY:
                    self.third_party.add(name.split(".")[0])
            for line in module.plain[THIRD_PARTY]:
                self.third_party.add(line.split()[1].split(".")[0])
        if self.plan.package:
            self.files[f"{package_dir}__init__.py"] = (
                f'"""{self.topic.title}."""\n\n__version__ = "0.{self.plan.index % 10}.0"\n'
            )
        requirements = (
            ["ai21<2" if self.plan.sdk == "v1" else "ai21>=2.2"] if self.plan.sdk in ("v1", "v2", "chat") else []
        )
        requirements += sorted(REQUIREMENTS[name] for name in self.third_party if name in REQUIREMENTS)
        if self.plan.framework == "fastapi":
            requirements.append("uvicorn>=0.29")
        if self.plan.sdk == "langchain":
            requirements.append("langchain-ai21>=0.1")
        self.files["requirements.txt"] = "\n".join(dict.fromkeys(requirements)) + "\n"
        return self.files


def generate_app(index: int, seed: int) -> Tuple[str, Dict[str, str]]:
    """The directory name and the files (relative path -> text) of app number `index`."""
    rng = random.Random(f"ai21lint-bench-{seed}-{index}")
    plan = plan_app(index, rng)
    return plan.dirname, AppBuilder(plan, rng).build()


def generate(out_dir: Path, apps: int = 300, seed: int = 0) -> int:
    """Write `apps` apps under `out_dir`; return the number of Python files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    python_files = 0
    for index in range(apps):
        dirname, files = generate_app(index, seed)
        for relative, text in files.items():
            path = out_dir / dirname / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            python_files += relative.endswith(".py")
    return python_files


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate realistic AI21 Studio apps for benchmarking ai21lint.")
    parser.add_argument("out_dir", type=Path, help="directory to write the apps into")
    parser.add_argument("--apps", type=int, default=300, help="number of apps (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args()
    count = generate(args.out_dir, args.apps, args.seed)
    print(f"wrote {args.apps} apps ({count} Python files) to {args.out_dir}")


if __name__ == "__main__":
    main()
