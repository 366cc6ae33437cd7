"""Protected characteristics (guidelines 4 and 5): the vocabulary, and how to find it in prompt text and in the names
of the fields a prompt interpolates. Data, plus the small matchers that read it. Extensible in config
(`protected-characteristics`)."""

from __future__ import annotations

import re
from typing import Iterable

# characteristic -> the words and identifier phrases that name it (lower case, words separated by spaces)
PROTECTED: dict[str, tuple[str, ...]] = {
    "race": ("race", "racial", "races"),
    "ethnicity": ("ethnicity", "ethnic", "ethnic origin", "ethnic background"),
    "colour": ("skin colour", "skin color", "skin tone"),
    "national origin": (
        "national origin",
        "nationality",
        "country of origin",
        "citizenship",
        "immigration status",
        "birth country",
        "country of birth",
        "ancestry",
        "heritage",
        "family comes from",
        "immigrant",
    ),
    "religion": (
        "religion",
        "religious",
        "faith",
        "religious belief",
        "religious beliefs",
        "churchgoer",
        "churchgoing",
        "atheist",
    ),
    "sex": ("sex", "male or female", "female or male", "man or woman", "woman or man"),
    "gender": ("gender", "genders"),
    "gender identity": ("gender identity", "transgender", "non binary", "nonbinary"),
    "sexual orientation": (
        "sexual orientation",
        "sexuality",
        "orientation",
        "gay",
        "lesbian",
        "bisexual",
        "lgbt",
        "lgbtq",
        "homosexual",
        "heterosexual",
    ),
    "age": (
        "age",
        "ages",
        "date of birth",
        "dob",
        "birth date",
        "birthdate",
        "birthday",
        "birth year",
        "year of birth",
        "years old",
        "how old",
    ),
    "disability": ("disability", "disabilities", "disabled", "handicap", "impairment", "wheelchair"),
    "health": (
        "health",
        "health status",
        "medical",
        "medical history",
        "medical condition",
        "diagnosis",
        "diagnoses",
        "illness",
        "medication",
        "medications",
        "mental health",
        "chronic condition",
        "health condition",
        "hiv",
        "cancer",
        "diabetes",
        "depression",
    ),
    "genetic data": ("genetic", "genetics", "dna", "genome", "genotype"),
    "pregnancy": ("pregnancy", "pregnant", "maternity", "expecting a baby", "expecting a child"),
    "marital or family status": (
        "marital status",
        "marital",
        "married",
        "spouse",
        "number of children",
        "family status",
        "dependents",
        "children count",
    ),
    "political views": (
        "political",
        "politics",
        "political views",
        "political party",
        "party affiliation",
        "political affiliation",
        "voting",
    ),
    "union membership": ("union membership", "union member", "trade union", "labor union", "labour union"),
    "veteran status": ("veteran", "veteran status", "military service"),
}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def words_of(text: str) -> str:
    """`dateOfBirth`, `date_of_birth`, `applicant["date-of-birth"]` -> " date of birth " (space-delimited words)."""
    return " " + " ".join(_NON_WORD.split(_CAMEL.sub(" ", text).lower())).strip() + " "


def _term_index(extra: Iterable[str] = ()) -> list[tuple[str, str]]:
    terms = [(f" {term} ", name) for name, spellings in PROTECTED.items() for term in spellings]
    terms += [(f" {words_of(term).strip()} ", words_of(term).strip()) for term in extra]
    return sorted(terms, key=lambda pair: -len(pair[0]))


_DEFAULT_TERMS = _term_index()


def characteristics_in(text: str, extra: Iterable[str] = ()) -> list[str]:
    """The protected characteristics named in `text` (prose or an identifier), in order, without repeats."""
    terms = _term_index(extra) if extra else _DEFAULT_TERMS
    words = words_of(text)
    found: list[str] = []
    for term, name in terms:
        if term in words and name not in found:
            found.append(name)
    return found


