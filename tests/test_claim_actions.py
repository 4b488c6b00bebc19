"""The editor's actions on the claims inside an event: move a statement to another claim, split a
claim, merge two, flag one; through the JSON API and the group page, each recorded in the history,
each refusal writing nothing.

The dam event of the demo holds two claims (the minister's allocation with the canals' shortfall,
and the shut gates); the raid event holds the civilian toll, disputed, and the hideout."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from api_calls import assert_error
from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from pages import EDITOR, act, card_ids, flashes, history, one, page, read, statement_id
from sqlalchemy import select
from sqlalchemy.orm import Session

from verify.models import Claim, EditorAction, Membership
from verify.stance.relation import Relation

ALLOCATION = "full seasonal allocation"  # the dam event: the minister asserts the allocation
CANALS = "The canals at the tail end"  # ... in the allocation's claim
GATES = "two of the four outlet gates"  # ... a claim of its own
ARMY_TOLL = "Every person killed in Sarkand was an armed militant"  # the raid: the toll claim
HIDEOUT = "special forces have overrun a large hideout"  # ... the hideout claim


# ---------------------------------------------------------------- helpers


def claim_of(app: Flask, fragment: str) -> int:
    """The id of the claim holding the statement whose text contains `fragment`."""
    sid = statement_id(app, fragment)
    found = read(app, lambda s: s.get_one(Membership, sid).claim_id)
    assert found is not None, fragment
    return found


def group_of_claim(app: Flask, claim_id: int) -> int:
    return read(app, lambda s: s.get_one(Claim, claim_id).group_id)


def state(app: Flask) -> tuple[Any, ...]:
    """Every claim, every member's claim and stance, and the history: what an action may write."""

    def query(session: Session) -> tuple[Any, ...]:
        claims = session.execute(
            select(
                Claim.id,
                Claim.group_id,
                Claim.flag,
                Claim.flag_note,
                Claim.flagged_by,
                Claim.central_statement_id,
                Claim.conflict,
            ).order_by(Claim.id)
        ).all()
        members = session.execute(
            select(
                Membership.statement_id,
                Membership.group_id,
                Membership.claim_id,
                Membership.claim_set_by,
                Membership.confirmed_by,
                Membership.suggested_side,
            ).order_by(Membership.statement_id)
        ).all()
        actions = session.scalars(select(EditorAction.id).order_by(EditorAction.id)).all()
        return tuple(claims), tuple(members), tuple(actions)

    return read(app, query)


def last_action(app: Flask) -> EditorAction:
    def query(session: Session) -> EditorAction:
        entry = session.scalars(select(EditorAction).order_by(EditorAction.id.desc())).first()
        assert entry is not None
        session.expunge(entry)
        return entry

    return read(app, query)


def members_of(app: Flask, claim_id: int) -> dict[int, str | None]:
    """Statement id -> who pinned it there, for each member of the claim."""
    rows = read(
        app,
        lambda s: s.execute(
            select(Membership.statement_id, Membership.claim_set_by).where(
                Membership.claim_id == claim_id
            )
        ).all(),
    )
    return {sid: who for sid, who in rows}


def section(soup: BeautifulSoup, claim_id: int) -> Tag:
    return one(soup, f'section.claim[data-claim-id="{claim_id}"]')


# ---------------------------------------------------------------- move to another claim (API)


