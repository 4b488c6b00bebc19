"""A desk of a few thousand statements written straight into the tables, without the model: for
requests that must hold up at volume (the crash sequences), not for what the model decides."""

from __future__ import annotations

from sqlalchemy import create_engine, insert

from verify.models import Claim, ClaimGroup, Membership, Speaker, Statement

SIDES = ("asserts", "denies", "neutral", None)


def fill(url: str, statements: int = 2_000, groups: int = 40, claims_per_group: int = 3) -> None:
    """Speakers, groups, claims and `statements` members, spread over the groups unevenly (the
    first groups are the largest, as on a real desk)."""
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
            rows, members = [], []
            for n in range(1, statements + 1):
                group = 1 + (n * n) % groups if n % 3 else 1 + n % 5  # a few large groups
                claim = (group - 1) * claims_per_group + 1 + n % claims_per_group
                rows.append(
                    {
                        "id": n,
                        "text": f"{n} families left village {n % 97} on {1 + n % 31} May",
                        "speaker_id": 1 + n % 40,
                        "fingerprint": f"big-desk-{n}",
                        "status": "confirmed",
                        "cue": "said",
                    }
                )
                members.append(
                    {
                        "statement_id": n,
                        "group_id": group,
                        "claim_id": claim,
                        "similarity": 0.5,
                        "suggested_side": SIDES[n % len(SIDES)],
                    }
                )
            connection.execute(insert(Statement), rows)
            connection.execute(insert(Membership), members)
    finally:
        engine.dispose()
