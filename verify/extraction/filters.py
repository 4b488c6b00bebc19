"""Which attributions are worth suggesting: a content a person can read, a speaker who can speak.

Extraction keeps what PolNeAR would call an attribution; the desk wants statements. A content of
one or two words ("of", "He", "the attack") or of no verb and no noun to carry a claim
("for indiscriminate attacks on ...") says nothing on its own unless it is someone's own quoted
words, and a gas, a warhead, a hand or a web page says nothing at all. No Flask.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import speakers
from .cues import BODY_PARTS, NOT_SPEAKER_AGENTS, NOT_SPEAKER_HEADS, WEB_PAGE_OWNERS, WEB_PAGES
from .parsing import text_of
from .reported import words_at

if TYPE_CHECKING:
    from spacy.tokens import Doc

MIN_CONTENT_WORDS = 3  # fewer words than this is no statement, unless quoted

_WORDS = re.compile(r"\w+", re.UNICODE)
# What may stand with a part of the body that is no speaker: "the body", "his two hands".
_BARE = frozenset(
    "a an the this that these those his her its their my our your one two three some".split()
)


def is_readable(doc: Doc, start: int, end: int, *, direct: bool) -> bool:
    """Whether the content [start, end) is worth suggesting as a statement: a direct quote
    always is; reported speech needs three words or more, and a verb, or else a noun phrase
    that is more than a name ("any involvement in the raids", not "the Kurdistan Workers
    Party")."""
    if direct:
        return True
    if len(_WORDS.findall(text_of(doc)[start:end])) < MIN_CONTENT_WORDS:
        return False
    span = words_at(doc, start, end)
    if span is None:
        return False
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if any(t.pos_ in ("VERB", "AUX") for t in words):
        return True
    if span.root.pos_ not in ("NOUN", "PROPN", "NUM"):
        return False  # a prepositional phrase, an adjective, a fragment
    return any(t.pos_ in ("NOUN", "NUM") for t in words)  # names alone claim nothing


# A mention that is a bare verb form, in lower case, is a misread source ("Britain and France
# are permanent members ... to discuss the attack": "are" is no speaker; "IS" is a group).
VERB_FORMS = frozenset("are is was were be been being am has have had do does did".split())


def can_speak(name: str, head: str, description: str | None = None) -> bool:
    """Whether a speaker named `name`, whose head noun has the lemma `head`, can say anything:
    not a substance or weapon ("toxic gas", "chemical warheads", "nerve agents"), not a web page
    or link ("the page", "a link") unless a word before it says whose it is ("a militant
    website", "an ISIS-affiliated Facebook page") or a name in apposition makes it an outlet
    ("the pro-regime website al-Masdar News"), not a part of the body standing alone ("the
    body"; "the opposition body" speaks)."""
    head = head.lower()
    words = [w.lower() for w in _WORDS.findall(name)]
    if head in NOT_SPEAKER_HEADS or name.strip() in VERB_FORMS:
        return False
    if head in WEB_PAGES:
        if any(w in WEB_PAGE_OWNERS for w in words):
            return True  # someone's mouthpiece: "a militant website", "an ISIS-affiliated page"
        return description is not None and any(w[:1].isupper() for w in _WORDS.findall(description))
    modifiers = NOT_SPEAKER_AGENTS.get(head)
    if modifiers is not None and any(w in modifiers for w in words):
        return False
    if head in BODY_PARTS:
        # "his lifeless body" is none; "the opposition body", "the UN body" are organisations
        others = [w for w in _WORDS.findall(name) if w.lower() not in _BARE | BODY_PARTS]
        return bool(others) and (
            any(w[:1].isupper() for w in others) or speakers.kind_of(name)[0] != "other"
        )
    return True