def test_a_statement_moves_to_another_claim_of_its_event_and_stays_there(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    canals, gates = statement_id(demo_app, CANALS), claim_of(demo_app, GATES)
    allocation = claim_of(demo_app, ALLOCATION)
    response = demo_client.post(
        f"/api/statements/{canals}/claim",
        json={"claim_id": gates, "note": "about the gates"},
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["id"] == group_of_claim(demo_app, gates)
    member = next(m for m in body["members"] if m["statement_id"] == canals)
    assert member["claim_id"] == gates
    assert member["suggested_side"] is not None  # judged afresh in its new claim
    assert members_of(demo_app, gates)[canals] == "Ana"
    assert set(members_of(demo_app, allocation).values()) == {"Ana"}  # the claim it left, kept
    entry = last_action(demo_app)
    assert (entry.action, entry.statement_id, entry.group_id) == (
        "move_to_claim",
        canals,
        body["id"],
    )
    assert entry.detail == {"from_claim": allocation, "to_claim": gates, "to_new_claim": False}
    assert entry.note == "about the gates"


def test_a_statement_moved_to_no_claim_starts_a_new_claim_in_its_event(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    canals, allocation = statement_id(demo_app, CANALS), claim_of(demo_app, ALLOCATION)
    group_id = group_of_claim(demo_app, allocation)
    response = demo_client.post(f"/api/statements/{canals}/claim", json={"claim_id": None})
    assert response.status_code == 200, response.get_json()
    new = claim_of(demo_app, CANALS)
    assert new != allocation and group_of_claim(demo_app, new) == group_id
    assert new in [c["id"] for c in response.get_json()["claims"]]
    assert last_action(demo_app).detail == {
        "from_claim": allocation,
        "to_claim": new,
        "to_new_claim": True,
    }


def test_a_claim_of_another_event_is_refused_and_nothing_is_written(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    canals, toll = statement_id(demo_app, CANALS), claim_of(demo_app, ARMY_TOLL)
    before = state(demo_app)
    response = demo_client.post(f"/api/statements/{canals}/claim", json={"claim_id": toll})
    own_group = group_of_claim(demo_app, claim_of(demo_app, CANALS))
    assert_error(
        response,
        400,
        f"claim {toll} belongs to group {group_of_claim(demo_app, toll)}",
        f"statement {canals}'s group {own_group}",
        "move the statement to that group first",
    )
    assert state(demo_app) == before


def test_moving_a_statement_into_the_claim_it_is_in_is_refused(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    canals, allocation = statement_id(demo_app, CANALS), claim_of(demo_app, ALLOCATION)
    before = state(demo_app)
    response = demo_client.post(f"/api/statements/{canals}/claim", json={"claim_id": allocation})
    assert_error(response, 400, f"already in claim {allocation}")
    assert state(demo_app) == before


@pytest.mark.parametrize(
    ("path", "body", "words"),
    [
        ("/api/statements/{canals}/claim", {"claim_id": 9999}, "no claim with id 9999"),
        ("/api/statements/9999/claim", {"claim_id": None}, "no statement with id 9999"),
        ("/api/claims/9999/split", {"statement_ids": [1]}, "no claim with id 9999"),
        ("/api/claims/9999/merge", {"other_claim": 1}, "no claim with id 9999"),
        ("/api/claims/{allocation}/merge", {"other_claim": 9999}, "no claim with id 9999"),
        ("/api/claims/9999/flag", {"flag": "disputed"}, "no claim with id 9999"),
        ("/api/claims/9999", None, "no claim with id 9999"),
    ],
    ids=["move-to", "move-what", "split", "merge-into", "merge-from", "flag", "get"],
)
def test_an_unknown_claim_or_statement_is_404_and_nothing_is_written(
    demo_app: Flask, demo_client: FlaskClient, path: str, body: dict[str, Any] | None, words: str
) -> None:
    url = path.format(
        canals=statement_id(demo_app, CANALS), allocation=claim_of(demo_app, ALLOCATION)
    )
    before = state(demo_app)
    if body is None:
        response = demo_client.get(url)
    else:
        response = demo_client.post(url, json=body)
    assert_error(response, 404, words)
    assert state(demo_app) == before


CLAIM_ACTIONS: dict[str, Callable[[dict[str, int]], tuple[str, dict[str, Any]]]] = {
    "move": lambda ids: (f"/api/statements/{ids['canals']}/claim", {"claim_id": None}),
    "split": lambda ids: (
        f"/api/claims/{ids['allocation']}/split",
        {"statement_ids": [ids["canals"]]},
    ),
    "merge": lambda ids: (f"/api/claims/{ids['allocation']}/merge", {"other_claim": ids["gates"]}),
    "flag": lambda ids: (f"/api/claims/{ids['allocation']}/flag", {"flag": "disputed"}),
}


@pytest.mark.parametrize("action", sorted(CLAIM_ACTIONS))
def test_a_claim_action_without_a_token_is_401_and_writes_nothing(
    demo_app: Flask, demo_client: FlaskClient, action: str
) -> None:
    ids = {
        "canals": statement_id(demo_app, CANALS),
        "allocation": claim_of(demo_app, ALLOCATION),
        "gates": claim_of(demo_app, GATES),
    }
    path, body = CLAIM_ACTIONS[action](ids)
    before = state(demo_app)
    del demo_client.environ_base["HTTP_AUTHORIZATION"]  # logged in, but a session is not enough
    assert_error(demo_client.post(path, json=body), 401, "token")
    assert state(demo_app) == before


# ---------------------------------------------------------------- split (API)


def test_a_split_takes_the_chosen_statements_into_a_new_claim_of_the_event(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    allocation, canals = claim_of(demo_app, ALLOCATION), statement_id(demo_app, CANALS)
    minister = statement_id(demo_app, ALLOCATION)
    response = demo_client.post(
        f"/api/claims/{allocation}/split",
        json={"statement_ids": [canals], "note": "two claims"},
    )
    assert response.status_code == 201, response.get_json()
    new = claim_of(demo_app, CANALS)
    assert new != allocation
    assert response.headers["Location"] == f"/api/claims/{new}"
    shown = demo_client.get(response.headers["Location"]).get_json()
    assert shown["group_id"] == response.get_json()["id"] == group_of_claim(demo_app, allocation)
    assert canals in [sid for held in shown["sides"].values() for sid in held]
    assert members_of(demo_app, new) == {canals: "Ana"}
    assert members_of(demo_app, allocation) == {minister: "Ana"}  # the rest stays, pinned too
    entry = last_action(demo_app)
    assert (entry.action, entry.statement_id, entry.note) == ("split_claim", None, "two claims")
    assert entry.detail == {"from_claim": allocation, "new_claim": new, "statements": [canals]}


@pytest.mark.parametrize(
    ("chosen", "words"),
    [
        ("none", "choose at least one statement"),
        ("all", "at least one statement in the claim"),
        ("stranger", "are not in claim"),
    ],
)
def test_a_split_taking_none_all_or_strangers_is_refused_and_writes_nothing(
    demo_app: Flask, demo_client: FlaskClient, chosen: str, words: str
) -> None:
    allocation = claim_of(demo_app, ALLOCATION)
    ids = {
        "none": [],
        "all": [statement_id(demo_app, ALLOCATION), statement_id(demo_app, CANALS)],
        "stranger": [statement_id(demo_app, GATES)],
    }[chosen]
    before = state(demo_app)
    response = demo_client.post(f"/api/claims/{allocation}/split", json={"statement_ids": ids})
    assert_error(response, 400, words)
    assert state(demo_app) == before


class AlwaysDisagrees:
    """A judge for whom every account contradicts every other: stance then ties any two claims
    of an event into one claim with two sides."""

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Relation]:
        return [Relation("disagree", {"disagree": 1.0}) for _ in pairs]


def test_a_split_holds_even_where_stance_would_tie_the_claims_together(
    demo_app: Flask, demo_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stance ties claims whose accounts contradict each other into one claim, but never a claim
    # a person touched: the person's split stands.
    monkeypatch.setattr("verify.services.stance.stance_judge", AlwaysDisagrees)
    allocation, canals = claim_of(demo_app, ALLOCATION), statement_id(demo_app, CANALS)
    response = demo_client.post(f"/api/claims/{allocation}/split", json={"statement_ids": [canals]})
    assert response.status_code == 201, response.get_json()
    assert claim_of(demo_app, CANALS) != allocation
    assert canals not in members_of(demo_app, allocation)


# ---------------------------------------------------------------- merge (API)


def test_a_merge_brings_every_statement_of_the_other_claim_in_and_deletes_it(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    allocation, gates = claim_of(demo_app, ALLOCATION), claim_of(demo_app, GATES)
    moved = statement_id(demo_app, GATES)
    response = demo_client.post(
        f"/api/claims/{allocation}/merge",
        json={"other_claim": gates, "note": "one claim"},
    )
    assert response.status_code == 200, response.get_json()
    assert gates not in [c["id"] for c in response.get_json()["claims"]]
    assert read(demo_app, lambda s: s.get(Claim, gates)) is None
    held = members_of(demo_app, allocation)
    assert moved in held and set(held.values()) == {"Ana"}
    entry = last_action(demo_app)
    assert entry.action == "merge_claims"
    assert entry.detail == {"into_claim": allocation, "from_claim": gates, "statements": [moved]}
    assert_error(demo_client.get(f"/api/claims/{gates}"), 404, f"no claim with id {gates}")


def test_merging_a_claim_into_itself_is_refused_and_writes_nothing(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    allocation = claim_of(demo_app, ALLOCATION)
    before = state(demo_app)
    response = demo_client.post(f"/api/claims/{allocation}/merge", json={"other_claim": allocation})
    assert_error(response, 400, "cannot be merged into itself")
    assert state(demo_app) == before


def test_merging_claims_of_two_events_is_refused_and_writes_nothing(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    allocation, toll = claim_of(demo_app, ALLOCATION), claim_of(demo_app, ARMY_TOLL)
    before = state(demo_app)
    response = demo_client.post(f"/api/claims/{allocation}/merge", json={"other_claim": toll})
    assert_error(
        response,
        400,
        f"claim {toll} belongs to group {group_of_claim(demo_app, toll)}",
        f"claim {allocation}'s group {group_of_claim(demo_app, allocation)}",
    )
    assert state(demo_app) == before


# ---------------------------------------------------------------- flag (API)


def test_a_claims_flag_keeps_the_editors_verdict_and_note(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    toll = claim_of(demo_app, ARMY_TOLL)
    response = demo_client.post(
        f"/api/claims/{toll}/flag", json={"flag": "corroborated", "note": "checked"}
    )
    assert response.status_code == 200, response.get_json()
    shown = next(c for c in response.get_json()["claims"] if c["id"] == toll)
    assert (shown["flag"], shown["shown_flag"], shown["flag_note"], shown["flagged_by"]) == (
        "corroborated",
        "corroborated",
        "checked",
        "Ana",
    )
    entry = last_action(demo_app)
    assert (entry.action, entry.group_id) == ("flag_claim", group_of_claim(demo_app, toll))
    assert entry.detail == {"claim": toll, "from": None, "to": "corroborated"}
    demo_client.post(f"/api/claims/{toll}/flag", json={"flag": None})
    assert last_action(demo_app).detail == {"claim": toll, "from": "corroborated", "to": None}
    assert demo_client.get(f"/api/claims/{toll}").get_json()["shown_flag"] == "disputed"


def test_an_unknown_flag_is_refused_and_writes_nothing(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    toll = claim_of(demo_app, ARMY_TOLL)
    before = state(demo_app)
    response = demo_client.post(f"/api/claims/{toll}/flag", json={"flag": "fake"})
    assert_error(response, 400, "unknown flag 'fake'", "disputed")
    assert state(demo_app) == before


# ---------------------------------------------------------------- the group page


def test_each_claim_on_the_page_offers_its_flag_split_and_merge_forms(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    allocation, gates = claim_of(demo_app, ALLOCATION), claim_of(demo_app, GATES)
    canals = statement_id(demo_app, CANALS)
    soup = page(demo_client.get(f"/groups/{group_of_claim(demo_app, allocation)}"))
    claim = section(soup, allocation)
    assert one(claim, "form.flag-claim select[name=flag]")
    assert one(claim, f"form.split-claim#claim-split-{allocation}")
    merge_options = [
        o["value"] for o in claim.select("form.merge-claim select[name=other_claim] option")
    ]
    assert merge_options == [str(gates)]
    card = one(claim, f'article.card[data-statement-id="{canals}"]')
    assert one(card, f'input[type=checkbox][form="claim-split-{allocation}"]')["value"] == str(
        canals
    )
    targets = [o["value"] for o in card.select(".move-claim select[name=to_claim] option")]
    assert targets == [str(gates), "new"]


def test_a_card_moved_to_another_claim_shows_in_that_claims_section(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    canals, gates = statement_id(demo_app, CANALS), claim_of(demo_app, GATES)
    allocation = claim_of(demo_app, ALLOCATION)
    group_id = group_of_claim(demo_app, gates)
    soup = act(demo_client, f"/groups/{group_id}/claims/move", statement_id=canals, to_claim=gates)
    assert flashes(soup, "success") == [f"Moved statement {canals} to claim #{gates}."]
    assert canals in card_ids(section(soup, gates))
    assert (
        f"moved statement {canals} from claim #{allocation} to claim #{gates}" in history(soup)[0]
    )


def test_ticked_cards_split_off_into_a_new_claim_on_the_page(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    allocation, canals = claim_of(demo_app, ALLOCATION), statement_id(demo_app, CANALS)
    group_id = group_of_claim(demo_app, allocation)
    soup = act(
        demo_client,
        f"/groups/{group_id}/claims/{allocation}/split",
        statement_id=[canals],
        note="apart",
    )
    new = claim_of(demo_app, CANALS)
    assert flashes(soup, "success") == [
        f"Split 1 statement off claim #{allocation} into new claim #{new}."
    ]
    assert card_ids(section(soup, new)) == [canals]
    assert (
        f"split statement {canals} off claim #{allocation} into new claim #{new}"
        in history(soup)[0]
    )
    assert "apart" in history(soup)[0]


def test_a_claim_merged_on_the_page_leaves_one_section(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    allocation, gates = claim_of(demo_app, ALLOCATION), claim_of(demo_app, GATES)
    moved = statement_id(demo_app, GATES)
    group_id = group_of_claim(demo_app, allocation)
    soup = act(demo_client, f"/groups/{group_id}/claims/{allocation}/merge", other_claim=gates)
    assert flashes(soup, "success") == [f"Merged claim #{gates} into claim #{allocation}."]
    assert soup.select_one(f'section.claim[data-claim-id="{gates}"]') is None
    assert moved in card_ids(section(soup, allocation))
    assert f"merged claim #{gates} into claim #{allocation} (statement {moved})" in history(soup)[0]


def test_a_claim_flagged_on_the_page_shows_the_badge_the_note_and_the_history(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    gates = claim_of(demo_app, GATES)
    group_id = group_of_claim(demo_app, gates)
    soup = act(
        demo_client,
        f"/groups/{group_id}/claims/{gates}/flag",
        flag="unresolved",
        note="ask the ministry",
    )
    claim = section(soup, gates)
    assert one(claim, "h2 .flag").get_text(strip=True) == "unresolved"
    assert "ask the ministry" in one(claim, ".claim-flag").get_text()
    assert f"flagged claim #{gates} “unresolved” (was no flag)" in history(soup)[0]
    soup = act(demo_client, f"/groups/{group_id}/claims/{gates}/flag", flag="")
    assert section(soup, gates).select_one("h2 .flag") is None
    assert f"cleared the flag of claim #{gates} (was unresolved)" in history(soup)[0]


@pytest.mark.parametrize(
    ("action", "form", "words"),
    [
        (
            "claims/move",
            {"statement_id": "{canals}", "to_claim": "{toll}"},
            "move the statement to that group first",
        ),
        ("claims/{allocation}/split", {}, "choose at least one statement to split off"),
        (
            "claims/{allocation}/merge",
            {"other_claim": "{allocation}"},
            "a claim cannot be merged into itself",
        ),
        ("claims/{allocation}/merge", {"other_claim": "{toll}"}, "only claims of one group merge"),
        ("claims/{allocation}/flag", {"flag": "fake"}, "unknown flag 'fake'"),
        ("claims/{toll}/flag", {"flag": "disputed"}, "claim {toll} is not in group {group}"),
    ],
    ids=[
        "move-across-events",
        "split-none",
        "merge-itself",
        "merge-across-events",
        "bad-flag",
        "other-page",
    ],
)
def test_a_refused_claim_action_on_the_page_is_flashed_and_writes_nothing(
    demo_app: Flask, demo_client: FlaskClient, action: str, form: dict[str, str], words: str
) -> None:
    allocation = claim_of(demo_app, ALLOCATION)
    ids = {
        "canals": statement_id(demo_app, CANALS),
        "allocation": allocation,
        "toll": claim_of(demo_app, ARMY_TOLL),
        "group": group_of_claim(demo_app, allocation),
    }
    before = state(demo_app)
    soup = act(
        demo_client,
        f"/groups/{ids['group']}/" + action.format(**ids),
        **{key: value.format(**ids) for key, value in form.items()},
    )
    errors = flashes(soup, "error")
    assert len(errors) == 1 and words.format(**ids) in errors[0], errors
    assert state(demo_app) == before


def test_a_claim_action_names_its_editor_in_the_history(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    gates = claim_of(demo_app, GATES)
    act(
        demo_client,
        f"/groups/{group_of_claim(demo_app, gates)}/claims/{gates}/flag",
        flag="disputed",
    )
    assert last_action(demo_app).editor == EDITOR
