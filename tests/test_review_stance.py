"""Stance on the review pages: columns by the side shown, the central claim, the conflict panel and
the clashing slots, the groups list in dispute order. The real model and the real stance judge fill
the stance columns as the app does; pages are parsed as a fact-checker reads them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bs4 import Tag
from flask import Flask
from flask.testing import FlaskClient
from pages import EDITOR, act, attr, card, card_ids, column, group_of, one, page, read, statement_id
from sqlalchemy import select
from sqlalchemy.orm import Session

from verify.choices import SIDES
from verify.embedding import SentenceTransformerEmbedder
from verify.inputs.files import parse_json
from verify.models import ClaimGroup, Membership
from verify.review.highlights import pieces, slot_mark
from verify.services import add_statements
from verify.services.judging import judge_due

KALEEV_DENIAL = "shelling farming families"

# A rival-accounts pair in the shape of the seed dispatch: who was killed, fighters or civilians.
RAID_CLAIM = "Security forces killed 12 hardcore terrorists in a raid in Mastung district on Sunday"
RAID_DENIAL = "The army is attacking civilians in Mastung with gunship helicopters"
MASTUNG = {
    "statements": [
        {
            "text": RAID_CLAIM,
            "speaker": "Pakistani military",
            "speaker_kind": "military",
            "cue": "said",
        },
        {
            "text": RAID_DENIAL,
            "speaker": "Brahumdagh Bugti",
            "speaker_kind": "insurgent",
            "cue": "alleged",
        },
    ]
}
# The same accounts with markup in them, as a hostile or careless source might write it.
MARKED_CLAIM = (
    "<script>alert('x')</script> Security forces killed 12 hardcore terrorists in Mastung"
)
MARKED_DENIAL = "The army is attacking civilians in Mastung <b>with gunship helicopters</b>"
MARKUP = {
    "statements": [
        {"text": MARKED_CLAIM, "speaker": "<b>Military</b>", "cue": "said"},
        {"text": MARKED_DENIAL, "speaker": "Brahumdagh Bugti", "cue": "alleged"},
    ]
}


# ---------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Member:
    """A membership as the test reads it from the database."""

    statement_id: int
    text: str
    side: str | None
    shown_side: str | None
    side_confidence: float | None
    set_by: str | None
    slot_conflicts: list[dict[str, Any]]


def members(app: Flask, group_id: int) -> list[Member]:
    def query(session: Session) -> list[Member]:
        rows = session.scalars(select(Membership).where(Membership.group_id == group_id))
        return [
            Member(
                m.statement_id,
                m.statement.text,
                m.side,
                m.shown_side,
                m.side_confidence,
                m.side_set_by or m.confirmed_by,
                m.slot_conflicts or [],
            )
            for m in rows
        ]

    return read(app, query)


def group_row(app: Flask, group_id: int) -> ClaimGroup:
    return read(app, lambda s: s.get_one(ClaimGroup, group_id))


def import_json(client: FlaskClient, document: dict[str, Any]) -> None:
    """Paste an import document into the review UI's import form, as an editor would."""
    response = client.post("/import", data={"pasted": json.dumps(document)}, follow_redirects=True)
    assert response.status_code == 200, response.get_data(as_text=True)


def words(tag: Tag) -> str:
    """The tag's text as a person reads it: whitespace runs collapsed."""
    return " ".join(tag.get_text(" ").split())


# ---------------------------------------------------------------- group page: columns


