"""Prohibited uses (guideline 1): phrases in developer-written prompt text that instruct the model to produce
prohibited content, by category, and the framings that make the same words legitimate (detecting, classifying,
moderating, refusing, educating). Data only; `rules.ais101_prohibited_content` reads it."""

from __future__ import annotations

import re

_MAKE = (
    r"(?:write|writes|writing|generate|generating|create|creating|compose|draft|produce|craft|make|come up with|"
    r"give me|invent|spin|churn out|pump out|mass[- ]produce)"
)

# category -> patterns over the lower-cased prompt text; each match is quoted in the message.
PROHIBITED: dict[str, tuple[str, ...]] = {
    "spam": (
        rf"{_MAKE}\b[^.?!\n]{{0,60}}\bspam\b",
        r"\bspam (?:emails?|messages?|comments?|texts?|blast)\b",
        r"\bunsolicited\b[^.?!\n]{0,30}\b(?:emails?|messages?|texts?|sms|dms?|calls?)\b",
        r"\b(?:avoid|bypass|evade|get past|slip past|trick|beat|dodge)\b[^.?!\n]{0,40}\bspam[- ]?filters?\b",
        r"\b(?:numbers?|emails?|addresses|contacts|leads?)\b[^.?!\n]{0,20}\b(?:we )?(?:bought|purchased|scraped|harvested)\b",
        r"\bmass (?:unsolicited )?(?:emails?|dms?|messages?) to (?:random|strangers|purchased|scraped)\b",
    ),
    "phishing": (
        r"\b(?:appears?|looks?|seems?|pretends?) (?:like it |to )?(?:comes?|came|be sent|is sent) from [\"'“‘]?[^\"'”’.?!\n]{0,40}"
        r"\b(?:paypal|bank|banking|account security|security team|support team|irs|hmrc|microsoft|apple|amazon|netflix|"
        r"fedex|dhl|ups|usps|post office|it department|helpdesk)\b",
        r"\b(?:appears?|looks?|seems?) (?:like it |to )?(?:comes?|came|be sent|is sent|are sent) from [\"'“‘]?[^.?!\n]{0,60}"
        r"\b(?:confirm|verify|update|re-?enter|validate|unlock)\b[^.?!\n]{0,30}\b(?:their|your|his|her) (?:identity|account|"
        r"details|information|login|payment|billing)\b",
        r"\bphishing (?:emails?|messages?|pages?|sites?|texts?|sms|campaigns?|lures?)\b",
        r"\b(?:looks?|appears?|seems?|pretends?) (?:like it |as if it |to )?(?:comes?|came|is|was|be|were) (?:sent )?from "
        r"(?:the recipient's|their|the|a|your|his|her) (?:bank|paypal|irs|hmrc|it department|microsoft|apple|amazon|"
        r"netflix|post office|courier)\b[^.?!\n]{0,160}\b(?:passwords?|card numbers?|card details|pins?|credentials|"
        r"login|account numbers?|security codes?|ssn|social security)\b",
        r"\b(?:ask|asks|asking|urge|urging|tell|telling|get|getting)\b[^.?!\n]{0,30}\b(?:confirm|verify|enter|re-?enter|"
        r"provide|send|type)\b[^.?!\n]{0,20}\b(?:their|your|his|her) (?:passwords?|card numbers?|pins?|credentials|"
        r"security codes?|ssn|social security numbers?)\b[^.?!\n]{0,40}\b(?:at|via|on|through|using) (?:the|this|a) "
        r"(?:link|url|page|site|form)\b",
        rf"{_MAKE}\b[^.?!\n]{{0,80}}\b(?:steal|harvest|capture|obtain|collect|trick[^.?!\n]{{0,30}}into (?:giving|entering|revealing|sharing))"
        r"[^.?!\n]{0,40}\b(?:passwords?|credentials|login|bank details|card numbers?|credit card|social security|ssn|pins?)\b",
        r"\b(?:pretend|pretending|posing|pose) (?:to be |as )(?:their|the|a|your) (?:bank|paypal|irs|hmrc|it department|"
        r"microsoft|apple|amazon)\b[^.?!\n]{0,80}\b(?:password|verify|login|account)",
    ),
    "fraud or scam": (
        rf"{_MAKE}\b[^.?!\n]{{0,60}}\b(?:scam|scams|con (?:message|email|letter)|advance[- ]fee|419)\b",
        r"\b(?:fake|forged|fraudulent) (?:invoices?|receipts?|documents?|pay ?stubs?|bank statements?|ids?|"
        r"diplomas?|certificates?|doctor'?s notes?)\b",
        r"\b(?:trick|deceive|defraud|swindle) (?:people|victims|elderly|seniors|customers|them|users) into\b",
        r"\b(?:pay|paid|payment)\b[^.?!\n]{0,25}\b(?:by|with|in|using|via) (?:gift ?cards?|itunes cards?|steam cards?|"
        r"google play cards?)\b",
        r"\bwill be (?:arrested|jailed|prosecuted|deported)\b[^.?!\n]{0,40}\bunless\b",
    ),
    "fake reviews or testimonials": (
        r"\bas if (?:they|it|these|the reviews?) (?:came|come|were|was|are) (?:written )?(?:from|by) (?:different |real |happy "
        r"|satisfied |genuine |actual |many |several )*(?:patients|customers|guests|clients|buyers|users|people|diners|"
        r"travell?ers|visitors|students|parents)\b",
        r"\b(?:reviews?|testimonials?|ratings?)\b[^.?!\n]{0,120}\bso (?:they|it|these) (?:look|looks|seem|seems|appear|appears|"
        r"read|reads|sound|sounds) (?:organic|authentic|genuine|real|natural|legit)\b",
        r"\bfake (?:customer |product |positive |negative |5[- ]star |five[- ]star )?(?:reviews?|testimonials?|ratings?|endorsements?)\b",
        rf"{_MAKE}\b[^.?!\n]{{0,60}}\breviews?\b[^.?!\n]{{0,60}}\b(?:as if|pretend(?:ing)?|posing as|as though) "
        r"(?:you (?:were|are) )?(?:a |an )?(?:real|verified|genuine|different|actual|satisfied) (?:customers?|buyers?|users?|people)",
        r"\b(?:reviews?|testimonials?) (?:from|by) (?:made[- ]up|fictional|invented|non-existent) (?:customers?|people|users?)\b",
        r"\bastroturf",
        r"\breviews?\b[^.?!\n]{0,120}\b(?:made[- ]up|fictional|fictitious|invented|imaginary|fake) (?:customers?|buyers?|"
        r"reviewers?|people|names?|personas?)\b",
        r"\b(?:read|look|sound|appear|pass) (?:like|as) (?:they came from )?(?:real|genuine|verified|authentic|actual) "
        r"(?:customers?|buyers?|reviews?|users?|people|testimonials?)\b",
        r"\b(?:invent|invents|inventing|fabricate|fabricating|make up|made[- ]up|fictional|fictitious|fake)\b"
        r"[^.?!\n]{0,40}\b(?:testimonials?|endorsements?|customer quotes?)\b",
        r"\btestimonials?\b[^.?!\n]{0,120}\b(?:as|like|pass (?:as|for)) (?:if they were )?(?:genuine|real|authentic|"
        r"actual|verified) (?:quotes?|customers?|testimonials?|reviews?)\b",
    ),
    "impersonation": (
        r"\bimpersonat(?:e|ing|ion of)\b",
        r"\b(?:pretend|pretending|posing|pose) (?:to be|as) (?:the |a |an |your )?(?:real person|human|irs|hmrc|fbi|police|"
        r"government(?: official)?|tax (?:office|authority|agency)|social security administration|ceo|president|"
        r"irs agent|bank employee|bank)\b",
        rf"{_MAKE}\b[^.?!\n]{{0,40}}\b(?:as if (?:it was|it were) (?:written|sent|said) by|in the name of) "
        r"(?:[A-Z][a-z]+ [A-Z][a-z]+|the ceo|the president|a celebrity|a politician)",
    ),
    "harassment or intimidation": (
        r"\bI know where (?:you|she|he|they) (?:live|lives|work|works|park|parks)\b",
        r"\bharass(?:ing|ment)? (?:messages?|emails?|texts?|comments?|posts?)\b",
        rf"{_MAKE}\b[^.?!\n]{{0,60}}\b(?:threat(?:s|ening)?|intimidat\w*|insult(?:s|ing)?|humiliat\w*|bull(?:y|ying)|"
        r"degrading|abusive|menacing)\b[^.?!\n]{0,40}\b(?:messages?|emails?|letters?|texts?|comments?|notes?|reply|replies|posts?)\b",
        r"\b(?:harass|intimidate|bully|threaten|humiliate|torment|stalk) (?:him|her|them|the (?:user|person|target|victim|ex|tenant|employee|reviewer))\b",
    ),
    "hate speech": (
        r"\b(?:portray|portrays|portraying|depict|depicts|depicting|describe|describes|describing|call|calls|calling|"
        r"show|shows|showing|paint|paints|painting)\b[^.?!\n]{0,60}\bas (?:filthy |dirty |disgusting |diseased )?"
        r"(?:vermin|subhuman|sub-human|parasites|cockroaches|rats|savages|animals|a disease|an infestation)\b",
        r"\b(?:vermin|subhuman|sub-human|parasites|cockroaches|savages|infestation|filthy animals)\b[^.?!\n]{0,60}"
        r"\b(?:immigrants|refugees|migrants|muslims|jews|blacks|gays|mexicans|asians|foreigners|women|christians|roma)\b",
        r"\b(?:immigrants|refugees|migrants|muslims|jews|blacks|gays|mexicans|asians|foreigners|women|christians|roma)\b"
        r"[^.?!\n]{0,60}\b(?:vermin|subhuman|sub-human|parasites|cockroaches|savages|an infestation|filthy)\b",
        r"\bhate speech\b(?! (?:detect|classif|filter|moderat))",
        rf"{_MAKE}\b[^.?!\n]{{0,60}}\b(?:racist|sexist|homophobic|transphobic|antisemitic|islamophobic|xenophobic|"
        r"bigoted|hateful|dehumani[sz]ing)\b",
        r"\b(?:slurs?|epithets?) (?:about|against|for|targeting)\b",
        r"\bwhy (?:[a-z]+ )?(?:people|immigrants|women|jews|muslims|christians|blacks|gays) are (?:inferior|subhuman|vermin)\b",
    ),
    "misinformation": (
        r"\b(?:make up|makes up|making up|invent|inventing|fabricate|fabricating)\b[^.?!\n]{0,30}\b(?:quotes?|sources?|"
        r"witnesses|statistics|evidence)\b",
        r"\bso (?:it|the story|the article|the post) (?:reads|looks|sounds|comes across) (?:as|like) (?:confirmed|real|true|"
        r"genuine|official|verified)\b",
        r"\beven though (?:it|this|that|they|the \w+) (?:is|are|was|were|has|have|does|did)(?:n't| not)\b",
        r"\beven though (?:it|this|that|they|the \w+) (?:is|are|was|were|has|have)(?:n't| not)(?: been)? (?:true|confirmed|"
        r"real|proven|verified|approved|happened|the case)\b",
        r"\b(?:claim|claims|claiming|say|says|saying|state|states|present|presenting|report|reporting)\b[^.?!\n]{0,60}"
        r"\b(?:is|was|are|were|has been) (?:confirmed|proven|verified|approved|official)\b[^.?!\n]{0,40}\b(?:although|"
        r"though|despite|but it isn't|but it is not)\b",
        r"\bfake news\b",
        r"\b(?:misinformation|disinformation|propaganda)\b",
        rf"{_MAKE}\b[^.?!\n]{{0,80}}\b(?:false|fabricated|made[- ]up|fake|bogus|untrue|misleading)\b[^.?!\n]{{0,30}}"
        r"\b(?:news|stories|story|articles?|claims?|statistics|quotes?|studies|reports?|headlines?|facts?)\b",
        r"\b(?:vaccines? cause autism|the earth is flat|the election was stolen|climate change is a hoax|5g causes)\b",
        r"\bconspiracy (?:theory )?(?:articles?|posts?|content)\b",
    ),
    "self-harm promotion": (
        r"\b(?:prais\w*|encourag\w*|celebrat\w*|promot\w*|glamori[sz]\w*|reward\w*)\b[^.?!\n]{0,40}\b(?:skipping meals|"
        r"not eating|starv\w*|purging|fasting for days|cutting (?:yourself|themselves|herself|himself))\b",
        r"\b(?:encourage|encourages|encouraging|promote|promotes|promoting|glorif\w*|romantici[sz]\w*|praise)\b"
        r"[^.?!\n]{0,40}\b(?:self[- ]harm|suicide|cutting|anorexia|bulimia|starving (?:yourself|oneself)|eating disorders?)\b",
        r"\bpro[- ]ana\b",
        r"\b(?:methods|ways|how) to (?:kill|hurt|harm|starve) (?:yourself|myself|oneself)\b",
    ),
    "violence": (
        r"\b(?:gunman|shooter|attacker|bomber|killer|terrorist|massacre|shooting|rampage)\b[^.?!\n]{0,60}\b(?:as a |a )?"
        r"(?:hero|heroic|martyr|brave|legend|legendary|icon|celebrat\w*|prais\w*|glorif\w*|admir\w*)\b",
        r"\b(?:hero|heroic|martyr|legend|celebrat\w*|prais\w*|glorif\w*|admir\w*)\b[^.?!\n]{0,60}\b(?:gunman|shooter|"
        r"attacker|bomber|killer|massacre|rampage)\b",
        r"\b(?:glorif\w*|celebrat\w*|prais\w*|romantici[sz]\w*)\b[^.?!\n]{0,40}\b(?:massacres?|mass shootings?|shooters?|"
        r"terrorist attacks?|terrorists?|genocide|school shootings?|bombings?|violence)\b",
        r"\b(?:incite|inciting|incitement to|call(?:s|ing)? for|urge (?:people|readers|followers) to)\b[^.?!\n]{0,30}"
        r"\b(?:violence|attacks?|riots?|killing|lynch\w*|kill)\b",
        r"\b(?:how to|instructions (?:for|to)) (?:build|make|assemble) (?:a |an )?(?:bomb|pipe bomb|explosive|ghost gun)\b",
    ),
    "gambling promotion": (
        r"\b(?:urg(?:e|es|ing)|push(?:es|ing)?|convinc\w*|persuad\w*|get(?:ting)?|entic\w*) (?:readers|people|users|players|"
        r"followers|viewers|subscribers|them|members|fans)\b[^.?!\n]{0,40}\bto\b[^.?!\n]{0,60}\b(?:gambl\w*|bet|bets|"
        r"betting|casinos?|slots?|spin(?:ning)?|wager\w*|jackpots?|deposit\w*)\b",
        r"\bkeep (?:spinning|betting|gambling|playing the slots|wagering)\b",
        r"\b(?:promote|promoting|promotion for|advertise|advertising|advertisement for|ad copy for|marketing copy for|"
        r"encourag(?:e|es|ing) (?:people|users|readers|players|viewers|followers|subscribers) to)\b[^.?!\n]{0,80}"
        r"\b(?:gambling|gamble|betting|bets?|casinos?|sports ?book|slots?|poker sites?|wagers?|roulette|jackpots?)\b",
        r"\b(?:casino|betting|gambling|sportsbook) (?:bonus|promo|promotion|advert|ad|ads|campaign|sign[- ]?up offer)s?\b",
    ),
    "sexual content involving minors": (
        r"\b(?:sexual|sexually|erotic|explicit|nsfw|sexy|lewd|nude)\b[^.?!\n]{0,60}\b(?:minors?|child|children|kids?|"
        r"underage|teen(?:ager)?s?|schoolgirls?|schoolboys?|1[0-7][- ]year[- ]olds?)\b",
        r"\b(?:minors?|child|children|kids?|underage|1[0-7][- ]year[- ]olds?)\b[^.?!\n]{0,40}\b(?:sexual|erotic|explicit|"
        r"nsfw|lewd|nude)\b",
    ),
    "copyrighted works": (
        r"\b(?:chapter|chapters|book|novel|song|lyrics|script|screenplay|article|poem|episode)\b[^.?!\n]{0,100}\b(?:word for "
        r"word|verbatim|in its entirety|in full)\b",
        r"\b(?:word for word|verbatim|in its entirety)\b[^.?!\n]{0,100}\b(?:chapter|chapters|book|novel|song|lyrics|script|"
        r"screenplay|article|poem|episode)\b",
        r"\b(?:full|complete|entire|whole|all the|verbatim|exact) (?:song )?lyrics\b",
        r"\b(?:reproduce|reprint|recite|transcribe|copy|output|print|type out|write out)\b[^.?!\n]{0,40}\b(?:word for word|"
        r"verbatim|in full|the (?:full|entire|complete|whole) (?:text|chapter|book|novel|script|article|song|poem))\b",
        r"\b(?:the (?:full|entire|complete|whole) (?:text|chapter|book|novel|script|screenplay) of)\b",
    ),
}

