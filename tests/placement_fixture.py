"""Statements about synthetic events for placement tests: clustered unit vectors (no model),
texts naming each event's place and figures (anchors), some from one article (a source)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from verify.embedding import SentenceTransformerEmbedder
from verify.models import Embedding, Source, Speaker, Statement
from verify.services.statements import place

DIMENSIONS = 384
# Only the model's name and dimensions are read: the vectors are given, nothing is encoded.
EMBEDDER = SentenceTransformerEmbedder()
_SYLLABLES = ["ka", "ter", "vo", "lin", "mar", "dus", "pe", "ros", "ul", "ben"]


@dataclass(frozen=True)
class Said:
    text: str
    source: int | None  # index of the article it comes from
    vector: np.ndarray


def _place_name(topic: int) -> str:
    first, second = divmod(topic, len(_SYLLABLES))
    return (_SYLLABLES[first % len(_SYLLABLES)] + _SYLLABLES[second] + "ville").capitalize()


def events(topics: int = 48, per_topic: int = 5, seed: int = 7) -> list[Said]:
    """`topics` events of `per_topic` statements each, shuffled; every third event's statements
    come from one article; some statements sit between two events."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(topics, DIMENSIONS))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    said: list[Said] = []
    for topic in range(topics):
        for item in range(per_topic):
            noise = rng.normal(size=DIMENSIONS)
            vector = centres[topic] + 0.055 * noise
            if item == per_topic - 1:  # an ambiguous one, between this event and the next
                vector = vector + 0.9 * centres[(topic + 1) % topics]
            vector /= np.linalg.norm(vector)
            text = f"officials in {_place_name(topic)} said {10 + item} people were hurt"
            source = topic if topic % 3 == 0 else None
            said.append(Said(text, source, vector.astype(np.float32)))
    order = rng.permutation(len(said))
    return [said[i] for i in order]


def store(session: Session, said: Sequence[Said]) -> list[Statement]:
    """The statements, with their speaker, sources and vectors, stored but not grouped."""
    speaker = session.scalar(select(Speaker).where(Speaker.key == "a spokesperson"))
    if speaker is None:
        speaker = Speaker(name="A spokesperson", key="a spokesperson", kind="other")
    sources: dict[int, Source] = {}
    statements = []
    for item in said:
        source = None
        if item.source is not None:
            source = sources.get(item.source)
            if source is None:
                source = Source(
                    title=f"Report {item.source}", text=item.text, content_hash=uuid.uuid4().hex
                )
                sources[item.source] = source
        statements.append(
            Statement(text=item.text, speaker=speaker, source=source, fingerprint=uuid.uuid4().hex)
        )
    session.add_all(statements)
    session.flush()
    session.add_all(
        Embedding(statement_id=s.id, model=EMBEDDER.name, vector=item.vector.tobytes())
        for s, item in zip(statements, said, strict=True)
    )
    session.flush()
    return statements


def place_one_by_one(session: Session, said: Sequence[Said]) -> list[int]:
    """Store and place each statement on its own, as requests do; their group ids in order."""
    statements = store(session, said)
    for statement, item in zip(statements, said, strict=True):
        place(session, EMBEDDER, [statement], item.vector[None, :])
    return [s.membership.group_id for s in statements if s.membership is not None]
