"""Data tables for attribution: cue verbs and phrases, speaker nouns, kind keywords. No code paths.

Extraction and speaker normalisation read these tables; adding a cue or a keyword is a one-line
change here, never a new branch in the rules.
"""

from __future__ import annotations

# Cue verb lemma -> what the cue does. The kinds are informative (shown to the desk, used by
# stance later); every lemma listed here opens an attribution.
_CUE_GROUPS: dict[str, str] = {
    "speech": (
        "say tell add state explain note report announce write tweet post comment remark reply "
        "respond answer mention describe declare reveal disclose recall continue testify "
        "quote cite brief inform indicate point observe stress emphasize emphasise underline "
        "repeat reiterate echo caution warn predict estimate calculate argue contend insist "
        "maintain assert suggest propose recommend urge ask question wonder complain lament "
        "boast joke quip conclude summarize acknowledge admit concede explain detail outline "
        "characterize characterise call label dub term put read show find"
    ),
    "belief": (
        "believe think feel consider suspect assume expect hope fear worry doubt know see "
        "view reckon guess understand imagine trust"
    ),
    "denial": "deny dismiss reject refute dispute contradict disavow rebut deride",
    "confirmation": "confirm verify affirm corroborate agree",
    "claim": "claim allege accuse charge blame say",
    "refusal": "decline refuse",
    "evaluation": (
        "criticize criticise praise condemn denounce blast slam defend applaud welcome "
        "endorse support back oppose hail mock"
    ),
    "intention": "want plan promise pledge vow intend vow threaten demand seek",
}

CUE_VERBS: dict[str, str] = {}
for _kind, _words in _CUE_GROUPS.items():
    for _word in _words.split():
        CUE_VERBS.setdefault(_word, _kind)

# Cue verbs that take their content as an object noun phrase ("dismissed the claims") or a
# to-infinitive ("declined to comment"), not only as a clause.
OBJECT_CUES: frozenset[str] = frozenset(
    "deny dismiss reject refute dispute contradict criticize criticise praise condemn denounce "
    "blast slam defend applaud welcome endorse support back oppose hail mock claim "
    "confirm acknowledge admit announce accuse blame describe want plan promise pledge vow "
    "seek demand decline refuse threaten urge ask call propose recommend predict reveal "
    "question cite mention".split()
)

# Cue verbs whose content may be a prepositional object: "called for", "focused on".
PREPOSITION_CUES: dict[str, tuple[str, ...]] = {
    "call": ("for", "on"),
    "claim": ("for",),
    "focus": ("on",),
    "talk": ("about",),
    "speak": ("about", "of"),
    "complain": ("about", "of"),
    "warn": ("of", "about", "against"),
    "worry": ("about",),
    "comment": ("on",),
    "insist": ("on",),
    "push": ("for",),
    "argue": ("for", "against"),
    "point": ("to",),
    "refer": ("to",),
    "hint": ("at",),
    "agree": ("with", "on"),
}
for _lemma in ("focus", "talk", "speak", "push", "refer", "hint"):
    CUE_VERBS.setdefault(_lemma, "speech")

# Cue verbs so common outside attribution that they need a clause (not an object) as content.
CLAUSE_ONLY_CUES: frozenset[str] = frozenset("see know find show read put feel understand".split())

# Objects that make a verb no cue however it scores: "requested anonymity" says nothing.
NOT_CONTENT_OBJECTS: frozenset[str] = frozenset("anonymity".split())

# Prepositional cue phrases whose object is the source: "according to the ministry, ...".
SOURCE_PHRASES: dict[str, str] = {"according": "to"}

# Opening a direct quote and closing it: curly and straight marks.
OPENING_QUOTES = "\u201c\u00ab\u201e"
CLOSING_QUOTES = "\u201d\u00bb"
STRAIGHT_QUOTE = '"'

# Nouns that denote a person speaking (singular) or people (plural), by lemma.
PERSON_NOUNS: frozenset[str] = frozenset(
    "official spokesman spokeswoman spokesperson minister leader commander officer source "
    "witness resident analyst expert diplomat aide president senator governor mayor general "
    "chief director secretary lawyer attorney judge researcher professor scientist economist "
    "survivor villager doctor journalist reporter activist candidate lawmaker legislator "
    "representative ambassador envoy negotiator militant insurgent rebel fighter soldier "
    "policeman man woman person member adviser advisor strategist pollster voter supporter "
    "critic chairman chairwoman founder executive manager worker student teacher author "
    "authority people eyewitness".split()
)

# Nouns that denote an organisation or a document speaking ("It added" refers to these).
ORGANISATION_NOUNS: frozenset[str] = frozenset(
    "statement ministry army military government newspaper paper agency group report "
    "organization organisation department office committee council campaign party "
    "commission police force company study survey poll court administration outlet network "
    "channel station magazine website service agency bureau union movement coalition".split()
)

# Abbreviated titles before a name: their full stop ends no sentence ("Pres. Obama said ...").
ABBREVIATED_TITLES: tuple[str, ...] = tuple(
    "Mr Mrs Ms Dr Prof Rev Hon Sen Sens Rep Reps Gov Govs Pres Gen Lt Col Maj Capt Cmdr Adm Sgt "
    "Cpl Amb Atty Supt Insp Fr".split()
)

