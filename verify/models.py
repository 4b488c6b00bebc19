"""Typed SQLAlchemy 2.0 models: sources, speakers, statements, their vectors, groups and history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    event,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from .choices import (
    ATTRIBUTIONS,
    FLAGS,
    JOB_KINDS,
    JOB_STATES,
    ROLES,
    SIDES,
    SPEAKER_KINDS,
    STATUSES,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IS NULL OR {column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    """An article (or other document) that statements were taken from."""

    __tablename__ = "source"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    outlet: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    published: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")
    # sha256 of the normalised text (or of url/title when there is no text): re-imports match it.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    statements: Mapped[list[Statement]] = relationship(back_populates="source")

    def __repr__(self) -> str:
        return f"<Source {self.id} {self.title[:40]!r}>"


def name_key(name: str) -> str:
    """How speaker names compare: trimmed and case-folded ('ÉMILE DURAND' is 'Émile Durand')."""
    return " ".join(name.split()).casefold()


class Speaker(Base):
    """Who said something: a person, an office, an anonymous official, an outlet."""

    __tablename__ = "speaker"
    __table_args__ = (CheckConstraint(_one_of("kind", SPEAKER_KINDS), name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    # `name_key(name)`, kept by `_keep_key`: lookups compare it, never SQL lower(), which lowers
    # ASCII only on SQLite ('Émile' was not found as 'émile' and was stored twice).
    key: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(30), default="other")
    description: Mapped[str | None] = mapped_column(Text)
    is_anonymous: Mapped[bool] = mapped_column(default=False)

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan"
    )
    statements: Mapped[list[Statement]] = relationship(back_populates="speaker")

    @validates("name")
    def _keep_key(self, _field: str, name: str) -> str:
        self.key = name_key(name)
        return name

    def __repr__(self) -> str:
        return f"<Speaker {self.id} {self.name!r} {self.kind}>"


class SpeakerAlias(Base):
    """Another spelling or name of a speaker; lookups by name also match these."""

    __tablename__ = "speaker_alias"
    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id"), index=True)
    alias: Mapped[str] = mapped_column(String(300), unique=True)
    key: Mapped[str] = mapped_column(String(300), index=True)  # name_key(alias)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")

    @validates("alias")
    def _keep_key(self, _field: str, alias: str) -> str:
        self.key = name_key(alias)
        return alias

    def __repr__(self) -> str:
        return f"<SpeakerAlias {self.alias!r} -> {self.speaker_id}>"


class Statement(Base):
    """One thing someone said, as it appears in a source."""

    __tablename__ = "statement"
    __table_args__ = (
        CheckConstraint(_one_of("attribution", ATTRIBUTIONS), name="attribution"),
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(
            "(span_start IS NULL AND span_end IS NULL) OR "
            "(span_start >= 0 AND span_end > span_start)",
            name="span",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(String(100))
    attribution: Mapped[str | None] = mapped_column(String(20))
    said_on: Mapped[date | None] = mapped_column(Date)
    # "suggested" (extracted, waiting for a person) or "confirmed"; only confirmed ones are
    # embedded and grouped.
    status: Mapped[str] = mapped_column(String(20), default="confirmed", server_default="confirmed")
    # Where the speaker is named ("He", "a provincial government official") and the cue
    # ("said", "according to"), as character spans in the source text; set by extraction.
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    # Extraction's confidence in the whole attribution and in the speaker's kind (0..1).
    confidence: Mapped[float | None] = mapped_column(Float)
    kind_confidence: Mapped[float | None] = mapped_column(Float)
    # sha256 over source, speaker, text and span: importing the same statement twice adds nothing.
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    speaker: Mapped[Speaker] = relationship(back_populates="statements")
    source: Mapped[Source | None] = relationship(back_populates="statements")
    membership: Mapped[Membership | None] = relationship(
        back_populates="statement", cascade="all, delete-orphan"
    )
    embeddings: Mapped[list[Embedding]] = relationship(cascade="all, delete-orphan")

    @property
    def span(self) -> tuple[int, int] | None:
        if self.span_start is None or self.span_end is None:
            return None
        return (self.span_start, self.span_end)

    @property
    def mention_span(self) -> tuple[int, int] | None:
        if self.mention_start is None or self.mention_end is None:
            return None
        return (self.mention_start, self.mention_end)

    @property
    def cue_span(self) -> tuple[int, int] | None:
        if self.cue_start is None or self.cue_end is None:
            return None
        return (self.cue_start, self.cue_end)

    @property
    def is_suggested(self) -> bool:
        return self.status == "suggested"

    def __repr__(self) -> str:
        return f"<Statement {self.id} {self.text[:40]!r}>"


class Embedding(Base):
    """A statement's vector under one model: normalised float32 bytes."""

    __tablename__ = "embedding"
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"), primary_key=True)
    model: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"<Embedding {self.statement_id} {self.model}>"


