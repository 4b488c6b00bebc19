"""`verify eval disputes`: run real coverage through the desk and score the disputes it shows.

The articles are ingested and every suggestion confirmed, as an editor who accepts everything
would, into a database the caller opened for this run alone; then the units the review UI shows
side by side (`services.disputes.dispute_units`) are scored against a gold file of claims, each
with its camps of attributed statements (../shared/eval/README.md). Rules the README leaves to us:
- A gold member is found by the statement, among those the units show, whose span overlaps it by
  the most characters in the same article (ties: the shorter statement, then the first stored).
  Two members may be found by one statement: they are then in one unit, with one side.
- Pairs are unordered pairs of found members. `together`: of pairs within one claim, the share
  in one unit. `side_accuracy`: of those pairs in one unit, the share whose shown sides are
  consistent (both asserts or denies; equal within a camp, opposite across camps).
  `separation`: of pairs across two claims, the share in different units.
- `disputed`: of claims with two or more camps, the share whose unit (the one holding most of
  its found members; ties: the unit of the earliest such member) is suggested or flagged
  disputed; a claim with no member found counts as not disputed. `one_sided_disputed` (ours):
  the same share among claims of one camp, where a disputed unit is a false alarm.
- A ratio with nothing to count (no pair of that kind) is None, printed "n/a" and null in JSON.
- Articles are ingested in the file's order, each ingest and confirmation one transaction;
  then the sides of every group placement marked due are judged (`services.judging.judge_due`,
  the background job of the desk), so the units are read as the desk shows them once judged.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ..choices import Side
from ..embedding import Embedder
from ..inputs.records import SourceInput, normalise_space, source_from_mapping
from ..models import ClaimGroup, Membership, Source, Statement
from ..services.articles import confirm_source, ingest_article
from ..services.disputes import DisputeUnit, dispute_units
from ..services.judging import judge_due
from ..services.placement import INDEXES
from .jsonl import json_objects

EDITOR = "eval"  # the editor who confirms everything, kept in the run's own history
_POLAR = (Side.ASSERTS.value, Side.DENIES.value)

Span = tuple[int, int]


@dataclass(frozen=True)
class CoverageArticle:
    """One line of an articles file: its id and the article as the desk ingests it."""

    id: str
    source: SourceInput


@dataclass(frozen=True)
class GoldMember:
    """The content span of one attributed statement, in one camp of a claim."""

    camp: str
    article: str
    span: Span


@dataclass(frozen=True)
class GoldClaim:
    """A claim of a gold file, its members in the order of its camps."""

    id: str
    claim: str
    members: tuple[GoldMember, ...]

    @property
    def camps(self) -> list[str]:
        return list(dict.fromkeys(member.camp for member in self.members))


def read_articles_file(path: str | Path) -> list[CoverageArticle]:
    """The articles of a JSONL file: {"id", "text", "title"?, "outlet"?, "published"?} a line.

    Raises ``ValueError`` naming the line for a line without a string id or a non-blank text,
    with a bad title, outlet or date, and when the file holds no article."""
    articles: list[CoverageArticle] = []
    for where, row in json_objects(path):
        article_id = row.get("id")
        if not isinstance(article_id, str) or not article_id.strip():
            raise ValueError(f"{where}: 'id' must be a non-empty string")
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: article {article_id!r} needs a non-empty 'text'")
        fields = {key: row.get(key) for key in ("title", "outlet", "published")}
        source = source_from_mapping({**fields, "text": text}, where)
        articles.append(CoverageArticle(article_id, source))
    if not articles:
        raise ValueError(f"{path}: no articles")
    return articles


def read_gold_file(path: str | Path, articles: Sequence[CoverageArticle]) -> list[GoldClaim]:
    """The claims of a disputes gold file, each member checked against `articles`.

    Raises ``ValueError`` naming the file and the member for invalid JSON or shape, an article
    that `articles` lacks (or holds under one id with different texts) and a span that is not
    [start, end) inside that article's text."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON ({error.msg}, line {error.lineno})") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    raw_claims = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(raw_claims, list) or not raw_claims:
        raise ValueError(f"{path}: expected an object with a non-empty 'claims' list")
    texts: dict[str, set[str]] = {}
    for article in articles:
        texts.setdefault(article.id, set()).add(article.source.text)
    claims: list[GoldClaim] = []
    for index, raw in enumerate(raw_claims, start=1):
        claims.append(_gold_claim(raw, str(path), index, texts))
    seen = Counter(claim.id for claim in claims)
    repeated = [claim_id for claim_id, count in seen.items() if count > 1]
    if repeated:
        raise ValueError(f"{path}: claim id {repeated[0]!r} is used more than once")
    return claims


