"""The review UI as a fact-checker sees it: pages parsed with BeautifulSoup, the real model."""

from __future__ import annotations

import io
import json
from typing import NoReturn

import pytest
from accounts import anonymous
from bs4 import BeautifulSoup, Tag
from flask import Flask, abort
from flask.testing import FlaskClient
from pages import (
    EDITOR,
    act,
    attr,
    card,
    card_ids,
    column,
    flashes,
    group_of,
    history,
    one,
    page,
    read,
    statement_id,
    text,
)
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from verify.models import ClaimGroup, EditorAction, Membership, Source, Speaker, Statement

KALEEV_DENIAL = "shelling farming families"
ARMY_RAID = "the dawn operation targeted a compound"
ARMY_TUNNELS = "using tunnels under the compound"
ADMINISTRATOR = "belonged to the Red Crescent Brigade"
MINISTER_DAM = "full seasonal allocation"
WEEKLY = "kidnapped aid engineers"
BRIDGE_ARTICLE = (
    '"We will rebuild the bridge by May," the mayor of Westford said on Monday. '
    "Police said that 40 people were arrested."
)


# ---------------------------------------------------------------- helpers


def counts(app: Flask) -> tuple[int, ...]:
    """Rows of every table a request might write to."""
    return read(
        app,
        lambda s: tuple(
            s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Source, Statement, Membership, ClaimGroup, EditorAction)
        ),
    )


def speakers(tag: Tag) -> list[str]:
    return [s.get_text(strip=True) for s in tag.select(".card .speaker")]


# ---------------------------------------------------------------- groups list