# Titles dropped when making a canonical name ("Mr. Trump" -> "Trump").
TITLES: frozenset[str] = frozenset(
    "sir president senator governor general minister".split()
    + [t.lower() for t in ABBREVIATED_TITLES]
    + [f"{t.lower()}." for t in ABBREVIATED_TITLES]
)

# Words that mark a speaker as anonymous when they appear around the mention.
ANONYMITY_MARKERS: tuple[str, ...] = (
    "anonymity",
    "not authorized",
    "not authorised",
    "not be named",
    "not to be named",
    "not be identified",
    "declined to be named",
    "speaking on condition",
    "who did not want",
)

# Kind keywords, checked in this order; the first kind with a hit wins. Keys are lower case
# except where case matters (acronyms such as "IS"), which are matched as written.
KIND_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "militant_group",
        (
            "Lashkar",
            "Taliban",
            "IS",
            "ISIS",
            "ISIL",
            "Islamic State",
            "Daesh",
            "al-Qaeda",
            "al-Qaida",
            "Al-Shabab",
            "al-Shabaab",
            "Boko Haram",
            "Jaish",
            "LeJ",
            "TTP",
            "Hezbollah",
            "Hamas",
            "militant group",
            "militant organization",
            "militants",
            "jihadist",
            "terrorist group",
            "terrorist outfit",
        ),
    ),
    (
        "insurgent",
        (
            "insurgent",
            "insurgents",
            "separatist",
            "separatists",
            "rebel",
            "rebels",
            "exile",
            "exiled",
            "liberation army",
            "liberation front",
            "guerrilla",
        ),
    ),
    (
        "military",
        (
            "army",
            "military",
            "ISPR",
            "armed forces",
            "soldier",
            "soldiers",
            "troops",
            "commander",
            "general",
            "navy",
            "air force",
            "security forces",
            "defense ministry",
            "defence ministry",
            "pentagon",
            "brigade",
            "colonel",
            "major general",
        ),
    ),
    (
        "media",
        (
            "newspaper",
            "media",
            "TV",
            "television",
            "agency",
            "news",
            "reporter",
            "journalist",
            "outlet",
            "broadcaster",
            "radio",
            "daily",
            "magazine",
            "times",
            "post",
            "reuters",
            "associated press",
            "AP",
            "AFP",
            "BBC",
            "CNN",
            "VOA",
            "Dawn",
            "editorial",
            "gazette",
            "herald",
            "tribune",
            "journal",
            "chronicle",
        ),
    ),
    (
        "ngo",
        (
            "NGO",
            "charity",
            "human rights",
            "Amnesty",
            "Red Cross",
            "Red Crescent",
            "watchdog",
            "foundation",
            "nonprofit",
            "non-profit",
            "aid group",
            "relief group",
            "Human Rights Watch",
            "Doctors Without Borders",
            "MSF",
            "advocacy group",
        ),
    ),
    (
        "witness",
        (
            "witness",
            "witnesses",
            "eyewitness",
            "resident",
            "residents",
            "villager",
            "villagers",
            "survivor",
            "survivors",
            "bystander",
            "neighbor",
            "neighbour",
        ),
    ),
    (
        "expert",
        (
            "analyst",
            "analysts",
            "expert",
            "experts",
            "professor",
            "researcher",
            "scholar",
            "economist",
            "scientist",
            "think tank",
            "institute",
            "university",
        ),
    ),
    (
        "government",
        (
            "ministry",
            "minister",
            "government",
            "official",
            "officials",
            "authorities",
            "authority",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "president",
            "prime minister",
            "governor",
            "mayor",
            "police",
            "department",
            "administration",
            "senator",
            "lawmaker",
            "parliament",
            "embassy",
            "ambassador",
            "diplomat",
            "cabinet",
            "White House",
            "State Department",
            "Kremlin",
            "foreign office",
        ),
    ),
)

# Personal pronouns a speaker can be mentioned by, with (gender, plural). Gender None = any.
PRONOUNS: dict[str, tuple[str | None, bool]] = {
    "he": ("male", False),
    "she": ("female", False),
    "it": ("thing", False),
    "they": (None, True),
    "i": (None, False),
    "we": (None, True),
    "you": (None, False),
}

# Possessive determiners, read as the pronoun they belong to ("his promise" is his statement).
POSSESSIVE_PRONOUNS: dict[str, str] = {
    "his": "he",
    "her": "she",
    "its": "it",
    "their": "they",
    "my": "i",
    "our": "we",
    "your": "you",
}

# Relative pronouns standing for the noun they attach to ("Smith, who said ...").
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "which", "that", "whom"})

# Titles that tell a person's gender.
GENDER_TITLES: dict[str, str] = {
    "mr": "male",
    "mr.": "male",
    "mrs": "female",
    "mrs.": "female",
    "ms": "female",
    "ms.": "female",
    "sir": "male",
    "madam": "female",
    "spokesman": "male",
    "spokeswoman": "female",
    "man": "male",
    "woman": "female",
    "chairman": "male",
    "chairwoman": "female",
}

# Line labels before a colon that introduce no speaker ("Correction: ...", "UPDATE: ...").
NOT_COLON_LABELS: frozenset[str] = frozenset(
    "note update correction clarification breaking look busted bombshell notice stat watch "
    "video photos read editor exclusive win".split()
)