# Framings that make the words legitimate: the model is asked to recognise, judge, filter or explain such content.
# Checked in the sentence of the match and the sentence before it.
LEGITIMATE_FRAMING = re.compile(
    r"\b(?:detect|detecting|detection|classif\w*|identify|identifying|is (?:this|it|the following)|whether|"
    r"determine if|decide if|check (?:if|whether)|label|labell?ing|moderat\w*|filter(?:s|ing)? (?:out|for)|flag\w*|"
    r"screen(?:s|ing)? for|spot|recogni[sz]e|explain|educate|training material|warn|awareness|protect (?:against|from)|"
    r"report(?:ed)? (?:as|for)|rate how|score how|likelihood|probability|risk that|analy[sz]e|review (?:the|this|for)|"
    r"genuine or fake|real or fake|true or false|fact[- ]check\w*|debunk\w*|counter)\b",
    re.IGNORECASE,
)
# Refusals count only just before the phrase they refuse: "never write spam", "do not produce fake reviews".
REFUSAL_BEFORE = re.compile(
    r"\b(?:never|not|don't|do not|must not|mustn't|should not|shouldn't|refuse to|decline to|won't|avoid|without|no)\b"
    r"[^.?!\n]{0,30}$",
    re.IGNORECASE,
)

COMPILED: dict[str, tuple[re.Pattern[str], ...]] = {
    category: tuple(re.compile(p, re.IGNORECASE) for p in patterns) for category, patterns in PROHIBITED.items()
}