def _gold_claim(raw: Any, path: str, index: int, texts: Mapping[str, set[str]]) -> GoldClaim:
    where = f"{path}: claim {index}"
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected an object")
    claim_id = raw.get("id")
    if not isinstance(claim_id, str) or not claim_id.strip():
        raise ValueError(f"{where}: 'id' must be a non-empty string")
    where = f"{path}: claim {claim_id!r}"
    description = raw.get("claim", "")
    if not isinstance(description, str):
        raise ValueError(f"{where}: 'claim' must be a string")
    camps = raw.get("camps")
    if not isinstance(camps, dict) or not camps:
        raise ValueError(f"{where}: 'camps' must be an object of camp name -> members")
    members: list[GoldMember] = []
    for camp, raw_members in camps.items():
        if not isinstance(raw_members, list) or not raw_members:
            raise ValueError(f"{where}, camp {camp!r}: expected a non-empty list of members")
        for number, member in enumerate(raw_members, start=1):
            at = f"{where}, camp {camp!r}, member {number}"
            members.append(_gold_member(member, camp, at, texts))
    return GoldClaim(claim_id, description, tuple(members))


def _gold_member(raw: Any, camp: str, where: str, texts: Mapping[str, set[str]]) -> GoldMember:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected an object with 'article' and 'span'")
    article = raw.get("article")
    if not isinstance(article, str):
        raise ValueError(f"{where}: 'article' must be an article id")
    if article not in texts:
        raise ValueError(f"{where}: article {article!r} is not in the articles file")
    if len(texts[article]) > 1:
        raise ValueError(
            f"{where}: article {article!r} is on several lines with different texts, "
            "so its span cannot be placed"
        )
    span = raw.get("span")
    if (
        not isinstance(span, list)
        or len(span) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in span)
    ):
        raise ValueError(f"{where}: 'span' must be [start, end] integers")
    (text,) = texts[article]
    start, end = span
    if not 0 <= start < end <= len(text):
        raise ValueError(
            f"{where}: span {span} is outside article {article!r} (length {len(text)}) or empty"
        )
    return GoldMember(camp, article, (start, end))


def span_mapper(stored: str, original: str) -> Callable[[Span], Span]:
    """Spans in `stored` as spans in `original`: the same text but for white space (a source is
    stored once for two articles that differ only in spacing)."""
    if stored == original:
        return lambda span: span
    if normalise_space(stored) != normalise_space(original):
        raise ValueError("the stored text is not the article's text")
    solid = [i for i, char in enumerate(original) if not char.isspace()]
    before = [0]  # before[i]: characters of stored[:i] that are not white space
    for char in stored:
        before.append(before[-1] + (not char.isspace()))

    def mapped(span: Span) -> Span:
        start, end = before[span[0]], before[span[1]]
        return (
            solid[start] if start < len(solid) else len(original),
            solid[end - 1] + 1 if end else 0,
        )

    return mapped