def test_groups_list_shows_counts_speakers_and_a_link(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    raid = group_of(demo_app, KALEEV_DENIAL)
    size = read(
        demo_app,
        lambda s: s.scalar(select(func.count()).where(Membership.group_id == raid)),
    )
    row = one(page(demo_client.get("/")), f'tr.group-row[data-group-id="{raid}"]')
    assert attr(row, "a", "href") == f"/groups/{raid}"
    assert text(row, ".size") == str(size)
    assert int(text(row, '[data-side="denies"]')) >= 1
    assert "Rustam Kaleev" in one(row, ".speakers").get_text()


def test_groups_list_is_paginated(demo_client: FlaskClient, demo_app: Flask) -> None:
    demo_app.config["PAGE_SIZE"] = 1  # the demo forms two groups: the raid and the dam
    first = page(demo_client.get("/"))
    second = page(demo_client.get("/?page=2"))
    first_ids = {row["data-group-id"] for row in first.select("tr.group-row")}
    second_ids = {row["data-group-id"] for row in second.select("tr.group-row")}
    assert len(first_ids) == 1 and len(second_ids) == 1
    assert not first_ids & second_ids
    assert attr(first, 'a[rel="next"]', "href").endswith("page=2")


# ---------------------------------------------------------------- group page


def test_denial_lands_in_the_denies_column(demo_client: FlaskClient, demo_app: Flask) -> None:
    raid = group_of(demo_app, KALEEV_DENIAL)
    soup = page(demo_client.get(f"/groups/{raid}"))
    assert "Rustam Kaleev" in speakers(column(soup, "denies"))
    assert "Valoria army" in speakers(column(soup, "asserts"))
    assert "Rustam Kaleev" not in speakers(column(soup, "asserts"))
    assert statement_id(demo_app, ARMY_RAID) in card_ids(column(soup, "asserts"))


def test_card_shows_kind_badge_anonymous_marker_cue_and_marked_span(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    sid = statement_id(demo_app, ADMINISTRATOR)
    shown = card(page(demo_client.get(f"/groups/{group_of(demo_app, ADMINISTRATOR)}")), sid)
    assert text(shown, ".speaker").startswith("Senior provincial")
    assert text(shown, ".kind") == "anonymous official"
    assert "kind-anonymous_official" in attr(shown, ".kind", "class")
    assert shown.select_one(".anonymous") is not None
    assert text(shown, ".cue") == "told"
    assert text(shown, ".attribution") == "reported speech"
    assert attr(shown, "time", "datetime") == "2026-05-12"
    assert one(shown, "mark").get_text().startswith("Most of the fighters")
    assert "The Dornhal Courier" in one(shown, ".source").get_text()
    assert attr(shown, ".source a", "href").startswith("/sources/")


def test_card_marks_machine_suggestion_until_a_person_confirms(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    sid = statement_id(demo_app, ARMY_TUNNELS)
    group_id = group_of(demo_app, ARMY_TUNNELS)
    before = card(page(demo_client.get(f"/groups/{group_id}")), sid)
    assert before.select_one(".suggested") is not None
    assert before.select_one(".similarity") is not None
    after = card(
        act(demo_client, f"/groups/{group_id}/side", statement_id=sid, side="asserts"), sid
    )
    assert text(after, ".confirmed") == f"confirmed by {EDITOR}"


def test_setting_a_side_moves_the_card_and_records_the_editor(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    sid = statement_id(demo_app, WEEKLY)
    group_id = group_of(demo_app, WEEKLY)
    suggested = read(demo_app, lambda s: s.get_one(Membership, sid).suggested_side)
    assert suggested not in (None, "asserts")  # the desk suggests another side
    assert sid in card_ids(column(page(demo_client.get(f"/groups/{group_id}")), suggested))
    soup = act(demo_client, f"/groups/{group_id}/side", statement_id=sid, side="asserts")
    assert sid in card_ids(column(soup, "asserts"))
    assert sid not in card_ids(column(soup, suggested))
    newest = history(soup)[0]
    assert EDITOR in newest
    assert f"put statement {sid} on the asserts side (the desk suggested {suggested})" in newest
    assert "undetermined" not in newest


def test_action_without_a_login_is_sent_to_login_and_changes_nothing(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    sid = statement_id(demo_app, ARMY_TUNNELS)
    group_id = group_of(demo_app, ARMY_TUNNELS)
    before = counts(demo_app)
    response = anonymous(demo_app).post(
        f"/groups/{group_id}/side",
        data={"statement_id": sid, "side": "denies"},
        headers={"Referer": f"http://localhost/groups/{group_id}"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=/groups/{group_id}"
    assert counts(demo_app) == before
    assert read(demo_app, lambda s: s.get_one(Membership, sid).side) is None


def test_the_header_and_the_history_name_the_logged_in_account(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    group_id = group_of(demo_app, ARMY_TUNNELS)
    soup = page(
        demo_client.post(
            f"/groups/{group_id}/flag", data={"flag": "unresolved"}, follow_redirects=True
        )
    )
    assert text(soup, "header .account a") == EDITOR
    assert EDITOR in history(soup)[0]


def test_moving_a_statement_to_a_new_group_is_in_both_histories(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    sid = statement_id(demo_app, ARMY_TUNNELS)
    old = group_of(demo_app, ARMY_TUNNELS)
    soup = act(
        demo_client, f"/groups/{old}/move", statement_id=sid, new_group="1", note="other claim"
    )
    new = group_of(demo_app, ARMY_TUNNELS)
    assert new != old
    assert sid not in card_ids(soup)
    assert f"moved statement {sid} from group {old} to group {new}" in history(soup)[0]
    assert "other claim" in history(soup)[0]
    there = page(demo_client.get(f"/groups/{new}"))
    assert sid in card_ids(there)
    assert f"moved statement {sid} from group {old} to group {new}" in history(there)[0]


def test_moving_to_an_existing_group_puts_the_card_there(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    sid = statement_id(demo_app, ARMY_TUNNELS)
    target = group_of(demo_app, MINISTER_DAM)
    act(
        demo_client,
        f"/groups/{group_of(demo_app, ARMY_TUNNELS)}/move",
        statement_id=sid,
        to_group=target,
    )
    assert sid in card_ids(page(demo_client.get(f"/groups/{target}")))


def test_moving_to_an_unknown_group_is_a_flashed_error(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    sid = statement_id(demo_app, ARMY_TUNNELS)
    group_id = group_of(demo_app, ARMY_TUNNELS)
    before = counts(demo_app)
    soup = act(demo_client, f"/groups/{group_id}/move", statement_id=sid, to_group=9999)
    assert flashes(soup, "error") == ["no group with id 9999"]
    assert group_of(demo_app, ARMY_TUNNELS) == group_id
    assert counts(demo_app) == before


def test_split_takes_ticked_statements_into_a_new_group(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    raid = group_of(demo_app, KALEEV_DENIAL)
    ticked = sorted([statement_id(demo_app, ARMY_TUNNELS), statement_id(demo_app, ARMY_RAID)])
    soup = act(demo_client, f"/groups/{raid}/split", statement_id=ticked, note="two claims")
    new = group_of(demo_app, ARMY_TUNNELS)
    assert new != raid and group_of(demo_app, ARMY_RAID) == new
    assert not set(card_ids(soup)) & set(ticked)
    assert (
        f"split statements {ticked[0]}, {ticked[1]} off group {raid} into new group {new}"
        in history(soup)[0]
    )
    assert sorted(card_ids(page(demo_client.get(f"/groups/{new}")))) == sorted(ticked)


def merge_the_dam_groups(client: FlaskClient, app: Flask) -> tuple[int, int, BeautifulSoup]:
    """Merge the administrator's group into the minister's: both ids and the page it answers."""
    here = group_of(app, MINISTER_DAM)
    other = group_of(app, ADMINISTRATOR)
    soup = act(client, f"/groups/{here}/merge", other_group=other, note="same dispute")
    return here, other, soup


@pytest.mark.slow
def test_merge_brings_the_other_groups_statements_in(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    moved = statement_id(demo_app, ADMINISTRATOR)
    here, other, soup = merge_the_dam_groups(demo_client, demo_app)
    assert moved in card_ids(soup)
    assert f"merged group {other} into group {here}" in history(soup)[0]
    assert "same dispute" in history(soup)[0]


@pytest.mark.slow
def test_a_group_left_empty_says_so_and_offers_no_actions(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    here, other, _merged = merge_the_dam_groups(demo_client, demo_app)
    soup = page(demo_client.get(f"/groups/{other}"))
    assert "holds no statements now" in one(soup, ".empty-group").get_text()
    assert not card_ids(soup) and soup.select_one("#merge-form") is None
    assert f"merged group {other} into group {here}" in history(soup)[0]


def test_flag_shows_badge_note_and_history(demo_client: FlaskClient, demo_app: Flask) -> None:
    raid = group_of(demo_app, KALEEV_DENIAL)
    soup = act(demo_client, f"/groups/{raid}/flag", flag="disputed", note="army vs Kaleev")
    assert text(soup, "h1 .flag") == "disputed"
    assert "army vs Kaleev" in one(soup, ".flag-note").get_text()
    assert "flagged the group “disputed” (was no flag)" in history(soup)[0]
    listed = page(demo_client.get("/")).select_one(f'tr[data-group-id="{raid}"] .flag')
    assert listed is not None and listed.get_text(strip=True) == "disputed"


def test_clearing_the_flag_removes_the_badge(demo_client: FlaskClient, demo_app: Flask) -> None:
    raid = group_of(demo_app, KALEEV_DENIAL)
    act(demo_client, f"/groups/{raid}/flag", flag="corroborated")
    soup = act(demo_client, f"/groups/{raid}/flag", flag="")
    assert soup.select_one("h1 .flag") is None
    assert "cleared the group's flag (was corroborated)" in history(soup)[0]


@pytest.mark.parametrize("url", ["/groups/9999", "/sources/9999", "/statements/9999/edit"])
def test_unknown_ids_get_a_friendly_404(demo_client: FlaskClient, url: str) -> None:
    response = demo_client.get(url)
    assert response.status_code == 404
    soup = page(response)
    assert text(soup, "h1") == "Not found"
    assert soup.select_one("header nav") is not None


def test_action_on_an_unknown_group_is_404(demo_client: FlaskClient) -> None:
    response = demo_client.post("/groups/9999/flag", data={"flag": "disputed"})
    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/nope", "/groups/abc", "/sources/1/nope", "/apiary"])
def test_unknown_urls_get_the_friendly_html_404(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    soup = page(response)
    assert text(soup, "h1") == "Not found"
    assert "There is no such page." in text(soup, "main")
    assert soup.select_one("header nav") is not None


@pytest.mark.parametrize("url", ["/api/nope", "/api/groups/abc", "/api"])
def test_unknown_api_urls_still_get_a_json_404(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"} and url in body["error"]


def test_a_404_raised_inside_an_api_view_is_json_too(app: Flask) -> None:
    """Not a routing failure (the API answers those itself) but an abort(404) in a view: the
    review UI's app-wide 404 page must not take it over."""

    def missing() -> NoReturn:
        abort(404)

    app.add_url_rule("/api/vanishing", view_func=missing)
    response = app.test_client().get("/api/vanishing")
    assert response.status_code == 404
    assert response.is_json and set(response.get_json()) == {"error"}


# ---------------------------------------------------------------- sources


SCRIPT_ARTICLE = "The mayor said <script>alert('x')</script> nothing happened at the port."


def test_source_page_escapes_script_in_article_text(client: FlaskClient) -> None:
    response = client.post(
        "/sources/new",
        data={"title": "Port <b>news</b>", "text": SCRIPT_ARTICLE},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    soup = page(response)
    assert [script.get("src") for script in soup.find_all("script")] == ["/static/working.js"]
    assert soup.find("b") is None
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert one(soup, ".article").get_text() == SCRIPT_ARTICLE


def test_card_escapes_article_text_around_the_span(client: FlaskClient, app: Flask) -> None:
    client.post("/sources/new", data={"title": "Port", "text": SCRIPT_ARTICLE})
    source_id = read(app, lambda s: s.scalar(select(Source.id)))
    start = SCRIPT_ARTICLE.index("nothing")
    response = client.post(
        "/statements/new",
        data={
            "text": "nothing happened at the port",
            "speaker": "The mayor",
            "source_id": source_id,
            "span_start": start,
            "span_end": start + len("nothing happened at the port"),
        },
        follow_redirects=True,
    )
    soup = page(response)
    assert soup.select_one(".card script") is None
    assert "<script>alert('x')</script>" in one(soup, ".card .excerpt").get_text()


def test_source_page_highlights_every_statement_span(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    source_id, ids, text = read(
        demo_app,
        lambda s: (
            (
                src := s.scalars(select(Source).where(Source.outlet == "The Dornhal Courier")).one()
            ).id,
            {st.id for st in src.statements},
            src.text,
        ),
    )
    soup = page(demo_client.get(f"/sources/{source_id}"))
    article = soup.select_one(".article")
    assert article is not None and article.get_text() == text
    marked = {
        int(sid) for mark in article.select("mark") for sid in str(mark["data-statements"]).split()
    }
    assert marked == ids
    group_links = soup.select('table.list a[href^="/groups/"]')
    assert len(group_links) == len(ids)


def test_duplicate_source_redirects_to_the_stored_one(client: FlaskClient, app: Flask) -> None:
    form = {"title": "Port", "outlet": "Gazette", "text": "The port reopened on Monday."}
    first = client.post("/sources/new", data=form, follow_redirects=True)
    second = client.post(
        "/sources/new", data={**form, "title": "Port (again)"}, follow_redirects=True
    )
    assert second.request.path == first.request.path
    assert "already stored" in text(page(second), ".flash")
    assert read(app, lambda s: s.scalar(select(func.count(Source.id)))) == 1


def test_source_without_text_url_or_title_is_refused(client: FlaskClient, app: Flask) -> None:
    response = client.post("/sources/new", data={"outlet": "Gazette", "text": "  "})
    assert response.status_code == 400
    assert flashes(page(response), "error") == ["a source needs a text, a url or a title"]
    assert counts(app) == (0, 0, 0, 0, 0)


# ---------------------------------------------------------------- statements


def test_new_statement_form_adds_it_and_opens_its_group(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    response = demo_client.post(
        "/statements/new",
        data={
            "text": "Nobody was killed in Sarkand except armed militants",
            "speaker": "Defence minister Arman Sadiq",
            "speaker_kind": "government",
            "cue": "said",
            "attribution": "reported",
            "said_on": "2026-05-14",
        },
    )
    assert response.status_code == 302
    sid = statement_id(demo_app, "Nobody was killed in Sarkand")
    assert (
        response.headers["Location"]
        == f"/groups/{group_of(demo_app, 'Nobody was')}#statement-{sid}"
    )
    shown = card(page(demo_client.get(response.headers["Location"])), sid)
    assert text(shown, ".kind") == "government"


TOO_LONG = "word " * 4001

BAD_STATEMENTS = {
    "empty text": ({"text": "   ", "speaker": "Kaleev"}, "text is required"),
    "missing speaker": ({"text": "The valley was shelled"}, "speaker is required"),
    "unknown kind": (
        {"text": "The valley was shelled", "speaker": "Kaleev", "speaker_kind": "wizard"},
        "unknown speaker_kind 'wizard'",
    ),
    "span outside source": (
        {
            "text": "The valley was shelled",
            "speaker": "Kaleev",
            "span_start": "10",
            "span_end": "999999",
            "source_id": "1",
        },
        "is outside its source text",
    ),
    "too long": ({"text": TOO_LONG, "speaker": "Kaleev"}, "the limit is 20,000"),
}


@pytest.mark.parametrize("case", BAD_STATEMENTS, ids=list(BAD_STATEMENTS))
def test_bad_statement_form_input_is_400_and_writes_nothing(
    demo_client: FlaskClient, demo_app: Flask, case: str
) -> None:
    form, message = BAD_STATEMENTS[case]
    before = counts(demo_app)
    response = demo_client.post("/statements/new", data={**form})
    assert response.status_code == 400
    soup = page(response)
    assert any(message in error for error in flashes(soup, "error")), flashes(soup, "error")
    assert attr(soup, "form #f-speaker", "value") == form.get("speaker", "")
    assert counts(demo_app) == before


def test_editing_a_statement_saves_it_and_records_what_changed(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    sid = statement_id(demo_app, ARMY_TUNNELS)
    form = page(demo_client.get(f"/statements/{sid}/edit"))
    values = {field["name"]: field.get("value", "") for field in form.select("form.stacked input")}
    values.update(text=one(form, "#f-text").get_text(), cue="claimed")
    values["speaker_kind"] = "military"
    values["attribution"] = "direct"
    soup = page(demo_client.post(f"/statements/{sid}/edit", data=values, follow_redirects=True))
    assert text(card(soup, sid), ".cue") == "claimed"
    assert f"edited statement {sid}: changed cue" in history(soup)[0]


def test_deleting_a_statement_removes_its_card(demo_client: FlaskClient, demo_app: Flask) -> None:
    sid = statement_id(demo_app, ARMY_TUNNELS)
    group_id = group_of(demo_app, ARMY_TUNNELS)
    soup = page(demo_client.post(f"/statements/{sid}/delete", data={}, follow_redirects=True))
    assert sid not in card_ids(soup)
    assert read(demo_app, lambda s: s.get(Statement, sid)) is None
    assert (
        f"deleted statement {sid} by Valoria army"
        in history(page(demo_client.get(f"/groups/{group_id}")))[0]
    )


# ---------------------------------------------------------------- imports


GOOD_IMPORT = {
    "sources": [
        {"key": "a", "title": "Port reopens", "text": "The port reopened, the mayor said."}
    ],
    "statements": [
        {"text": "The port reopened", "speaker": "The mayor", "source": "a", "span": [0, 17]},
        {"text": "The port is still closed", "speaker": "Dock union", "speaker_kind": "ngo"},
    ],
}


def upload(client: FlaskClient, data: bytes, name: str) -> TestResponse:
    return client.post(
        "/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_import_accepts_a_good_json_file_and_reports_counts(
    client: FlaskClient, app: Flask
) -> None:
    soup = page(upload(client, json.dumps(GOOD_IMPORT).encode(), "batch.json"))
    assert text(soup, ".flash.success") == ("Imported 2 statements, 1 source, 0 already stored.")
    assert counts(app)[:2] == (1, 2)


def test_reimporting_a_file_reports_what_is_already_stored(client: FlaskClient) -> None:
    upload(client, json.dumps(GOOD_IMPORT).encode(), "batch.json")
    soup = page(upload(client, json.dumps(GOOD_IMPORT).encode(), "batch.json"))
    assert text(soup, ".flash.success") == ("Imported 0 statements, 0 sources, 2 already stored.")


def test_import_accepts_pasted_json(client: FlaskClient, app: Flask) -> None:
    response = client.post(
        "/import", data={"pasted": json.dumps(GOOD_IMPORT)}, follow_redirects=True
    )
    assert "Imported 2 statements" in text(page(response), ".flash.success")
    assert counts(app)[:2] == (1, 2)


BAD_FILES = {
    "malformed JSON": (b'{"statements": [', "batch.json", "malformed JSON"),
    "not UTF-8": (
        '{"statements": [{"text": "café", "speaker": "x"}]}'.encode("latin-1"),
        "batch.json",
        "batch.json is not UTF-8 text (byte 0xe9",
    ),
    "CSV row missing a column": (
        b"text,speaker\nThe port reopened,The mayor\nThe port is closed\n",
        "rows.csv",
        "row 3: missing required column(s): speaker",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_import_refuses_a_bad_file_with_400_and_writes_nothing(
    client: FlaskClient, app: Flask, case: str
) -> None:
    data, name, message = BAD_FILES[case]
    response = upload(client, data, name)
    assert response.status_code == 400
    soup = page(response)
    assert any(message in error for error in flashes(soup, "error")), flashes(soup, "error")
    assert counts(app) == (0, 0, 0, 0, 0)


# ---------------------------------------------------------------- the editor's time


def test_groups_are_listed_at_slash_groups_too(demo_client: FlaskClient, demo_app: Flask) -> None:
    home = page(demo_client.get("/"))
    listed = demo_client.get("/groups")
    assert listed.status_code == 200
    rows = [row["data-group-id"] for row in page(listed).select("tr.group-row")]
    assert rows and rows == [row["data-group-id"] for row in home.select("tr.group-row")]


def test_a_suggested_side_is_a_dashed_card_preselected_and_accepted_in_one_click(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    sid = statement_id(demo_app, WEEKLY)
    group_id = group_of(demo_app, WEEKLY)
    suggested, confidence = read(
        demo_app,
        lambda s: (
            s.get_one(Membership, sid).suggested_side,
            s.get_one(Membership, sid).side_confidence,
        ),
    )
    assert suggested and confidence is not None
    shown = card(page(demo_client.get(f"/groups/{group_id}")), sid)
    assert "side-suggestion" in (shown.get("class") or [])
    note = one(shown, ".side-suggested")
    assert f"suggested {suggested}" in note.get_text(" ")
    assert text(note, ".side-confidence") == f"{round(confidence * 100)}%"
    assert attr(shown, "form.set-side option[selected]", "value") == suggested
    assert "undetermined" not in shown.get_text(" ")
    accept = one(shown, "form.accept-side")
    assert text(accept, "button") == f"Accept: {suggested}"
    assert attr(accept, 'input[name="side"]', "value") == suggested

    soup = act(demo_client, str(accept["action"]), statement_id=sid, side=suggested)
    after = card(soup, sid)
    assert "side-suggestion" not in (after.get("class") or [])
    assert after.select_one("form.accept-side") is None
    assert read(demo_app, lambda s: s.get_one(Membership, sid).side) == suggested
    newest = history(soup)[0]
    assert f"put statement {sid} on the {suggested} side, accepting the desk's suggestion" in newest
    assert "undetermined" not in newest


def test_accept_all_suggested_sides_of_a_claim_once_even_when_sent_twice(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    sid = statement_id(demo_app, ADMINISTRATOR)
    group_id = group_of(demo_app, ADMINISTRATOR)
    claim_id = read(demo_app, lambda s: s.get_one(Membership, sid).claim_id)
    waiting = read(
        demo_app,
        lambda s: sorted(
            m.statement_id
            for m in s.scalars(select(Membership).where(Membership.claim_id == claim_id))
            if m.side is None and m.suggested_side is not None
        ),
    )
    assert sid in waiting
    soup = page(demo_client.get(f"/groups/{group_id}"))
    form = one(soup, f'section.claim[data-claim-id="{claim_id}"] form.accept-claim-sides')
    assert f"Accept all {len(waiting)} suggested side" in text(form, "button")
    url = f"/groups/{group_id}/claims/{claim_id}/accept"
    soup = act(demo_client, url)
    assert flashes(soup, "success") == [
        f"Accepted the suggested side of {len(waiting)} statement"
        f"{'s' if len(waiting) != 1 else ''} of claim #{claim_id}."
    ]
    sides = read(
        demo_app,
        lambda s: {
            i: (s.get_one(Membership, i).side, s.get_one(Membership, i).side_set_by)
            for i in waiting
        },
    )
    assert all(side is not None and who == EDITOR for side, who in sides.values())
    before = counts(demo_app)
    again = act(demo_client, url)  # the same form sent twice: nothing more, said plainly
    assert "nothing to accept" in " ".join(flashes(again))
    assert not flashes(again, "error")
    assert counts(demo_app) == before
    assert (
        demo_client.post(
            f"/groups/{group_id}/claims/999999/accept",
            data={"editor": EDITOR},
            follow_redirects=True,
        ).status_code
        == 200
    )


def test_the_group_title_is_its_central_claim_whole(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    group_id = group_of(demo_app, KALEEV_DENIAL)
    central = read(
        demo_app,
        lambda s: s.get_one(Statement, s.get_one(ClaimGroup, group_id).central_statement_id).text,
    )
    soup = page(demo_client.get(f"/groups/{group_id}"))
    assert text(soup, "h1 .group-title") == " ".join(central.split())
    row = one(page(demo_client.get("/")), f'tr.group-row[data-group-id="{group_id}"]')
    assert text(row, "a.group-title") == " ".join(central.split())


def test_titles_are_shortened_at_a_word_and_fall_back_to_the_label() -> None:
    from verify.review.display import group_title, shorten
    from verify.services.lookups import LABEL_CHARS

    words = "the army said that nine militants were killed in the raid " * 10
    short = shorten(words.strip(), 60)
    assert short.endswith("…") and len(short) <= 60
    assert words.startswith(short[:-1]) and words[len(short) - 1] == " "  # cut at a word
    assert shorten("short enough", 60) == "short enough"
    group = ClaimGroup(id=7, label=("word " * 100)[:LABEL_CHARS])
    assert group_title(group, "  The  central\nclaim ") == "The central claim"
    cut = group_title(group)
    assert cut.endswith("…") and not cut.endswith("wor…")
    assert group_title(ClaimGroup(id=7, label="")) == "group 7"
    assert group_title(ClaimGroup(id=7, label="a label")) == "a label"


def test_a_long_title_on_the_list_keeps_the_whole_text_in_its_tooltip(
    demo_client: FlaskClient, demo_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    group_id = group_of(demo_app, KALEEV_DENIAL)
    row = one(page(demo_client.get("/")), f'tr.group-row[data-group-id="{group_id}"]')
    whole = text(row, "a.group-title")
    assert one(row, "a.group-title").get("title") is None  # short enough: shown whole
    monkeypatch.setattr("verify.review.layout.LIST_TITLE_CHARS", 30)
    row = one(page(demo_client.get("/")), f'tr.group-row[data-group-id="{group_id}"]')
    link = one(row, "a.group-title")
    assert link["title"] == whole
    shown = link.get_text(strip=True)
    assert shown.endswith("…") and len(shown) <= 30 and whole.startswith(shown[:-1])


def test_cards_show_the_speakers_description_next_to_the_name(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    found = read(
        demo_app,
        lambda s: s.execute(
            select(Statement.id, Speaker.name, Speaker.description)
            .join(Statement.speaker)
            .join(Membership, Membership.statement_id == Statement.id)
            .where(Speaker.description.is_not(None))
            .order_by(Statement.id)
        ).first(),
    )
    assert found is not None, "the demo has described speakers"
    sid, name, description = found
    group_id = read(demo_app, lambda s: s.get_one(Membership, sid).group_id)
    shown = card(page(demo_client.get(f"/groups/{group_id}")), sid)
    assert text(shown, ".speaker") == name
    assert text(shown, ".speaker-description") == f", {description}"


def test_the_source_page_shows_a_suggested_side_as_suggested_not_undetermined(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    sid = statement_id(demo_app, WEEKLY)
    source_id, suggested = read(
        demo_app,
        lambda s: (
            s.get_one(Statement, sid).source_id,
            s.get_one(Membership, sid).suggested_side,
        ),
    )
    row = one(page(demo_client.get(f"/sources/{source_id}")), f"tr#statement-{sid}")
    assert f"suggested {suggested}" in one(row, ".side-suggested").get_text(" ")
    assert "undetermined" not in row.get_text(" ")


def test_confirm_all_sent_twice_confirms_once_and_says_so(client: FlaskClient, app: Flask) -> None:
    added = client.post(
        "/articles/new",
        data={"title": "Westford bridge", "text": BRIDGE_ARTICLE},
        follow_redirects=True,
    )
    assert added.status_code == 200
    source_id = read(app, lambda s: s.scalar(select(func.max(Source.id))))
    first = act(client, f"/sources/{source_id}/confirm")
    assert flashes(first, "success") == ["Confirmed 2 statements."]
    before = counts(app)
    again = act(client, f"/sources/{source_id}/confirm")
    assert flashes(again, "info") == ["Every statement of this source is already confirmed."]
    assert not flashes(again, "error")
    newest = read(app, lambda s: s.scalar(select(func.max(Statement.id))))
    one_again = act(client, f"/statements/{newest}/confirm")
    assert "already confirmed" in " ".join(flashes(one_again, "info"))
    assert counts(app) == before


def test_long_forms_are_marked_for_the_working_script(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    soup = page(demo_client.get("/articles/new"))
    script = one(soup, 'script[src$="/static/working.js"]')
    assert script.has_attr("defer")
    assert soup.select_one("script:not([src])") is None  # no inline script
    assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert soup.select_one("form.stacked[data-working]") is not None
    assert page(demo_client.get("/import")).select_one("form.stacked[data-working]") is not None
    served = demo_client.get("/static/working.js")
    assert served.status_code == 200 and b"data-working" in served.data
    raid = group_of(demo_app, KALEEV_DENIAL)
    assert page(demo_client.get(f"/groups/{raid}")).select("form.accept-claim-sides[data-working]")
