"""The fixed choices the models, the importers and the UI share, one StrEnum each.

Each enum's values, as a tuple, are what the database's CHECK constraints allow; a test compares
them with the migrated schema, so a new value needs its Alembic revision.
"""

from __future__ import annotations

from enum import StrEnum


class SpeakerKind(StrEnum):
    """Who a speaker is; an anonymous official stands apart because the desk weighs it apart.

    A government includes a state speaking through its capital or seat ("Moscow", "the White
    House"); the political opposition (parties, coalitions in exile) is neither government nor
    armed; an international body is intergovernmental (the UN and its agencies, the OPCW, NATO);
    a monitor counts and documents (war monitors, human rights groups), where an NGO gives aid.
    """

    MILITARY = "military"
    GOVERNMENT = "government"
    ANONYMOUS_OFFICIAL = "anonymous_official"
    OPPOSITION = "opposition"
    INSURGENT = "insurgent"
    MILITANT_GROUP = "militant_group"
    INTERNATIONAL = "international"
    MONITOR = "monitor"
    MEDIA = "media"
    NGO = "ngo"
    WITNESS = "witness"
    EXPERT = "expert"
    OTHER = "other"


class Attribution(StrEnum):
    """How the words reached the article."""

    DIRECT = "direct"
    REPORTED = "reported"


class Side(StrEnum):
    """Where a statement stands inside its group; no side at all (None) means not yet known."""

    ASSERTS = "asserts"
    DENIES = "denies"
    NEUTRAL = "neutral"


class Status(StrEnum):
    """A statement found by extraction waits as suggested until a person confirms it."""

    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"


class Flag(StrEnum):
    """An editor's verdict on a group."""

    DISPUTED = "disputed"
    CORROBORATED = "corroborated"
    UNRESOLVED = "unresolved"
    NOT_A_DISPUTE = "not_a_dispute"


class JobKind(StrEnum):
    """Work the desk does in the background: an import file, a large article, judging sides."""

    IMPORT = "import"
    ARTICLE = "article"
    STANCE = "stance"


class JobState(StrEnum):
    """Where a background job stands; a running job whose worker died is taken up again."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Role(StrEnum):
    """What an account may do, weakest first; each role may do all that the ones before it may.

    A fact-checker adds and edits sources and statements, confirms suggestions, sets sides,
    moves, splits and merges; an editor also flags groups and claims (and publishes); an admin
    also manages accounts."""

    FACT_CHECKER = "fact_checker"
    EDITOR = "editor"
    ADMIN = "admin"


SPEAKER_KINDS: tuple[str, ...] = tuple(kind.value for kind in SpeakerKind)
ATTRIBUTIONS: tuple[str, ...] = tuple(way.value for way in Attribution)
SIDES: tuple[str, ...] = tuple(side.value for side in Side)
STATUSES: tuple[str, ...] = tuple(status.value for status in Status)
FLAGS: tuple[str, ...] = tuple(flag.value for flag in Flag)
JOB_KINDS: tuple[str, ...] = tuple(kind.value for kind in JobKind)
JOB_STATES: tuple[str, ...] = tuple(state.value for state in JobState)
ROLES: tuple[str, ...] = tuple(role.value for role in Role)

# The column of a member with neither a person's side nor a machine's suggestion.
UNDETERMINED = "undetermined"
# The side-by-side columns, in the order every page and listing shows them.
COLUMNS: tuple[str, ...] = (*SIDES, UNDETERMINED)

# Longest statement text accepted, in characters.
MAX_STATEMENT_CHARS = 20_000


def column_of(side: str | None) -> str:
    """The side-by-side column a member with this (shown) side stands in."""
    return side or UNDETERMINED


def role_allows(role: str, needed: str) -> bool:
    """Whether an account with `role` may do what `needed` may (an unknown role may do nothing)."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def label(value: str) -> str:
    """Human wording of a choice: 'anonymous_official' -> 'anonymous official'."""
    return value.replace("_", " ")