class ClaimGroup(Base):
    """Statements about one event or proposition, rival accounts included."""

    __tablename__ = "claim_group"
    __table_args__ = (
        CheckConstraint(_one_of("flag", FLAGS), name="flag"),
        CheckConstraint(_one_of("suggested_flag", FLAGS), name="suggested_flag"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(300), default="")
    # A person's verdict; it always wins over the suggested flag.
    flag: Mapped[str | None] = mapped_column(String(30))
    flag_note: Mapped[str | None] = mapped_column(Text)
    flagged_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # Stance suggestions (verify.stance.sides): the claim the group is about (a plain id, like
    # the history's), how surely some member denies it, the flag that suggests, and why.
    central_statement_id: Mapped[int | None] = mapped_column(Integer)
    conflict: Mapped[float | None] = mapped_column(Float, index=True)
    suggested_flag: Mapped[str | None] = mapped_column(String(30))
    conflict_reason: Mapped[str | None] = mapped_column(Text)
    # Members joined since the sides were last judged: a background job judges them
    # (`verify.services.stance.judge_due`); pages say "sides being judged" meanwhile.
    stance_due: Mapped[bool] = mapped_column(default=False, server_default=false(), index=True)
    # How many statements it holds: kept by the database's triggers on `membership` (revision
    # a4d2c8e61b07), never written by the app, so the list sorts and counts without a GROUP BY.
    # Read it from a fresh query: a group already loaded in a session keeps the count it had.
    size: Mapped[int] = mapped_column(server_default="0", index=True)
    # When an editor made its public page and ClaimReview available (UTC), and who; None while
    # it is not published. Only a group with a person's flag, on it or on a claim, is published.
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_by: Mapped[str | None] = mapped_column(String(200))

    memberships: Mapped[list[Membership]] = relationship(back_populates="group")
    claims: Mapped[list[Claim]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="Claim.id"
    )

    @property
    def shown_flag(self) -> str | None:
        """The flag the desk shows: a person's, else the suggested one."""
        return self.flag or self.suggested_flag

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def __repr__(self) -> str:
        return f"<ClaimGroup {self.id} {self.label[:40]!r}>"


class Claim(Base):
    """One proposition inside an event (a group) that its members assert, deny or report:
    who did it, how many died, what was hit. Sides are taken towards a claim."""

    __tablename__ = "claim"
    __table_args__ = (
        CheckConstraint(_one_of("flag", FLAGS), name="flag"),
        CheckConstraint(_one_of("suggested_flag", FLAGS), name="suggested_flag"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("claim_group.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(300), default="")
    # The statement that states the claim most plainly (a plain id, like the history's).
    central_statement_id: Mapped[int | None] = mapped_column(Integer)
    # How surely two of its members contradict each other, the flag that suggests, and why.
    conflict: Mapped[float | None] = mapped_column(Float)
    suggested_flag: Mapped[str | None] = mapped_column(String(30))
    conflict_reason: Mapped[str | None] = mapped_column(Text)
    # A person's verdict on the claim; it always wins over the suggested flag.
    flag: Mapped[str | None] = mapped_column(String(30))
    flag_note: Mapped[str | None] = mapped_column(Text)
    flagged_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    group: Mapped[ClaimGroup] = relationship(back_populates="claims")
    memberships: Mapped[list[Membership]] = relationship(back_populates="claim")

    @property
    def shown_flag(self) -> str | None:
        """The flag the desk shows: a person's, else the suggested one."""
        return self.flag or self.suggested_flag

    def __repr__(self) -> str:
        return f"<Claim {self.id} of g{self.group_id} {self.label[:40]!r}>"


class Membership(Base):
    """A statement's place in a group: suggested by the machine or confirmed by a person."""

    __tablename__ = "membership"
    __table_args__ = (
        # The groups list counts members per side from this index alone (no table rows read).
        Index("ix_membership_group_sides", "group_id", "side", "suggested_side"),
        CheckConstraint(_one_of("side", SIDES), name="side"),
        CheckConstraint(_one_of("suggested_side", SIDES), name="suggested_side"),
    )
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_group.id"), index=True)
    # Cosine of the statement to its group's centroid when it was placed.
    similarity: Mapped[float | None] = mapped_column(Float)
    side: Mapped[str | None] = mapped_column(String(20))
    # Set when a person placed or kept the statement here; regrouping never moves it then.
    confirmed_by: Mapped[str | None] = mapped_column(String(200))
    # Set when a person chose the side; automatic stance never overwrites it.
    side_set_by: Mapped[str | None] = mapped_column(String(200))
    # The claim inside the group the side is taken towards (None until claims are computed),
    # and who put it there when a person did: then recomputing claims never moves it.
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claim.id", ondelete="SET NULL"), index=True
    )
    claim_set_by: Mapped[str | None] = mapped_column(String(200))

    statement: Mapped[Statement] = relationship(back_populates="membership")
    group: Mapped[ClaimGroup] = relationship(back_populates="memberships")
    claim: Mapped[Claim | None] = relationship(back_populates="memberships")

    # Stance suggestions: the side the machine suggests, how sure it is of that side, the
    # probability that this member denies the group's central claim, and the slots (numbers,
    # actors, places, dates) where it clashes with the central claim:
    # [{"kind", "central": {"text", "span"}, "member": {"text", "span"}}], spans into the texts.
    suggested_side: Mapped[str | None] = mapped_column(String(20))
    side_confidence: Mapped[float | None] = mapped_column(Float)
    denial: Mapped[float | None] = mapped_column(Float)
    slot_conflicts: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # How surely it contradicts the member closest to it in meaning (`clash_with`, a plain id),
    # when that member is not the central claim.
    clash: Mapped[float | None] = mapped_column(Float)
    clash_with: Mapped[int | None] = mapped_column(Integer)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_by is not None

    @property
    def shown_side(self) -> str | None:
        """The side the desk shows: a person's, else the suggested one, else None."""
        return self.side or self.suggested_side

    def __repr__(self) -> str:
        return f"<Membership s{self.statement_id} g{self.group_id} {self.side}>"


class EditorAction(Base):
    """One entry of the append-only history: who did what, when and why."""

    __tablename__ = "editor_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Plain integers, not foreign keys: the trail outlives the statements and groups it names.
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)
    statement_id: Mapped[int | None] = mapped_column(Integer, index=True)
    editor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    # Set by verify.services.trail.chain (naive UTC) before hashing: the hash covers what is
    # stored. The server default only served entries from before the chain.
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # Hex sha256 of the previous entry (by id; GENESIS for the first) and of this entry's
    # fields with it: see verify.services.trail. The database refuses UPDATE and DELETE.
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def __repr__(self) -> str:
        return f"<EditorAction {self.id} {self.action} by {self.editor!r}>"


class Account(Base):
    """Someone who works on the desk: a unique name (the one the history records) and a role."""

    __tablename__ = "account"
    __table_args__ = (CheckConstraint(_one_of("role", ROLES), name="role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    # werkzeug's "scrypt:..." string: the scheme, its parameters, the salt and the hash.
    password_hash: Mapped[str] = mapped_column(String(300))
    disabled: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="account")

    # Flask-Login reads these four; kept here so the model needs no Flask import.
    @property
    def is_active(self) -> bool:
        return not self.disabled

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def __repr__(self) -> str:
        return f"<Account {self.id} {self.name!r} {self.role}>"


class ApiToken(Base):
    """A key to the JSON API for one account; only the sha256 of the token is stored."""

    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    account: Mapped[Account] = relationship(back_populates="tokens")

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} of account {self.account_id} {self.label!r}>"


class LoginFailure(Base):
    """One refused login, kept a while so that every worker process slows the next ones down,
    per account name and per client address."""

    __tablename__ = "login_failure"
    id: Mapped[int] = mapped_column(primary_key=True)
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)

    def __repr__(self) -> str:
        return f"<LoginFailure {self.name_key!r} from {self.address} at {self.created_at}>"


class GroupingState(Base):
    """A single row whose token changes, to a fresh random value, with every membership change.

    Each process keeps its group index in memory and rebuilds it when the token it saw is no
    longer the one stored, so several workers (and rolled-back transactions) never leave a stale
    index behind.
    """

    __tablename__ = "grouping_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), default="")
    # The model whose vectors the group_* tables below sum (None: not built yet), and how many
    # statements they count; kept where PostgreSQL has pgvector (verify.services.pgvector_index).
    model: Mapped[str | None] = mapped_column(String(200))
    members: Mapped[int] = mapped_column(default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<GroupingState {self.token}>"


class Job(Base):
    """Background work (an import, a large article, judging sides) and how far it got.

    The row is the job's truth whichever queue runs it (a thread of the app, or RQ on Redis):
    progress (`done` of `total`) is written in the transaction that stores that part of the
    work, so a job killed mid-way resumes from what was stored; `owner` and `heartbeat` say
    which process holds it and whether that process is still alive.
    """

    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint(_one_of("kind", JOB_KINDS), name="kind"),
        CheckConstraint(_one_of("state", JOB_STATES), name="state"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    # What the job works on: an import file's text, an article's fields (JSON), nothing.
    name: Mapped[str] = mapped_column(String(300), default="")
    input: Mapped[str | None] = mapped_column(Text)
    editor: Mapped[str | None] = mapped_column(String(200))
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    owner: Mapped[str | None] = mapped_column(String(200))
    heartbeat: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state} {self.done}/{self.total}>"


class GroupVector(Base):
    """A group's placement state: the sum of its members' unit vectors (float64 bytes) and their
    number. On PostgreSQL with pgvector the table also has `centroid`, sum / size as a `vector`
    with an HNSW index (added by the revision where the extension exists, not a model column)."""

    __tablename__ = "group_vector"
    group_id: Mapped[int] = mapped_column(
        ForeignKey("claim_group.id", ondelete="CASCADE"), primary_key=True
    )
    size: Mapped[int]
    vector_sum: Mapped[bytes] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"<GroupVector g{self.group_id} {self.size}>"


class GroupAnchor(Base):
    """How many members of a group carry an anchor (see verify.grouping.anchors)."""

    __tablename__ = "group_anchor"
    group_id: Mapped[int] = mapped_column(
        ForeignKey("claim_group.id", ondelete="CASCADE"), primary_key=True
    )
    anchor: Mapped[str] = mapped_column(Text, primary_key=True, index=True)
    members: Mapped[int]

    def __repr__(self) -> str:
        return f"<GroupAnchor g{self.group_id} {self.anchor!r} {self.members}>"


class GroupSource(Base):
    """How many members of a group come from a source (article)."""

    __tablename__ = "group_source"
    group_id: Mapped[int] = mapped_column(
        ForeignKey("claim_group.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[int] = mapped_column(primary_key=True)
    members: Mapped[int]

    def __repr__(self) -> str:
        return f"<GroupSource g{self.group_id} s{self.source_id} {self.members}>"


class AnchorFrequency(Base):
    """How many grouped statements carry an anchor: its document frequency for the weights."""

    __tablename__ = "anchor_frequency"
    anchor: Mapped[str] = mapped_column(Text, primary_key=True)
    statements: Mapped[int]

    def __repr__(self) -> str:
        return f"<AnchorFrequency {self.anchor!r} {self.statements}>"


@event.listens_for(EditorAction, "before_update")
@event.listens_for(EditorAction, "before_delete")
def _history_is_append_only(mapper: Any, connection: Any, target: EditorAction) -> None:
    raise ValueError("the editor history is append-only (the database refuses it too)")
