"""Who each source mention is: pronouns, 'the official', relative pronouns and name variants."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from . import speakers
from .cues import (
    ANONYMITY_MARKERS,
    GENDER_TITLES,
    ORGANISATION_NOUNS,
    PERSON_NOUNS,
    POSSESSIVE_PRONOUNS,
    PRONOUNS,
    RELATIVE_PRONOUNS,
)
from .places import CAPITALS, COUNTRIES
from .reported import Candidate

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_ANONYMOUS_HEADS = frozenset({"official", "source", "officer", "diplomat", "aide", "insider"})
_NAME_DEPS = frozenset(
    {
        "compound",
        "flat",
        "nmod",
        "amod",
        "det",
        "poss",
        "case",
        "nummod",
        "prep",
        "pobj",
        "cc",
        "conj",
    }
)


@dataclass
class Speaker:
    """One speaker of an article, as far as the text tells."""

    name: str
    head: str  # lemma of the mention's head noun ("official", "statement", "Bugti")
    is_person: bool
    plural: bool
    gender: str | None = None
    description: str | None = None
    anonymous: bool = False
    named: bool = False
    spellings: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)

    def display_name(self, text: str) -> str:
        """The canonical name, with the surname spelled the way the article spells it most."""
        if not self.named or len(self.spellings) < 2:
            return self.name
        preferred = speakers.preferred_spelling(self.spellings, text)
        words = self.name.split()
        return " ".join(words[:-1] + [preferred])

    def kind(self) -> tuple[str, float]:
        """Kind and confidence from all mentions and the description."""
        return speakers.kind_of(self.mentions, self.description, anonymous=self.anonymous)

    def aliases(self, text: str) -> tuple[str, ...]:
        """Other spellings of the surname, without the preferred one."""
        if len(self.spellings) < 2:
            return ()
        preferred = speakers.preferred_spelling(self.spellings, text)
        return tuple(s for s in self.spellings if s != preferred)


def _name_tokens(head: Token, within: tuple[int, int] | None = None) -> list[Token]:
    """The mention without apposition, relative clause or participle: the name itself, and
    only its words inside the characters `within` (the candidate's source: a speaker that a
    lost comma hung inside the words said holds nothing of them)."""
    kept = [head]
    stack = [c for c in head.children if c.dep_ in _NAME_DEPS]
    while stack:
        token = stack.pop()
        kept.append(token)
        stack.extend(c for c in token.children if c.dep_ in _NAME_DEPS)
    kept = [t for t in kept if t.ent_type_ not in ("DATE", "TIME") and not t.is_punct]
    if within is not None:
        kept = [t for t in kept if t is head or within[0] <= t.idx < within[1]]
    kept.sort(key=lambda t: t.i)
    # A name is a contiguous run around the head.
    run = [t for t in kept if abs(t.i - head.i) <= len(kept)]
    # Nor does it open on "based" or "run" of "London-based Syrian Observatory" or "state-run
    # SANA news agency": the parse hangs them on the name but not what comes before the hyphen.
    # ("ISIS-affiliated", "Iran-backed" stay: they say whose page or militia it is.)
    opening = next((k for k, t in enumerate(run) if t.dep_ != "det"), 0)
    while opening < len(run) - 1 and _hyphen_tail(run[opening]):
        del run[opening]
    return run or [head]


def _hyphen_tail(token: Token) -> bool:
    """ "based" of "London-based", "run" of "state-run"."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    attached = before is not None and before.text == "-" and not before.whitespace_
    return attached and token.lower_ in ("based", "run")


def _kind_words(head: Token, candidate: Candidate) -> str:
    """The words that tell what the speaker is: the name, and the words the source puts before
    it ("President Bashar al-Assad" where the parse hangs no title on "Assad")."""
    tokens = set(_name_tokens(head, candidate.source))
    if candidate.source is not None:
        token = head
        while token.i > 0 and token.doc[token.i - 1].idx >= candidate.source[0]:
            token = token.doc[token.i - 1]
            if not (token.is_punct or token.is_space):
                tokens.add(token)
    return " ".join(t.text for t in sorted(tokens, key=lambda t: t.i))


def _description(head: Token) -> str | None:
    for child in head.children:
        if child.dep_ == "appos":
            tokens = sorted(child.subtree, key=lambda t: t.i)
            return head.doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,")
    return None


@lru_cache(maxsize=4096)
def _are_states(name: str) -> bool:
    """Whether a name is one state or several ("France Britain", "France and Britain")."""
    rest = f" {name.replace(',', ' ')} "
    for state in _LONG_STATES:  # "the United States and Britain"
        rest = rest.replace(f" {state} ", " ; ")
    words = [w for w in rest.split() if w.lower() not in ("and", "the")]
    return bool(words) and all(w == ";" or w in COUNTRIES or w in CAPITALS for w in words)