def ingest_coverage(
    session: Session, embedder: Embedder, articles: Sequence[CoverageArticle]
) -> dict[str, list[tuple[int, Span]]]:
    """Ingest every article and confirm all it suggests, committing one article at a time.

    Returns, per article id, its stored statements as (statement id, span in the article's own
    text). The session must be on an empty database of its own: it is committed to."""
    if session.scalar(select(func.count(Source.id))):
        raise ValueError("the disputes evaluation needs an empty database of its own")
    sources: dict[str, tuple[int, str]] = {}  # article id -> (source id, article text)
    for article in articles:
        report = ingest_article(session, article.source)
        if report.suggested:
            confirm_source(session, embedder, report.source.id, EDITOR)
        session.commit()
        sources.setdefault(article.id, (report.source.id, article.source.text))
    spans: dict[str, list[tuple[int, Span]]] = {}
    for article_id, (source_id, text) in sources.items():
        source = session.get(Source, source_id)
        assert source is not None
        mapped = span_mapper(source.text, text)
        spans[article_id] = [
            (statement.id, mapped((statement.span_start, statement.span_end)))
            for statement in session.scalars(
                select(Statement)
                .where(Statement.source_id == source_id, Statement.status == "confirmed")
                .order_by(Statement.id)
            )
            if statement.span_start is not None and statement.span_end is not None
        ]
    return spans


def match_members(
    claims: Sequence[GoldClaim],
    spans: Mapping[str, Sequence[tuple[int, Span]]],
    shown: set[int],
) -> list[list[int | None]]:
    """For each claim, for each member: the shown statement that overlaps it most, or None."""
    matched: list[list[int | None]] = []
    for claim in claims:
        row: list[int | None] = []
        for member in claim.members:
            best: tuple[int, int, int] | None = None  # (overlap, -length, -statement id)
            start, end = member.span
            for statement_id, (s, e) in spans.get(member.article, ()):
                overlap = min(end, e) - max(start, s)
                if statement_id not in shown or overlap <= 0:
                    continue
                key = (overlap, -(e - s), -statement_id)
                if best is None or key > best:
                    best = key
            row.append(None if best is None else -best[2])
        matched.append(row)
    return matched


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _is_consistent(camps: tuple[str, str], sides: tuple[str | None, str | None]) -> bool:
    if sides[0] not in _POLAR or sides[1] not in _POLAR:
        return False
    return (sides[0] == sides[1]) == (camps[0] == camps[1])


def score_disputes(
    claims: Sequence[GoldClaim],
    matched: Sequence[Sequence[int | None]],
    units: Sequence[DisputeUnit],
) -> dict[str, Any]:
    """found, together, side_accuracy, separation and disputed of `matched` (per claim, per
    member: the statement found, or None) over `units`; counts and a per-claim breakdown too."""
    unit_of = {sid: unit for unit in units for sid in unit.members}
    found_of: list[list[tuple[str, int]]] = [
        [(m.camp, sid) for m, sid in zip(c.members, row, strict=True) if sid is not None]
        for c, row in zip(claims, matched, strict=True)
    ]

    def same_unit(a: int, b: int) -> bool:
        return a == b or (a in unit_of and b in unit_of and unit_of[a].id == unit_of[b].id)

    per_claim: list[dict[str, Any]] = []
    totals = Counter[str]()
    for claim, row, found in zip(claims, matched, found_of, strict=True):
        pairs = list(combinations(found, 2))
        joined = [(a, b) for a, b in pairs if same_unit(a[1], b[1])]
        consistent = sum(
            _is_consistent((a[0], b[0]), (_side(unit_of, a[1]), _side(unit_of, b[1])))
            for a, b in joined
        )
        holder = _holder(found, unit_of)
        contested = len(claim.camps) >= 2
        counts = {
            "members": len(claim.members),
            "found": len(found),
            "pairs": len(pairs),
            "together": len(joined),
            "consistent": consistent,
        }
        totals.update(counts)
        is_disputed = holder is not None and holder.disputed
        totals["contested" if contested else "one_sided"] += 1
        totals["contested_disputed" if contested else "one_sided_disputed"] += int(is_disputed)
        per_claim.append(
            {
                "id": claim.id,
                "claim": claim.claim,
                "camps": claim.camps,
                **counts,
                "found_share": _ratio(len(found), len(claim.members)),
                "together_share": _ratio(len(joined), len(pairs)),
                "side_accuracy": _ratio(consistent, len(joined)),
                "unit": None if holder is None else _unit_json(holder),
                "members_found": [
                    {
                        "camp": m.camp,
                        "article": m.article,
                        "span": list(m.span),
                        "statement": sid,
                        "unit": unit_of[sid].id if sid in unit_of else None,
                        "event": unit_of[sid].event if sid in unit_of else None,
                        "side": _side(unit_of, sid) if sid is not None else None,
                    }
                    for m, sid in zip(claim.members, row, strict=True)
                ],
            }
        )
    across = [
        (a, b)
        for i, j in combinations(range(len(claims)), 2)
        for a in found_of[i]
        for b in found_of[j]
    ]
    apart = sum(not same_unit(a[1], b[1]) for a, b in across)
    sizes = [len(unit.members) for unit in units]
    return {
        "found": _ratio(totals["found"], totals["members"]),
        "together": _ratio(totals["together"], totals["pairs"]),
        "side_accuracy": _ratio(totals["consistent"], totals["together"]),
        "separation": _ratio(apart, len(across)),
        "disputed": _ratio(totals["contested_disputed"], totals["contested"]),
        "one_sided_disputed": _ratio(totals["one_sided_disputed"], totals["one_sided"]),
        "units": sum(1 for size in sizes if size),
        "units_disputed": sum(1 for unit in units if unit.members and unit.disputed),
        "largest_unit": max(sizes, default=0),
        "statements": sum(sizes),
        "counts": {
            "claims": len(claims),
            "members": totals["members"],
            "found": totals["found"],
            "pairs_within": totals["pairs"],
            "pairs_together": totals["together"],
            "pairs_consistent": totals["consistent"],
            "pairs_across": len(across),
            "pairs_apart": apart,
            "claims_contested": totals["contested"],
            "claims_disputed": totals["contested_disputed"],
            "claims_one_sided": totals["one_sided"],
            "claims_one_sided_disputed": totals["one_sided_disputed"],
        },
        "claims": per_claim,
    }


