"""Aspects: what a statement says about its event, read from its words.

Rival accounts of who did something share few words with each other ("all indications show the
government was behind the massacre", "the allegations were illogical and fabricated", "a rebel
provocation"), so sentence vectors scatter them over several claims of their event, each of them
one-sided. What they share is the question they answer: who is responsible. A statement that
assigns or rejects responsibility in so many words, names a side as the one that struck, or
denies through its cue, answers it (`aspect_of`); the statements of one event that do are one
claim (`claims.partition`). Inside that claim, `blame_sign` reads whom each holds responsible,
the state's side or the armed opposition's, and `graph` ties the sides with it. Whatever
answers no such question is left to the vectors and the pair model.

The two sides are those of a civil war or an insurgency: a government with its army, air force
and allies against armed groups. The state's words include Russia, Moscow and the Kremlin, for
a foreign power fighting beside a government (the development coverage is of the Syrian war); a
coalition fighting both is no side at all here.

Word tables only, whole words, any case: no parse, no model. No Flask.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .dismissals import dismisses
from .signals import cue_force

# The one aspect read from words: who did it.
BLAME = "blame"

# Words and phrases that assign or reject responsibility for what happened. A word stands for
# every word it begins ("responsib" -> responsible, responsibility).
_BLAME_STEMS = (
    "responsib",
    "culpab",
    "culprit",
    "perpetrat",
    "blame",
    "accus",
    "allegation",
    "guilty",
    "complicit",
    "orchestrat",
)
_BLAME_PHRASES = (
    "was behind",
    "were behind",
    "is behind",
    "are behind",
    "be behind",
    "been behind",
    "not behind",
    "carried out",
    "carry out",
    "carrying out",
    "false flag",
    "were involved",
    "was involved",
    "not involved",
    "involvement in",
    "had a hand",
    "to discredit",
)
_BLAME = re.compile(
    r"\b(?:"
    + "|".join(re.escape(stem) + r"\w*" for stem in _BLAME_STEMS)
    + "|"
    + "|".join(re.escape(phrase) for phrase in _BLAME_PHRASES)
    + r")\b",
    re.IGNORECASE,
)
# Cue words that are themselves an accusation ("accused", "blamed", "held ... responsible").
_BLAMING_CUES = re.compile(r"\b(?:accus|blam|hold|held|condemn)\w*\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def aspect_of(text: str, cue: str | None = None) -> str | None:
    """BLAME when the statement assigns or rejects responsibility (its words or its cue), names
    a side as the one that used a weapon or struck (`_names_agent`), denies through its cue or
    dismisses in its own words; None otherwise."""
    if _BLAME.search(text) or _BLAMING_CUES.search(cue or ""):
        return BLAME
    tokens = _tokens(text)
    if cue_force(cue) < 0 or dismisses(text) or _names_agent(tokens):
        return BLAME
    return None


def _names_agent(tokens: list[str]) -> bool:
    """Whether a side is named as the one that did it: before a verb of striking or of using a
    weapon ("regime forces fired rockets", "the rebels that used chemical weapons", "Russian
    warplanes targeted a convoy"), after "by" following an attack ("a bombardment by
    government forces"), or as aircraft in the sky ("two of the regime's warplanes were in the
    skies above the convoy", "army jets were flying over the village"): where an air strike is
    disputed, whose aircraft were there is the evidence of who struck. Killing alone does not
    count: who was killed is another claim."""
    sides = [i for i, t in enumerate(tokens) if t in _STATE or t in _ARMED_OPPOSITION]
    for i in sides:
        after = tokens[i + 1 : i + 1 + AGENT_WINDOW]
        if any(t in _AGENT_VERBS for t in after):
            return True
        for j, token in enumerate(after, start=i + 1):
            if token in _USING and set(tokens[j + 1 : j + 1 + AGENT_WINDOW]) & _WEAPONS:
                return True
        before = tokens[max(0, i - AGENT_WINDOW) : i]
        if "by" in before and any(t in _ATTACKS for t in tokens[max(0, i - 2 * AGENT_WINDOW) : i]):
            return True
        if tokens[i] in _AIRCRAFT and _PRESENCE & set(after):
            return True
    return False


# Who a statement of who-did-it holds responsible: the state's side (its government, army,
# air force, its allies' forces) or the armed opposition's. Whole words, lower case.
_STATE = frozenset(
    """
    regime regimes government governments govt army armies military assad assads assad's
    authorities troops soldiers warplanes warplane jets jet aircraft airforce russia russian
    russians moscow kremlin loyalist loyalists bashar
    """.split()
) | {"air force", "security forces", "security force"}
_ARMED_OPPOSITION = frozenset(
    """
    rebel rebels terrorist terrorists opposition militant militants insurgent insurgents
    jihadist jihadists extremist extremists gunmen isis isil daesh nusra
    """.split()
) | {"islamic state", "armed groups", "armed group"}
# Verbs whose subject did it, and attacks whose "by" names who did.
_AGENT_VERBS = frozenset(
    """
    fired fire firing launched launching dropped dropping unleashed unleashing gassed gassing
    bombed bombing shelled shelling targeted targeting struck
    """.split()
)
# Verbs of using, which count only with a weapon after them ("used chemical weapons", not
# "were using tunnels to store explosives" or "using the ceasefire to regroup").
_USING = frozenset("used use uses using".split())
_WEAPONS = frozenset(
    """
    weapon weapons chemical chemicals gas gases sarin chlorine toxic poison poisonous nerve
    bomb bombs barrel rocket rockets missile missiles munitions arms shells artillery
    """.split()
)
_ATTACKS = frozenset(
    """
    attack attacks bombardment bombardments shelling strike strikes raid raids use massacre
    bombing bombings
    """.split()
)
# A side's aircraft, and the words that put them in the sky over the place.
_AIRCRAFT = frozenset("warplanes warplane jets jet aircraft".split())
_PRESENCE = frozenset("skies sky airspace overhead flying flew hovering circling".split())
# Words between a side and its verb, or between "by" and the side, at most.
AGENT_WINDOW = 4
_SIDE_PAIRS = frozenset(name for name in _STATE | _ARMED_OPPOSITION if " " in name)
# A side named as the one who reports or alleges ("claims by the opposition", "rebel
# allegations", "opposition activists") accuses; it is not the side held responsible.
_REPORTS = frozenset("claims claim allegations accusations charges reports activists".split())
_BY = frozenset({"by", "from", "of"})
# Speaker kinds that speak for the state's side or the armed opposition's, for a denial that
# names no side ("X denied the allegations": X denies its own part).
_STATE_KINDS = frozenset({"government", "military"})
_ARMED_OPPOSITION_KINDS = frozenset({"insurgent", "militant_group"})
# Words of a speaker's name that make it the state's voice ("Syrian state television"), and
# state-run news agencies, which speak for their government (Syria's, and its allies' in the
# development coverage: Russia's; Iran's and China's beside them).
_STATE_SPEAKERS = frozenset(
    """
    state government ministry regime army military sana tass ria novosti sputnik irna xinhua
    """.split()
)
# Words that turn the statement around: negations anywhere ("was not behind", "would never
# use"), denying verbs before the side they deny ("to counter rebel allegations that the regime
# used ...", not "... responsible, but Moscow denied").
_NEGATIONS = frozenset("not never no nor n't neither without".split())
_DENYING = frozenset(
    "deny denies denied denying counter counters countered reject rejects rejected".split()
)
# Dismissing words that blame the other side rather than clear one ("a rebel provocation").
_BLAMING_DISMISSALS = frozenset({"provocation", "provocations"})
_TOKEN = re.compile(r"[a-z][a-z'-]*|n't")


def _tokens(text: str) -> list[str]:
    """Lower-case words ("al-Assad" is "assad"), a two-word name of a side joined into one
    token ("air force")."""
    found = _TOKEN.findall(text.lower().replace("\u2019", "'"))
    words = [token[3:] if token.startswith("al-") else token for token in found]
    joined: list[str] = []
    for word in words:
        if joined and f"{joined[-1]} {word}" in _SIDE_PAIRS:
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return joined


def _sides_named(tokens: list[str]) -> list[tuple[int, int]]:
    """(+1 the state's side or -1 the armed opposition's, the index of the word) for each side
    the tokens name, in order, leaving out a side named as the accuser."""
    named = []
    for i, token in enumerate(tokens):
        side = 1 if token in _STATE else -1 if token in _ARMED_OPPOSITION else 0
        if not side:
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        before = tokens[max(0, i - 3) : i]
        named_as_accuser = after in _REPORTS or (
            any(t in _BY for t in before) and any(t in _REPORTS for t in before)
        )
        if not named_as_accuser:
            named.append((side, i))
    return named


@lru_cache(maxsize=8192)
def blame_sign(
    text: str, cue: str | None = None, kind: str | None = None, speaker: str = ""
) -> int:
    """Whom a who-did-it statement holds responsible: +1 the state's side, -1 the armed
    opposition's (or it clears the state's side), 0 when the words do not say.

    The first side the content names (not as the accuser), turned around when the statement
    denies (a denial cue, a negation, a denying verb before that side, a dismissal such as
    "fabricated"): "accused government forces of gassing" +1, "accused rebels of using chemical
    arms" -1, "denied charges that the army used chemical weapons" -1, "Russia was not behind"
    -1. A denial that names no side speaks for the speaker's own: a government, an army or a
    speaker named as the state's ("state television": -1), an armed group (+1). A denial that
    names both sides is not read ("dismissed claims that security forces targeted religious
    extremists" may deny who struck or who was struck): 0."""
    if aspect_of(text, cue) != BLAME:
        return 0
    tokens = _tokens(text)
    named = _sides_named(tokens)
    side, at = named[0] if named else (0, len(tokens))
    words = set(tokens)
    denies = (
        cue_force(cue) < 0
        or bool(words & _NEGATIONS)
        or (dismisses(text) and not words & _BLAMING_DISMISSALS)
        or any(t in _DENYING for t in tokens[:at])
    )
    if denies and len({s for s, _ in named}) == 2:
        return 0  # "dismissed claims that security forces targeted extremists": denies which?
    if side == 0 and denies:
        side = _speaker_side(kind, speaker)
    return -side if denies else side


def _speaker_side(kind: str | None, speaker: str) -> int:
    """The side a speaker speaks for, by its kind or its name ("state television"), else 0."""
    if kind in _STATE_KINDS or set(_tokens(speaker)) & _STATE_SPEAKERS:
        return 1
    if kind in _ARMED_OPPOSITION_KINDS:
        return -1
    return 0