# Names of states and capitals of several words, longest first.
_LONG_STATES = sorted((n for n in COUNTRIES | CAPITALS if " " in n), key=len, reverse=True)


def _is_named(head: Token) -> bool:
    return head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")


def _is_anonymous(head: Token, tokens: list[Token], doc: Doc) -> bool:
    if _is_named(head) or head.lemma_.lower() not in _ANONYMOUS_HEADS:
        return False
    if head.tag_ == "NN" and tokens[0].lower_ in ("a", "an"):
        return True
    sentence = head.sent
    nearby = sentence.text.lower()
    if sentence.end < len(doc):
        nearby += " " + doc[sentence.end].sent.text.lower()
    return any(marker in nearby for marker in ANONYMITY_MARKERS)


class Resolver:
    """Resolves mentions in text order against the speakers seen so far."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.speakers: list[Speaker] = []

    def _recent(self, wanted: str | None, plural: bool, person: bool | None) -> Speaker | None:
        for speaker in reversed(self.speakers):
            if speaker.plural != plural and not (plural and not speaker.is_person):
                continue
            if person is not None and speaker.is_person != person:
                continue
            if wanted and speaker.gender not in (None, wanted):
                continue
            return speaker
        return None

    def _touch(self, speaker: Speaker) -> Speaker:
        self.speakers.remove(speaker)
        self.speakers.append(speaker)
        return speaker

    def resolve(self, candidate: Candidate) -> Speaker | None:
        """The speaker of `candidate` (None when it has no mention at all)."""
        if candidate.inherited_from is not None:
            return getattr(candidate.inherited_from, "speaker", None)
        head = candidate.subject
        if head is None:
            return None
        lower = head.lower_
        if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            head = head.head.head
            lower = head.lower_
        if head.tag_ == "PRP$":  # "his" of "his promise to ...": he
            lower = POSSESSIVE_PRONOUNS.get(lower, lower)
        if lower in PRONOUNS and head.pos_ == "PRON":
            gender, plural = PRONOUNS[lower]
            if lower in ("i", "we", "you"):
                return self._new(head, candidate)
            person = None if plural else gender != "thing"
            found = self._recent(gender if gender in ("male", "female") else None, plural, person)
            if found is None:
                return self._new(head, candidate)
            if gender in ("male", "female") and found.gender is None:
                found.gender = gender
            return self._touch(found)
        tokens = _name_tokens(head, candidate.source)
        text = " ".join(t.text for t in tokens)
        if _is_named(head) and head.pos_ == "PROPN":
            for speaker in reversed(self.speakers):
                if speaker.name != text and (_are_states(speaker.name) or _are_states(text)):
                    continue  # "France Britain", "Britain": states, not a name and its surname
                if speaker.named and speakers.is_same_person(speaker.name, text):
                    if head.text not in speaker.spellings:
                        speaker.spellings.append(head.text)
                    speaker.mentions.append(_kind_words(head, candidate))
                    return self._touch(speaker)
        elif len([t for t in tokens if t.dep_ != "det"]) == 1 or tokens[0].lower_ == "the":
            for speaker in reversed(self.speakers):
                plural = head.tag_ in ("NNS", "NNPS")
                if (
                    speaker.head == head.lemma_.lower()
                    and not speaker.named
                    and (speaker.plural == plural)
                ):
                    return self._touch(speaker)
        return self._new(head, candidate)

    def _new(self, head: Token, candidate: Candidate) -> Speaker:
        tokens = _name_tokens(head, candidate.source)
        name = speakers.canonical_name(" ".join(t.text for t in tokens))
        lemma = head.lemma_.lower()
        named = _is_named(head) and head.pos_ == "PROPN"
        plural = head.tag_ in ("NNS", "NNPS") or head.lower_ in ("they", "we")
        is_person = (
            head.ent_type_ == "PERSON"
            or lemma in PERSON_NOUNS
            or head.lower_ in ("he", "she", "i", "you")
            or (
                named
                and head.ent_type_ not in ("ORG", "GPE", "NORP")
                and lemma not in ORGANISATION_NOUNS
            )
        )
        gender = next((GENDER_TITLES[t.lower_] for t in tokens if t.lower_ in GENDER_TITLES), None)
        speaker = Speaker(
            name=name or head.text,
            head=lemma,
            is_person=is_person,
            plural=plural,
            gender=gender,
            description=_description(head),
            anonymous=_is_anonymous(head, tokens, self.doc),
            named=named,
            spellings=[head.text] if named else [],
            mentions=[_kind_words(head, candidate)],
        )
        if speaker.anonymous and not speaker.description:
            speaker.description = name
        self.speakers.append(speaker)
        return speaker
