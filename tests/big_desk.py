"""A desk of thousands (or, for bench/page_bench.py, a million) statements written straight into
the tables, without the model: for requests that must hold up at volume (the crash sequences,
the page queries, the page bench), not for what the model decides."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import create_engine, insert

from verify.models import Claim, ClaimGroup, Membership, Speaker, Statement

SIDES = ("asserts", "denies", "neutral", None)
# Rows per INSERT: a million statements are written in pieces, never held all at once.
CHUNK = 20_000


def _group_of(n: int, groups: int, largest: int | None) -> int:
    """The group of statement n: the first `largest` statements in group 1 when given, else a
    few large groups and a long tail (as on a real desk)."""
    if largest is not None:
        return 1 if n <= largest else 2 + n % (groups - 1)
    return 1 + (n * n) % groups if n % 3 else 1 + n % 5


def _rows(
    statements: int, groups: int, claims_per_group: int, largest: int | None
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for n in range(1, statements + 1):
        group = _group_of(n, groups, largest)
        claim = (group - 1) * claims_per_group + 1 + n % claims_per_group
        statement = {
            "id": n,
            "text": f"{n} families left village {n % 97} on {1 + n % 31} May",
            "speaker_id": 1 + n % 40,
            "fingerprint": f"big-desk-{n}",
            "status": "confirmed",
            "cue": "said",
        }
        member = {
            "statement_id": n,
            "group_id": group,
            "claim_id": claim,
            "similarity": 0.5,
            "suggested_side": SIDES[n % len(SIDES)],
        }
        yield statement, member


def fill(
    url: str,
    statements: int = 2_000,
    groups: int = 40,
    claims_per_group: int = 3,
    largest: int | None = None,
) -> None:
    """Speakers, groups, claims and `statements` members, spread over the groups unevenly (the
    first groups are the largest); with `largest`, group 1 holds exactly that many."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(Speaker),
                [
                    {"id": n, "name": f"Speaker {n}", "key": f"speaker {n}", "kind": "other"}
                    for n in range(1, 41)
                ],
            )
            connection.execute(
                insert(ClaimGroup),
                [{"id": g, "label": f"Event {g} in the valley"} for g in range(1, groups + 1)],
            )
            claim_rows = [
                {"id": (g - 1) * claims_per_group + c, "group_id": g, "label": f"claim {c} of {g}"}
                for g in range(1, groups + 1)
                for c in range(1, claims_per_group + 1)
            ]
            connection.execute(insert(Claim), claim_rows)
            rows: list[dict[str, Any]] = []
            members: list[dict[str, Any]] = []
            for statement, member in _rows(statements, groups, claims_per_group, largest):
                rows.append(statement)
                members.append(member)
                if len(rows) == CHUNK:
                    connection.execute(insert(Statement), rows)
                    connection.execute(insert(Membership), members)
                    rows, members = [], []
            if rows:
                connection.execute(insert(Statement), rows)
                connection.execute(insert(Membership), members)
    finally:
        engine.dispose()
