"""A flagged group, or the flagged claims of a group, as schema.org ClaimReview (JSON-LD) that
keeps the dispute: one review per side of each claim with a verdict, of the statement that stands
first on that side (the claim's central statement where it is on that side, else the member
closest to the group), and the reviews of rival sides of one claim name each other
(`associatedClaimReview`).

The verdict is the editor's flag, as the review's textual rating (`alternateName`): the claim's
own, else the group's. A claim with neither has no verdict and no review. There is no
numeric `ratingValue`: the flags (disputed, corroborated, unresolved, not a dispute) say how
accounts of an event agree, not how true one is, so no scale from worst to best exists to put
them on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..choices import SIDES, SpeakerKind, label
from ..extraction.cues import ABBREVIATED_TITLES, ORGANISATION_NOUNS, TITLES
from ..models import Claim, ClaimGroup, Source, Speaker, Statement
from .detail import ClaimDetail, GroupDetail, group_detail
from .lookups import get_group
from .publishing import require_verdict

CONTEXT = "https://schema.org"

# Kinds that speak as institutions: their speakers are Organizations unless the name is a
# person's ("Colonel Idris Vahid" speaks for the army but is a Person).
PERSON_KINDS = frozenset({SpeakerKind.WITNESS, SpeakerKind.EXPERT, SpeakerKind.ANONYMOUS_OFFICIAL})
# Words that make a name a body of people, not one person ("Security officials in Valoria").
COLLECTIVE_WORDS = ORGANISATION_NOUNS | frozenset(
    "officials sources ministers forces troops authorities spokesmen residents weekly daily "
    "times news press rights council ministry".split()
)
_PERSON_TITLES = (
    TITLES
    | {t.lower() for t in ABBREVIATED_TITLES}
    | {
        "colonel",
        "captain",
        "major",
        "lieutenant",
        "sergeant",
        "commander",
        "admiral",
        "ambassador",
        "mayor",
        "judge",
        "doctor",
        "professor",
    }
)


@dataclass(frozen=True)
class Publisher:
    """The newsroom that publishes the reviews (settings PUBLISHER_NAME and PUBLISHER_URL)."""

    name: str
    url: str | None = None


def is_person_name(name: str) -> bool:
    """A name that reads as one person's: a title first, or two to four capitalised words none
    of which names a body of people ("Rustam Kaleev", not "Valoria army" or "The Daily")."""
    words = re.findall(r"[\w.'’-]+", name)
    if not words:
        return False
    lowered = [w.lower().strip(".") for w in words]
    if any(w in COLLECTIVE_WORDS for w in lowered) or lowered[0] == "the":
        return False
    if lowered[0] in _PERSON_TITLES or f"{lowered[0]}." in _PERSON_TITLES:
        return True
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def claim_author(speaker: Speaker) -> dict[str, Any]:
    """The speaker as a Person or an Organization. An anonymous source gets a description of
    who it is and no name: the desk does not know one and does not invent one."""
    anonymous = speaker.is_anonymous or speaker.kind == SpeakerKind.ANONYMOUS_OFFICIAL
    if speaker.kind in PERSON_KINDS:
        kind = "Person"
    elif anonymous:
        kind = "Organization"  # "military sources": anonymous, and speaking as an institution
    else:
        kind = "Person" if is_person_name(speaker.name) else "Organization"
    author: dict[str, Any] = {"@type": kind}
    if anonymous:
        described = speaker.description or speaker.name
        author["description"] = f"an anonymous source ({label(speaker.kind)}): {described}"
        return author
    author["name"] = speaker.name
    if speaker.description:
        author["description"] = speaker.description
    return author


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def appearance(source: Source) -> dict[str, Any]:
    """The article the statement appeared in, with what the desk knows of it."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if source.url:
        work["url"] = source.url
    if source.title:
        work["headline"] = source.title
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": source.outlet}
    if source.published:
        work["datePublished"] = source.published.isoformat()
    return work


def _item_reviewed(statement: Statement) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim", "author": claim_author(statement.speaker)}
    said = statement.said_on or (statement.source.published if statement.source else None)
    if said:
        item["datePublished"] = said.isoformat()
    if statement.source is not None:
        item["appearance"] = appearance(statement.source)
    return item


def _verdict(group: ClaimGroup, claim: Claim) -> tuple[str, str | None] | None:
    """The editor's flag that rules a claim, and its note: the claim's own when a person set
    one, else the group's; None when a person flagged neither."""
    if claim.id is not None and claim.flag:
        return claim.flag, claim.flag_note
    if group.flag is not None:
        return group.flag, group.flag_note
    return None


def reviewed_claims(detail: GroupDetail) -> list[ClaimDetail]:
    """The claims of a laid-out group that carry a verdict, in the layout's order: every claim
    of a flagged group, else only those a person flagged."""
    return [part for part in detail.claims if _verdict(detail.group, part.claim) is not None]


def review_anchor(claim: Claim, side: str) -> str:
    """The fragment of the public page where one side of one claim stands."""
    return f"review-{claim.id if claim.id is not None else 'unsorted'}-{side}"


def _reviews_of_claim(
    group: ClaimGroup, part: ClaimDetail, page_url: str, publisher: Publisher
) -> list[dict[str, Any]]:
    firsts = {side: part.columns[side][0] for side in SIDES if part.columns.get(side)}
    ids = {side: f"{page_url}#{review_anchor(part.claim, side)}" for side in firsts}
    verdict = _verdict(group, part.claim)
    if verdict is None:
        return []
    flag, note = verdict
    author: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        author["url"] = publisher.url
    reviews = []
    for side, membership in firsts.items():
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": label(flag)}
        if note:
            rating["ratingExplanation"] = note
        review: dict[str, Any] = {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "@id": ids[side],
            "url": ids[side],
            "claimReviewed": membership.statement.text,
            "author": author,
            "reviewRating": rating,
            "itemReviewed": _item_reviewed(membership.statement),
            "description": f"The account that {side} "
            + (f"“{part.claim.label}”" if part.claim.label else "this group's claim"),
        }
        if group.published_at is not None:
            review["datePublished"] = group.published_at.date().isoformat()
        rivals = [{"@id": ids[other]} for other in firsts if other != side]
        if rivals:
            review["associatedClaimReview"] = rivals
        reviews.append(review)
    return reviews


def reviews_of(detail: GroupDetail, page_url: str, publisher: Publisher) -> list[dict[str, Any]]:
    """The ClaimReviews of a group laid out by `group_detail` (any page size: each side's
    first account is the one reviewed), each a JSON-LD object of its own; `page_url` is the
    group's public page, which hosts them. Only claims with a verdict are reviewed; Conflict when
    no person has flagged the group or any of its claims."""
    require_verdict(detail.group)
    return [
        review
        for part in reviewed_claims(detail)
        for review in _reviews_of_claim(detail.group, part, page_url, publisher)
    ]


def claim_reviews(
    session: Session, group_id: int, page_url: str, publisher: Publisher
) -> list[dict[str, Any]]:
    """Every ClaimReview of a group a person has flagged, or of the claims a person has flagged
    in it (Conflict when neither)."""
    group = get_group(session, group_id)
    require_verdict(group)  # before laying out a group that cannot be reviewed
    return reviews_of(group_detail(session, group_id, limit=1), page_url, publisher)
