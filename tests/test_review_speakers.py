"""The speakers' pages: the list, one speaker, and an editor's merges, splits and aliases."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from pages import act, flashes, one, page, read
from sqlalchemy import func, select

from verify.models import Speaker, SpeakerAlias, Statement

ARTICLE = (
    "Police said that 40 people were arrested. Police said the road would reopen on Friday. "
    '"The water is safe," said Dr Lena Brandt, a chemist at the university. '
    "An official, who asked not to be named, said the count was higher."
)
SECOND_ARTICLE = "Westford police said the bridge was closed to traffic on Sunday."


# ---------------------------------------------------------------- helpers


def speaker_id(app: Flask, name: str) -> int:
    found = read(app, lambda s: s.scalar(select(Speaker.id).where(Speaker.name == name)))
    assert found is not None, name
    return found


def statements_of(app: Flask, name: str) -> list[int]:
    return read(
        app,
        lambda s: sorted(s.scalars(select(Statement.id).join(Speaker).where(Speaker.name == name))),
    )


def aliases_of(app: Flask, name: str) -> set[str]:
    return set(
        read(
            app,
            lambda s: s.scalars(
                select(SpeakerAlias.alias).join(Speaker).where(Speaker.name == name)
            ).all(),
        )
    )


def row(soup: BeautifulSoup, sid: int) -> Tag:
    return one(soup, f'tr.speaker-row[data-speaker-id="{sid}"]')


@pytest.fixture
def article(client: FlaskClient) -> None:
    # Followed, so the page shows (and uses up) the flashed message of the ingestion.
    response = client.post(
        "/articles/new", data={"title": "Arrests", "text": ARTICLE}, follow_redirects=True
    )
    assert response.status_code == 200


# ---------------------------------------------------------------- list and page


def test_nav_links_to_the_speakers(client: FlaskClient) -> None:
    soup = page(client.get("/"))
    assert one(soup, 'header.site a[href="/speakers"]').get_text(strip=True) == "Speakers"


@pytest.mark.usefixtures("article")
def test_speakers_list_shows_kind_count_and_link(client: FlaskClient, app: Flask) -> None:
    police = speaker_id(app, "Police")
    shown = row(page(client.get("/speakers")), police)
    assert one(shown, "a")["href"] == f"/speakers/{police}"
    assert one(shown, ".kind").get_text(strip=True) == "government"
    assert one(shown, ".count").get_text(strip=True) == "2"
    assert one(shown, ".waiting").get_text(strip=True) == "2"  # both still suggestions


@pytest.mark.usefixtures("article")
def test_speakers_list_marks_an_anonymous_source(client: FlaskClient, app: Flask) -> None:
    soup = page(client.get("/speakers"))
    anonymous = read(app, lambda s: s.scalar(select(Speaker.id).where(Speaker.is_anonymous)))
    assert anonymous is not None
    assert one(row(soup, anonymous), ".badge.anonymous").get_text(strip=True) == "anonymous source"
    assert row(soup, speaker_id(app, "Police")).select_one(".badge.anonymous") is None


@pytest.mark.usefixtures("article")
def test_speakers_list_shows_aliases(client: FlaskClient, app: Flask) -> None:
    brandt = speaker_id(app, "Lena Brandt")
    act(client, f"/speakers/{brandt}/aliases", alias="Dr. Brandt")
    shown = row(page(client.get("/speakers")), brandt)
    assert one(shown, ".aliases-cell").get_text(strip=True) == "Dr. Brandt"


@pytest.mark.usefixtures("article")
def test_speaker_page_lists_its_statements_with_their_status(
    client: FlaskClient, app: Flask
) -> None:
    police = speaker_id(app, "Police")
    soup = page(client.get(f"/speakers/{police}"))
    assert one(soup, "h1").get_text(" ", strip=True).startswith("Police")
    rows = soup.select("table.speaker-statements tr[data-statement-id]")
    assert [int(str(r["data-statement-id"])) for r in rows] == statements_of(app, "Police")
    assert all(r.select_one(".badge.suggested") for r in rows)


def test_unknown_speaker_is_a_404(client: FlaskClient) -> None:
    response = client.get("/speakers/9999")
    assert response.status_code == 404
    assert "no speaker with id 9999" in page(response).get_text()


# ---------------------------------------------------------------- aliases


@pytest.mark.usefixtures("article")
def test_adding_an_alias_shows_it_and_records_it(client: FlaskClient, app: Flask) -> None:
    brandt = speaker_id(app, "Lena Brandt")
    soup = act(client, f"/speakers/{brandt}/aliases", alias="Dr. Brandt")
    assert flashes(soup, "success") == ["Added the alias “Dr. Brandt”."]
    assert [li["data-alias"] for li in soup.select("ul.aliases li")] == ["Dr. Brandt"]
    assert "added the alias “Dr. Brandt”" in one(soup, "ol.history li").get_text()


@pytest.mark.usefixtures("article")
def test_removing_an_alias(client: FlaskClient, app: Flask) -> None:
    brandt = speaker_id(app, "Lena Brandt")
    act(client, f"/speakers/{brandt}/aliases", alias="Dr. Brandt")
    soup = act(client, f"/speakers/{brandt}/aliases/remove", alias="Dr. Brandt")
    assert flashes(soup, "success") == ["Removed the alias “Dr. Brandt”."]
    assert soup.select("ul.aliases li") == []
    assert aliases_of(app, "Lena Brandt") == set()


@pytest.mark.usefixtures("article")
def test_an_alias_that_names_another_speaker_is_refused(client: FlaskClient, app: Flask) -> None:
    brandt = speaker_id(app, "Lena Brandt")
    soup = act(client, f"/speakers/{brandt}/aliases", alias="police")
    assert len(flashes(soup, "error")) == 1 and "already names" in flashes(soup, "error")[0]
    assert aliases_of(app, "Lena Brandt") == set()


# ---------------------------------------------------------------- merge and split


@pytest.mark.usefixtures("article")
def test_merge_form_offers_every_other_speaker(client: FlaskClient, app: Flask) -> None:
    police = speaker_id(app, "Police")
    soup = page(client.get(f"/speakers/{police}"))
    offered = {int(str(o["value"])) for o in soup.select("#merge-form option")}
    everyone = set(read(app, lambda s: s.scalars(select(Speaker.id)).all()))
    assert offered == everyone - {police}


@pytest.mark.usefixtures("article")
def test_merging_moves_the_statements_and_keeps_the_name_as_an_alias(
    client: FlaskClient, app: Flask
) -> None:
    client.post(
        "/articles/new", data={"title": "Bridge", "text": SECOND_ARTICLE}, follow_redirects=True
    )
    police, other = speaker_id(app, "Police"), speaker_id(app, "Westford police")
    moved = statements_of(app, "Westford police")
    soup = act(client, f"/speakers/{police}/merge", other_speaker=other, note="same force")
    assert flashes(soup, "success") == ["Merged “Westford police” into this speaker."]
    shown = {int(str(r["data-statement-id"])) for r in soup.select("tr[data-statement-id]")}
    assert set(moved) < shown
    assert "Westford police" in {str(li["data-alias"]) for li in soup.select("ul.aliases li")}
    assert client.get(f"/speakers/{other}").status_code == 404
    entry = one(soup, "ol.history li").get_text(" ", strip=True)
    assert "merged speaker “Westford police” into “Police”" in entry and "same force" in entry


@pytest.mark.usefixtures("article")
def test_splitting_moves_the_ticked_statements_to_a_new_speaker(
    client: FlaskClient, app: Flask
) -> None:
    police = speaker_id(app, "Police")
    first, second = statements_of(app, "Police")
    response = client.post(
        f"/speakers/{police}/split",
        data={
            "statement_id": [str(second)],
            "new_name": "Westford traffic police",
            "kind": "government",
        },
        follow_redirects=True,
    )
    soup = page(response)
    assert flashes(soup, "success") == [
        "Split 1 statement off to the new speaker “Westford traffic police”."
    ]
    assert statements_of(app, "Police") == [first]
    assert statements_of(app, "Westford traffic police") == [second]
    assert "split statement" in one(soup, "ol.history li").get_text()


@pytest.mark.usefixtures("article")
def test_splitting_without_a_ticked_statement_is_refused(client: FlaskClient, app: Flask) -> None:
    police = speaker_id(app, "Police")
    soup = act(client, f"/speakers/{police}/split", new_name="Someone else")
    assert flashes(soup, "error") == ["choose at least one statement to split off"]
    assert read(app, lambda s: s.scalar(select(func.count()).select_from(Speaker))) == 3


@pytest.mark.usefixtures("article")
def test_every_form_on_the_speaker_page_carries_the_csrf_token(
    client: FlaskClient, app: Flask
) -> None:
    brandt = speaker_id(app, "Lena Brandt")
    act(client, f"/speakers/{brandt}/aliases", alias="Dr. Brandt")
    app.config["CSRF_ENABLED"] = True
    forms = page(client.get(f"/speakers/{brandt}")).select('form[method="post"]')
    assert {str(f.get("id") or f.get("class")) for f in forms} >= {
        "alias-form",
        "split-form",
        "merge-form",
    }
    for form in forms:
        assert form.select_one('input[type="hidden"][name="csrf_token"]'), form


@pytest.mark.usefixtures("article")
def test_alias_without_the_csrf_token_is_refused(client: FlaskClient, app: Flask) -> None:
    app.config["WTF_CSRF_ENABLED"] = True  # what CSRF_ENABLED sets at start
    brandt = speaker_id(app, "Lena Brandt")
    response = client.post(f"/speakers/{brandt}/aliases", data={"alias": "Dr. Brandt"})
    assert response.status_code == 400
    assert aliases_of(app, "Lena Brandt") == set()
