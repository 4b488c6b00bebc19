"""Word tables for the stance hand signals (`signals.py`): roles, numbers, refuting words,
negations. No code paths: adding a word is a one-line change here, never a new branch there.
"""

from __future__ import annotations

# Role classes of the people an event happens to or is done by. Lemmas, lower case; a two-word
# entry is "modifier head" ("security force"), checked before the head alone.
_ROLE_GROUPS: dict[str, str] = {
    "combatant": (
        "terrorist militant insurgent fighter rebel gunman extremist jihadist jihadi separatist "
        "guerrilla guerilla attacker assailant bomber miscreant combatant mujahid mujahideen "
        "warlord"
    ),
    "civilian": (
        "civilian villager resident woman child kid girl boy baby infant student worker farmer "
        "innocent bystander protester protestor demonstrator family passenger pedestrian "
        "shopkeeper labourer laborer worshipper pilgrim refugee patient schoolchild teacher "
        "noncombatant non-combatant"
    ),
    "security": (
        "soldier army police policeman policewoman troop trooper military paramilitary ranger "
        "commando marine serviceman"
    ),
}
_ROLE_PHRASES: dict[str, str] = {
    "combatant": "suicide bomber|armed man|armed group",
    "civilian": "innocent people|innocent civilian|local people",
    "security": (
        "security force|security personnel|armed force|government force|police officer|"
        "police force|army officer|security official|law enforcement"
    ),
}

ROLE_OF_WORD: dict[str, str] = {
    word: role for role, words in _ROLE_GROUPS.items() for word in words.split()
}
ROLE_OF_PHRASE: dict[str, str] = {
    phrase: role for role, phrases in _ROLE_PHRASES.items() for phrase in phrases.split("|")
}

# The actor clash that matters most to the desk: who was killed, fighters or civilians.
MAIN_ROLE_CLASH: frozenset[str] = frozenset({"combatant", "civilian"})

# Cue verbs whose subject is a speaker, not an actor in the event ("Police said ...").
SPEAKER_CUE_KINDS: frozenset[str] = frozenset(
    {"speech", "belief", "denial", "confirmation", "claim", "refusal"}
)

# spaCy entity labels -> slot kind.
SLOT_KIND_OF_LABEL: dict[str, str] = {
    "CARDINAL": "number",
    "QUANTITY": "number",
    "MONEY": "number",
    "PERCENT": "number",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "DATE": "date",
    "TIME": "date",
}

# The small English model often labels a town it does not know as an organisation or a work
# ("killed in Quetta" -> ORG): such a proper name after one of these prepositions is a place.
PLACE_LIKE_LABELS: frozenset[str] = frozenset({"ORG", "WORK_OF_ART", "PRODUCT", "PERSON"})
PLACE_PREPOSITIONS: frozenset[str] = frozenset({"in", "near", "outside", "across", "inside"})

# Number words and their values; scales multiply what came before ("3.5 million", "two lakh").
NUMBER_WORDS: dict[str, float] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "score": 20,
}  # fmt: skip
SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7, "billion": 1e9,
    "trillion": 1e12,
}  # fmt: skip
# Scales written glued to the digits ("19M", "$1.5bn"); apart they mean other things ("5 m").
SCALE_SUFFIXES: dict[str, float] = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12,
}  # fmt: skip

# Force of a cue by its kind in verify.extraction.cues: a denial points against, a confirmation for.
CUE_FORCE_OF_KIND: dict[str, float] = {"denial": -1.0, "confirmation": 1.0}

# Cues of concession: the speaker grants the point, which supports it as a confirmation does.
CONCESSION_CUES: frozenset[str] = frozenset({"acknowledge", "admit", "concede"})

# Cues that mark the speaker's own account, neither endorsed nor denied by the writer.
OWN_ACCOUNT_CUES: frozenset[str] = frozenset({"allege", "claim", "purport", "contend", "accuse"})

# Adverbs that hedge a text the same way ("allegedly", "reportedly").
HEDGE_WORDS: frozenset[str] = frozenset(
    {"allegedly", "reportedly", "purportedly", "supposedly", "apparently", "rumored", "rumoured"}
)

# Words and phrases that point against a claim, with how hard. Phrases are matched on the
# lower-cased words joined by single spaces.
REFUTING_WORDS: dict[str, float] = {
    "hoax": -1.0,
    "hoaxes": -1.0,
    "fake": -1.0,
    "faked": -1.0,
    "false": -1.0,
    "falsely": -1.0,
    "untrue": -1.0,
    "fabricated": -1.0,
    "fabrication": -1.0,
    "debunk": -1.0,
    "debunks": -1.0,
    "debunked": -1.0,
    "denial": -1.0,
    "denials": -1.0,
    "not true": -1.0,
    "isn't true": -1.0,
    "wasn't true": -1.0,
    "no evidence": -0.5,
    "myth": -0.5,
    "bogus": -0.5,
    "baseless": -0.5,
    "unfounded": -0.5,
    "satire": -0.5,
    "satirical": -0.5,
    "rumour": -0.5,
    "rumor": -0.5,
    "rumours": -0.5,
    "rumors": -0.5,
    "unconfirmed": -0.5,
    "unverified": -0.5,
}

# Negation cues, counted word by word; any word ending in "n't" counts too. Deny-words are not
# negations here: they are cues (see REFUTING_WORDS and verify.extraction.cues).
NEGATION_WORDS: frozenset[str] = frozenset(
    "not no never none nobody nothing neither nor without cannot nowhere".split()
)
NEGATION_SUFFIXES: tuple[str, ...] = ("n't", "n\u2019t")

# How many words before a cue a negation still turns it ("has not yet confirmed").
NEGATION_REACH = 3

# Function words left out of the content-word overlap.
FUNCTION_WORDS: frozenset[str] = frozenset(
    """
    a about after all also an and any are as at be because been before being but by can could
    did do does for from had has have he her his how i if in into is it its just may me might
    more most my no not of on or our out over she should so some such than that the their them
    then there these they this those to too under up us was we were what when where which while
    who whom why will with would you your said says say according
    """.split()
)

# Words and phrases with which a statement's own content dismisses what others report ("the
# allegations were illogical and fabricated", "there was no truth whatsoever to the reports",
# "a rebel provocation"), as opposed to a denial carried by its cue ("X denied ..."). Used
# inside a claim only (`verify.stance.dismissals`), never as a feature of the pair model's
# combiner. Lower case; a phrase is matched on whole words. Left out for what else they say in
# war reporting: "staged" ("rebels staged an attack"), "propaganda" ("a propaganda video").
DISMISSING_WORDS: frozenset[str] = frozenset(
    """
    fabricated fabrication fabrications fabricating baseless groundless unfounded untrue
    falsehood falsehoods hoax hoaxes fake faked fakes nonsense absurd illogical ridiculous
    provocation provocations slander slanderous smear disinformation misinformation fictitious
    farce
    """.split()
)
DISMISSING_PHRASES: tuple[str, ...] = (
    "no truth",
    "not true",
    "no basis",
    "no evidence",
    "no proof",
    "false flag",
    "is false",
    "are false",
    "was false",
    "were false",
    "totally false",
    "completely false",
    "false reports",
    "false claims",
    "false allegations",
    "false accusations",
    "nothing to do with",
    "are lies",
    "were lies",
    "all lies",
    "attempt to discredit",
    "attempt to divert",
    "attempt to distract",
)