def _side(unit_of: Mapping[int, DisputeUnit], statement_id: int) -> str | None:
    unit = unit_of.get(statement_id)
    return None if unit is None else unit.members[statement_id]


def _holder(
    found: Sequence[tuple[str, int]], unit_of: Mapping[int, DisputeUnit]
) -> DisputeUnit | None:
    """The unit holding most of a claim's found members (ties: the earliest member's)."""
    units = [unit_of[sid] for _camp, sid in found if sid in unit_of]
    if not units:
        return None
    counts = Counter(unit.id for unit in units)
    return max(units, key=lambda unit: counts[unit.id])  # max keeps the first of equals


def _unit_json(unit: DisputeUnit) -> dict[str, Any]:
    return {"id": unit.id, "label": unit.label, "disputed": unit.disputed}


def evaluate_disputes(
    session: Session,
    embedder: Embedder,
    articles: Sequence[CoverageArticle],
    claims: Sequence[GoldClaim],
) -> dict[str, Any]:
    """Ingest and confirm `articles` through `session` (an empty database of this run's own),
    read the units and score them against `claims` (README contract, plus "articles",
    "counts" and "claims", the per-claim breakdown). "seconds" covers the whole run."""
    started = time.perf_counter()
    try:
        spans = ingest_coverage(session, embedder, articles)
        session.commit()  # end the read of the spans: judging writes from sessions of its own
        judge_due(sessionmaker(bind=session.get_bind(), info=dict(session.info)))
        units = dispute_units(session)
    finally:
        INDEXES.discard(session, embedder.name)  # the run's database goes away with the run
    seconds = time.perf_counter() - started
    shown = {sid for unit in units for sid in unit.members}
    result = score_disputes(claims, match_members(claims, spans, shown), units)
    result["seconds"] = seconds
    result["articles"] = len(articles)
    result["events"], result["events_disputed"] = _events(session)
    return result


def _events(session: Session) -> tuple[int, int]:
    """How many groups (events) hold statements, and how many of them are shown disputed."""
    held = select(Membership.group_id).distinct()
    groups = session.scalars(select(ClaimGroup).where(ClaimGroup.id.in_(held))).all()
    return len(groups), sum(1 for group in groups if group.shown_flag == "disputed")
