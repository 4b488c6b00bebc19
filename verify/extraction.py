"""Article text -> attributed statements: who said what, with the cue and exact spans. No Flask.

(Interface fixed first so the desk can be wired to it; the rules are being written.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    """One attribution found in a text; every span is [start, end) into that text."""

    content: tuple[int, int]  # what was said
    text: str  # the content's words, surrounding quote marks and trailing commas stripped
    speaker: str  # canonical speaker after coreference: "Brahumdagh Bugti", not "He"
    speaker_kind: str  # one of vocabulary.SPEAKER_KINDS
    kind_confidence: float  # 0..1
    attribution: str  # "direct" (quoted) or "reported"
    confidence: float  # 0..1, for the attribution as a whole
    source: tuple[int, int] | None = None  # the speaker as written here ("He", "the official")
    cue: tuple[int, int] | None = None  # the cue ("said", "according to", "dismissed")
    mention: str | None = None  # the text at `source`
    cue_word: str | None = None  # the cue as written, lower case ("said", "alleged")
    speaker_description: str | None = None  # "one of the key insurgent leaders living in exile"
    anonymous: bool = False
    aliases: tuple[str, ...] = ()  # other spellings of this speaker in the text ("Bugit")


def extract(text: str) -> list[Extracted]:
    """Every attributed statement in `text`, in text order; [] when there is none."""
    raise NotImplementedError
