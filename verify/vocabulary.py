"""Controlled vocabularies shared by the models, the importers and the UI: one place for each."""

from __future__ import annotations

# Who a speaker is; "anonymous_official" stands apart because the desk weighs it differently.
SPEAKER_KINDS: tuple[str, ...] = (
    "military",
    "government",
    "anonymous_official",
    "insurgent",
    "militant_group",
    "media",
    "ngo",
    "witness",
    "expert",
    "other",
)

# How the words reached the article.
ATTRIBUTIONS: tuple[str, ...] = ("direct", "reported")

# Where a statement stands inside its group; None (not stored as a word) means not yet known.
SIDES: tuple[str, ...] = ("asserts", "denies", "neutral")

# A statement found by extraction waits as "suggested" until a person confirms it.
STATUSES: tuple[str, ...] = ("suggested", "confirmed")

# An editor's verdict on a group.
FLAGS: tuple[str, ...] = ("disputed", "corroborated", "unresolved", "not_a_dispute")

# Longest statement text accepted, in characters.
MAX_STATEMENT_CHARS = 20_000


def label(value: str) -> str:
    """Human wording of a vocabulary value: 'anonymous_official' -> 'anonymous official'."""
    return value.replace("_", " ")