# Profiling (AIS501): a sentence of the prompt that asks to infer something about a person.
INFER_VERBS = re.compile(
    r"\b(?:classify|categori[sz]e|infer|guess|predict|determine|detect|identify|estimate|deduce|figure out|work out|"
    r"tell (?:me|us)|judge|assess|label|profile|rate|flag|spot|pick up on|find out)\b",
    re.IGNORECASE,
)
PERSON_WORDS = re.compile(
    r"\b(?:person|people|persons|user|users|author|authors|writer|speaker|applicant|applicants|candidate|candidates|"
    r"customer|customers|client|clients|employee|employees|patient|patients|individual|individuals|member|members|"
    r"student|students|tenant|tenants|someone|somebody|he|she|him|her|his|hers|their|they|them|name|names|surname|"
    r"profile|profiles|caller|visitor|visitors|follower|followers|voter|voters|account holder|worker|workers|"
    r"borrower|borrowers|buyer|buyers|lead|leads|resident|residents|guest|guests)\b",
    re.IGNORECASE,
)
INFERENCE_SOURCE = re.compile(
    r"\b(?:based on|from|using|given|judging by)\s+(?:their|the|his|her|this|these|each|a)?\s*(?:person's|user's|"
    r"author's|customer's|applicant's|candidate's)?\s*(?:name|names|surname|photo|photos|picture|pictures|face|"
    r"faces|voice|accent|posts|tweets|writing|handwriting|profile|profiles|selfie|appearance|social media|bio)\b",
    re.IGNORECASE,
)
# "What are the author's political views?": a question about a person's characteristic.
PERSON_QUESTION = re.compile(
    r"\bwhat (?:is|are|would be|might be)\b|\bis (?:he|she|this person|the (?:user|author))\b", re.IGNORECASE
)
# The thing classified is content, not a person: "Classify whether this comment is hate speech".
CONTENT_OBJECT = re.compile(
    r"\b(?:classify|categori[sz]e|label|detect|identify|determine|assess|rate|flag|check)\s+(?:whether |if |the |this |"
    r"each |these |every |a |an |its )*(?:[\w-]+\s+){0,2}(?:comments?|posts?|messages?|texts?|reviews?|tweets?|emails?|"
    r"content|articles?|documents?|passages?|replies|reply|chats?|transcripts?|images?|captions?)\b|"
    r"\b(?:hate speech|harass\w*|slurs?|toxic\w*|abusive|offensive|discriminat\w*)\b",
    re.IGNORECASE,
)
TOPIC_WORDS = re.compile(
    r"\b(?:article|articles|document|documents|news|story|stories|headline|headlines|topic|topics|category|"
    r"categories|genre|subject|subjects|paper|papers|book|books|essay|section|literature|study|studies)\b",
    re.IGNORECASE,
)

# Automated decisions (AIS401): what deciding looks like in names of functions, fields and results.
DECISION_ACTION = re.compile(
    r"approv|(?<![a-z])den(?:y|ied|ial)|reject|declin|hire|hiring|shortlist|(?<![a-z])fire(?![a-z]*(?:base|store|wall))|"
    r"terminat|(?<![a-z])ban(?:ned|s)?(?![a-z])|suspend|block|grant|admit|admission|eligib|qualif|disqualif|"
    r"premium|underwrit|(?<![a-z])price|pricing|set_rate|interest_rate|credit_limit|accept_applica|waitlist|"
    r"offer_(?:job|position|place)|enrol",
    re.IGNORECASE,
)
DECISION_FIELD = re.compile(
    r"^(?:.*_)?(?:decision|decisions|status|outcome|verdict|approved|approval|eligible|eligibility|hired|hire|"
    r"shortlisted|admitted|accepted|rejected|premium|price|rate|risk_tier|tier|credit_limit|limit|score_band|"
    r"recommendation|result)$",
    re.IGNORECASE,
)
DECIDING_FUNCTION = re.compile(
    r"screen|eligib|underwrit|(?<![a-z])assess_(?:applica|candidate|tenant|claim|borrower|student)|"
    r"evaluate_(?:applica|candidate|tenant|claim|borrower|student)|(?<![a-z])decide|decision|approve|qualif|"
    r"triage_(?:applica|candidate|patient)|vet_(?:applica|candidate|tenant)|score_(?:applica|candidate|tenant|"
    r"borrower)|rank_(?:applica|candidate)",
    re.IGNORECASE,
)
# A decision that goes to a person instead: a reviewer queue, a pending status.
REVIEW_ROUTE = re.compile(r"review|reviewer|pending|escalat|human|manual|moderator|queue_for", re.IGNORECASE)

# Records that are documents, not people: storing a "religion" label on them is topic classification.
DOCUMENT_RECORDS = re.compile(
    r"(?:article|document|doc|post|news|story|item|ticket|message|email|page|paper|book|video|product|listing|"
    r"comment|tweet|thread|topic|category|chunk|passage|entry|character|persona|npc|hero|protagonist|villain)s?$",
    re.IGNORECASE,
)