def test_every_card_sits_in_the_column_of_its_shown_side_with_a_confidence(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    raid = group_of(demo_app, KALEEV_DENIAL)
    shown = members(demo_app, raid)
    suggested = [m for m in shown if m.side is None and m.shown_side is not None]
    assert suggested, "the demo leaves some raid accounts for the desk to suggest"
    assert any(m.side is not None for m in shown), "and gives a person's side for others"
    soup = page(demo_client.get(f"/groups/{raid}"))
    for member in shown:
        assert member.statement_id in card_ids(column(soup, member.shown_side or "undetermined"))
        note = words(one(card(soup, member.statement_id), ".stance .side-note"))
        if member.side is not None:
            assert note == f"{member.side} · set by {member.set_by}"
        else:
            assert member.side_confidence is not None
            percent = round(member.side_confidence * 100)
            assert note == f"suggested {member.shown_side} · {percent}%"
    assert sorted(card_ids(soup)) == sorted(m.statement_id for m in shown)


def test_the_page_shows_asserts_denies_and_neutral_and_no_empty_undetermined_column(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    raid = group_of(demo_app, KALEEV_DENIAL)
    assert all(m.shown_side is not None for m in members(demo_app, raid))
    soup = page(demo_client.get(f"/groups/{raid}"))
    claims = soup.select("section.claim")
    assert len(claims) >= 2  # the event's claims, each side by side
    for claim in claims:
        assert [str(s["data-side"]) for s in claim.select("section.column")] == list(SIDES)


def test_members_not_yet_judged_wait_in_the_undetermined_column(
    app: Flask, client: FlaskClient, embedder: SentenceTransformerEmbedder
) -> None:
    """Placed statements wait for the stance job: undetermined, the group saying its sides are
    being judged, until the job has judged them."""
    with app.extensions["verify.writing_sessionmaker"]() as session:  # not the request's: no job
        add_statements(session, embedder, parse_json(json.dumps(MASTUNG)).statements)
        session.commit()
    group_id = group_of(app, "hardcore terrorists")
    ids = sorted(m.statement_id for m in members(app, group_id))
    before = page(client.get(f"/groups/{group_id}"))
    assert sorted(card_ids(column(before, "undetermined"))) == ids
    assert words(one(before, ".card .stance")) == "not judged yet"
    assert "Sides being judged" in words(one(before, ".stance-due"))

    judge_due(app.extensions["verify.writing_sessionmaker"])
    after = page(client.get(f"/groups/{group_id}"))
    assert after.select_one('section.column[data-side="undetermined"]') is None
    assert sorted(card_ids(after)) == ids


def test_the_central_claim_is_marked_and_first_in_its_column(
    client: FlaskClient, app: Flask
) -> None:
    """The claim an editor said asserts is central, ahead of a closer-to-centre member that the
    desk only suggests as asserting."""
    confirmed = {
        "text": (
            "Security forces killed 12 hardcore terrorists in the Mastung raid, the army confirmed"
        ),
        "speaker": "Pakistani army spokesman",
        "speaker_kind": "military",
        "cue": "said",
        "side": "asserts",
    }
    import_json(client, {"statements": [*MASTUNG["statements"], confirmed]})
    group_id = group_of(app, "hardcore terrorists")
    central = group_row(app, group_id).central_statement_id
    assert central == statement_id(app, "the army confirmed")
    soup = page(client.get(f"/groups/{group_id}"))
    marked = soup.select("article.card.central")
    assert [int(str(c["data-statement-id"])) for c in marked] == [central]
    assert words(one(marked[0], ".central-claim")) == "central claim"
    home = marked[0].find_parent("section")
    assert home is not None and home["data-side"] == "asserts"
    assert card_ids(home)[0] == central
    assert len(card_ids(home)) > 1


def test_a_side_chosen_in_the_form_moves_the_card_and_says_who_set_it(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    raid = group_of(demo_app, KALEEV_DENIAL)
    member = next(m for m in members(demo_app, raid) if m.side is None and m.shown_side)
    assert member.shown_side is not None
    chosen = next(side for side in ("denies", "neutral", "asserts") if side != member.shown_side)
    soup = act(demo_client, f"/groups/{raid}/side", statement_id=member.statement_id, side=chosen)
    assert member.statement_id in card_ids(column(soup, chosen))
    assert member.statement_id not in card_ids(column(soup, member.shown_side))
    moved = card(soup, member.statement_id)
    assert words(one(moved, ".stance")) == f"{chosen} · set by {EDITOR}"
    assert attr(moved, 'select[name="side"] option[selected]', "value") == chosen


# ---------------------------------------------------------------- group page: conflict panel


def test_conflict_panel_shows_score_suggested_flag_and_reason(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    raid = group_of(demo_app, KALEEV_DENIAL)
    group = group_row(demo_app, raid)
    assert group.flag is None and group.suggested_flag == "disputed"
    assert group.conflict is not None and group.conflict_reason
    soup = page(demo_client.get(f"/groups/{raid}"))
    panel = one(soup, "section.conflict")
    assert words(one(panel, ".conflict-percent")) == f"{round(group.conflict * 100)}%"
    assert float(attr(panel, "meter", "value")) == round(group.conflict, 4)
    assert words(one(panel, ".flag-shown .flag-suggestion")) == "suggested disputed"
    assert panel.select_one(".flag-shown .flag") is None
    assert words(one(panel, ".reason")) == group.conflict_reason
    assert words(one(soup, "h1 .flag-suggestion")) == "suggested disputed"


def test_an_editors_flag_wins_over_the_suggestion_and_is_labelled_so(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    raid = group_of(demo_app, KALEEV_DENIAL)
    assert group_row(demo_app, raid).suggested_flag == "disputed"
    soup = act(demo_client, f"/groups/{raid}/flag", flag="corroborated")
    flag = one(soup, "section.conflict .flag-shown")
    assert words(one(flag, ".flag")) == "corroborated"
    assert f"editor's flag, set by {EDITOR}" in words(flag)
    assert soup.select_one("h1 .flag-suggestion") is None
    assert words(one(soup, "h1 .flag")) == "corroborated"
    row = one(page(demo_client.get("/")), f'tr.group-row[data-group-id="{raid}"]')
    assert words(one(row, "td > .flag")) == "corroborated"  # the event's own badge
    assert row.select_one("td > .flag-suggestion") is None


def test_slot_clashes_show_both_texts_with_each_slot_marked_by_kind(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    import_json(demo_client, MASTUNG)
    group_id = group_of(demo_app, "hardcore terrorists")
    central_id = group_row(demo_app, group_id).central_statement_id
    shown = members(demo_app, group_id)
    central = next(m for m in shown if m.statement_id == central_id)
    clashing = [m for m in shown if m.slot_conflicts]
    assert clashing, "the denial clashes with the claim on who was killed"
    soup = page(demo_client.get(f"/groups/{group_id}"))
    for member in clashing:
        collision = one(soup, f'.collision[data-statement-id="{member.statement_id}"]')
        ours = one(collision, '[data-role="central"] blockquote')
        theirs = one(collision, '[data-role="member"] blockquote')
        assert ours.get_text() == central.text
        assert theirs.get_text() == member.text
        for slot in member.slot_conflicts:
            kind = slot["kind"]
            assert slot["central"]["text"] in [
                m.get_text() for m in ours.select(f"mark.slot-{kind}")
            ]
            assert slot["member"]["text"] in [
                m.get_text() for m in theirs.select(f"mark.slot-{kind}")
            ]
    kinds = {slot["kind"] for m in clashing for slot in m.slot_conflicts}
    assert "actor" in kinds
    assert one(soup, ".collision mark.slot-actor")["data-kind"] == "actor"


# ---------------------------------------------------------------- groups list


def test_groups_list_puts_disputed_groups_first_with_their_reason(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    import_json(demo_client, MASTUNG)  # a small dispute next to the demo's larger groups
    soup = page(demo_client.get("/"))
    rows = soup.select("tr.group-row")
    groups = [group_row(demo_app, int(str(row["data-group-id"]))) for row in rows]
    disputed = [g.shown_flag == "disputed" for g in groups]
    assert disputed == sorted(disputed, reverse=True)
    # The two-statement dispute comes before the demo's larger, undisputed dam group.
    sizes = [len(members(demo_app, g.id)) for g in groups]
    small = [g.id for g in groups].index(group_of(demo_app, "hardcore terrorists"))
    assert disputed[small]
    assert any(not d and size > sizes[small] for d, size in zip(disputed, sizes, strict=True))
    for row, group in zip(rows, groups, strict=True):
        if group.conflict is not None:
            assert words(one(row, ".conflict-percent")) == f"{round(group.conflict * 100)}%"
        if group.shown_flag == "disputed":
            assert group.conflict_reason
            assert words(one(row, ".reason")) == group.conflict_reason
            assert group.flag is None
            assert words(one(row, ".flag-suggestion")) == "suggested disputed"
    scores = [g.conflict or 0.0 for g, d in zip(groups, disputed, strict=True) if d]
    assert scores == sorted(scores, reverse=True)


# ---------------------------------------------------------------- escaping


def test_markup_in_statements_is_shown_as_text_never_as_html(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    import_json(demo_client, MARKUP)
    group_id = group_of(demo_app, "hardcore terrorists")
    for url in (f"/groups/{group_id}", "/"):
        response = demo_client.get(url)
        soup = page(response)
        assert soup.find(["b", "i"]) is None, url
        assert [s.get("src") for s in soup.find_all("script")] == ["/static/working.js"], url
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in response.get_data(as_text=True)
    soup = page(demo_client.get(f"/groups/{group_id}"))
    texts = [q.get_text() for q in soup.select(".card blockquote.text")]
    assert f"“{MARKED_CLAIM}”" in texts
    assert "<b>Military</b>" in [s.get_text() for s in soup.select(".card .speaker")]
    assert "contradicts <b>Military</b>" in one(soup, "section.conflict .reason").get_text()
    listed = one(page(demo_client.get("/")), f'tr.group-row[data-group-id="{group_id}"]')
    assert "contradicts <b>Military</b>" in one(listed, ".reason").get_text()
    quoted = [q.get_text() for q in soup.select(".collision blockquote")]
    assert quoted == [MARKED_CLAIM, MARKED_DENIAL]
    assert [m.get_text() for m in soup.select(".collision mark.slot-actor")] == [
        "hardcore terrorists",
        "civilians",
    ]


def test_a_slot_inside_another_is_marked_inside_it_and_a_stale_span_is_not_marked() -> None:
    text = "killed 12 hardcore terrorists in Mastung"
    slots = [
        ("actor", {"text": "12 hardcore terrorists", "span": [7, 29]}),
        ("number", {"text": "12", "span": [7, 9]}),
        ("place", {"text": "Quetta", "span": [33, 39]}),  # the text was edited since
        ("date", {"text": "terrorists in", "span": [19, 32]}),  # crosses the actor slot
    ]
    marks = [slot_mark(text, slot, kind) for kind, slot in slots]
    assert marks[2] is None
    found = pieces(text, [m for m in marks if m is not None])
    assert [(p.text, p.kind) for p in found] == [
        ("killed ", None),
        ("12 hardcore terrorists", "actor"),
        (" in Mastung", None),
    ]
    assert [(p.text, p.kind) for p in found[1].pieces] == [
        ("12", "number"),
        (" hardcore terrorists", None),
    ]
