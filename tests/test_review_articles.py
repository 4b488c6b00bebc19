"""Adding an article and reviewing what extraction suggests, as a fact-checker sees the pages."""

from __future__ import annotations

import io

import pytest
from accounts import anonymous
from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from pages import EDITOR, act, flashes, one, page, read, statement_id
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from verify.models import EditorAction, Membership, Source, Speaker, Statement
from verify.review.highlights import Mark, Run, runs

ARTICLE = (
    '"We will rebuild the bridge by May," the mayor of Westford said on Monday. '
    "Police said that 40 people were arrested."
)
MAYOR_WORDS = "We will rebuild the bridge by May"
POLICE_WORDS = "that 40 people were arrested"


# ---------------------------------------------------------------- helpers


def counts(app: Flask) -> tuple[int, ...]:
    return read(
        app,
        lambda s: tuple(
            s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Source, Statement, Speaker, Membership, EditorAction)
        ),
    )


def add_article(client: FlaskClient, text: str = ARTICLE, **fields: object) -> TestResponse:
    form: dict[str, object] = {"title": "Bridge", "outlet": "Westford Herald", "text": text}
    form.update(fields)
    return client.post("/articles/new", data=form, follow_redirects=True)


def status_of(app: Flask, sid: int) -> str | None:
    return read(app, lambda s: s.scalar(select(Statement.status).where(Statement.id == sid)))


def source_url(app: Flask) -> str:
    return f"/sources/{read(app, lambda s: s.scalar(select(func.max(Source.id))))}"


def marks_of(soup: BeautifulSoup, role: str) -> list[str]:
    return [m.get_text() for m in soup.select(f".article mark.hl-{role}")]


def suggestion(soup: BeautifulSoup, sid: int) -> Tag:
    return one(soup, f'.suggestions article.suggestion[data-statement-id="{sid}"]')


# ---------------------------------------------------------------- adding an article


def test_nav_links_to_the_add_article_page(client: FlaskClient) -> None:
    soup = page(client.get("/"))
    assert one(soup, 'header.site a[href="/articles/new"]').get_text(strip=True) == "Add article"


def test_adding_an_article_flashes_how_many_statements_were_found(
    client: FlaskClient, app: Flask
) -> None:
    response = add_article(client)
    assert response.request.path == source_url(app)
    assert flashes(page(response)) == ["Found 2 statements: confirm, edit or delete each."]


def test_article_page_highlights_speaker_cue_and_content(client: FlaskClient) -> None:
    soup = page(add_article(client))
    assert marks_of(soup, "speaker") == ["the mayor of Westford", "Police"]
    assert marks_of(soup, "cue") == ["said", "said"]
    assert marks_of(soup, "content") == [MAYOR_WORDS, POLICE_WORDS]


def test_article_page_shows_the_article_text_unchanged(client: FlaskClient) -> None:
    soup = page(add_article(client))
    assert one(soup, ".article").get_text() == ARTICLE


def test_suggested_highlights_look_different_from_confirmed_ones(
    client: FlaskClient, app: Flask
) -> None:
    add_article(client)
    mayor = statement_id(app, MAYOR_WORDS)
    soup = act(client, f"/statements/{mayor}/confirm")
    confirmed = soup.select(f'.article mark[data-statements="{mayor}"]')
    suggested = soup.select(".article mark.suggested")
    assert len(confirmed) == 3 and not any("suggested" in m["class"] for m in confirmed)
    assert {m.get_text() for m in suggested} == {"Police", "said", POLICE_WORDS}


def test_legend_names_every_highlight_colour(client: FlaskClient) -> None:
    legend = one(page(add_article(client)), ".legend")
    for role in ("speaker", "cue", "content"):
        assert legend.select_one(f".hl-{role}") is not None
    assert "suggested" in legend.get_text()


def test_suggestion_shows_its_badge_confidence_and_kind_confidence(
    client: FlaskClient, app: Flask
) -> None:
    soup = page(add_article(client))
    card = suggestion(soup, statement_id(app, MAYOR_WORDS))
    assert one(card, ".badge.suggested").get_text(strip=True) == "suggested"
    assert one(card, ".speaker").get_text(strip=True) == "mayor of Westford"
    assert one(card, ".mention").get_text() == "the mayor of Westford"
    assert one(card, ".confidence").get_text(strip=True).startswith("confidence 0.")
    assert one(card, ".kind-confidence").get_text(strip=True).startswith("kind confidence 0.")
    assert one(card, "blockquote").get_text() == MAYOR_WORDS


def test_suggestions_are_not_grouped_until_confirmed(client: FlaskClient, app: Flask) -> None:
    add_article(client)
    assert read(app, lambda s: s.scalar(select(func.count()).select_from(Membership))) == 0


def test_article_already_ingested_goes_to_the_stored_one(client: FlaskClient, app: Flask) -> None:
    first = add_article(client)
    again = add_article(client, title="Bridge (again)")
    assert again.request.path == first.request.path
    assert flashes(page(again)) == ["That article is already ingested: here it is."]
    assert read(app, lambda s: s.scalar(select(func.count()).select_from(Source))) == 1


def test_article_without_attributions_says_so(client: FlaskClient) -> None:
    soup = page(add_article(client, text="The bridge over the river was closed for repairs."))
    assert flashes(soup) == ["No statements found in this article."]
    assert soup.select(".article mark") == []


def test_uploaded_text_file_is_ingested(client: FlaskClient) -> None:
    upload = (io.BytesIO(ARTICLE.encode("utf-8")), "bridge.txt")
    response = client.post(
        "/articles/new", data={"title": "Bridge", "file": upload}, follow_redirects=True
    )
    assert marks_of(page(response), "speaker") == ["the mayor of Westford", "Police"]


def test_uploaded_html_is_read_as_its_article_text(client: FlaskClient) -> None:
    html = f"<html><body><nav>Home | News</nav><article><p>{ARTICLE}</p></article></body></html>"
    upload = (io.BytesIO(html.encode("utf-8")), "bridge.html")
    soup = page(client.post("/articles/new", data={"file": upload}, follow_redirects=True))
    assert one(soup, ".article").get_text() == ARTICLE


def test_script_in_an_uploaded_html_never_appears_as_markup(client: FlaskClient) -> None:
    html = (
        "<html><head><script>alert('head')</script></head><body><article>"
        f"<p>{ARTICLE}</p><script>alert('body')</script>"
        "<p>The sign read &lt;script&gt;alert('x')&lt;/script&gt; in red.</p>"
        "</article></body></html>"
    )
    upload = (io.BytesIO(html.encode("utf-8")), "bridge.html")
    response = client.post(
        "/articles/new", data={"title": "<b>Bridge</b>", "file": upload}, follow_redirects=True
    )
    soup = page(response)
    assert soup.find("b") is None
    assert [script.get("src") for script in soup.find_all("script")] == ["/static/working.js"]
    article = one(soup, ".article").get_text()
    assert "alert('body')" not in article and "alert('head')" not in article
    assert "<script>alert('x')</script>" in article  # the article's own words, shown as text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in response.get_data(as_text=True)


def test_right_to_left_article_is_shown_with_dir_auto(client: FlaskClient) -> None:
    arabic = "قال رئيس البلدية إن الجسر سيعاد بناؤه بحلول مايو."
    soup = page(add_article(client, text=arabic, title="الجسر"))
    article = one(soup, ".article")
    assert article["dir"] == "auto"
    assert article.get_text() == arabic
    assert one(soup, "h1")["dir"] == "auto"


BAD_ARTICLES: dict[str, tuple[dict[str, object], str]] = {
    "empty": ({"text": "   "}, "paste the article's text or choose a .txt or .html file"),
    "too big": (
        {"file": (lambda: (io.BytesIO(b"a" * (5 * 1024 * 1024 + 1)), "big.txt"))},
        "the limit is 5 MB",
    ),
    "not UTF-8": (
        {"file": (lambda: (io.BytesIO("café said".encode("latin-1")), "old.txt"))},
        "UTF-8",
    ),
    "empty HTML": (
        {"file": (lambda: (io.BytesIO(b"<html><script>x()</script></html>"), "empty.html"))},
        "the article is empty",
    ),
    "text and file": (
        {"text": ARTICLE, "file": (lambda: (io.BytesIO(b"Other words."), "other.txt"))},
        "not both",
    ),
    "bad date": ({"text": ARTICLE, "published": "May 3rd"}, "is not a date"),
}


@pytest.mark.parametrize("case", BAD_ARTICLES, ids=list(BAD_ARTICLES))
def test_bad_article_is_refused_with_400_and_nothing_written(
    client: FlaskClient, app: Flask, case: str
) -> None:
    fields, message = BAD_ARTICLES[case]
    form = {"title": "Kept title", **{k: v() if callable(v) else v for k, v in fields.items()}}
    before = counts(app)
    response = client.post("/articles/new", data=form)
    assert response.status_code == 400
    soup = page(response)
    assert len(flashes(soup, "error")) == 1 and message in flashes(soup, "error")[0]
    assert one(soup, "#f-title")["value"] == "Kept title"
    assert counts(app) == before


# ---------------------------------------------------------------- confirming, editing, deleting


def test_confirming_moves_a_statement_from_suggested_to_a_group(
    client: FlaskClient, app: Flask
) -> None:
    add_article(client)
    mayor = statement_id(app, MAYOR_WORDS)
    soup = act(client, f"/statements/{mayor}/confirm")
    assert soup.select_one(f'.suggestions [data-statement-id="{mayor}"]') is None
    row = one(soup, f'table.confirmed-statements tr[data-statement-id="{mayor}"]')
    group_href = str(one(row, 'a[href^="/groups/"]')["href"])
    assert status_of(app, mayor) == "confirmed"
    group_page = page(client.get(group_href))
    assert group_page.select_one(f'article.card[data-statement-id="{mayor}"]') is not None


def test_confirming_flashes_the_group_and_records_who(client: FlaskClient, app: Flask) -> None:
    add_article(client)
    mayor = statement_id(app, MAYOR_WORDS)
    soup = act(client, f"/statements/{mayor}/confirm")
    group_id = read(app, lambda s: s.get_one(Membership, mayor).group_id)
    assert flashes(soup) == [f"Confirmed statement {mayor}. It is now in group {group_id}."]
    history = page(client.get(f"/groups/{group_id}")).select("ol.history li")
    assert EDITOR in history[0].get_text() and "confirmed statement" in history[0].get_text()


def test_confirming_with_a_side_puts_it_on_that_side(client: FlaskClient, app: Flask) -> None:
    add_article(client)
    police = statement_id(app, POLICE_WORDS)
    act(client, f"/statements/{police}/confirm", side="asserts")
    membership = read(app, lambda s: s.get_one(Membership, police))
    assert (membership.side, membership.side_set_by) == ("asserts", EDITOR)


def test_confirming_needs_a_login(client: FlaskClient, app: Flask) -> None:
    add_article(client)
    mayor = statement_id(app, MAYOR_WORDS)
    response = anonymous(app).post(f"/statements/{mayor}/confirm")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert status_of(app, mayor) == "suggested"


def test_confirm_all_confirms_every_suggestion_of_the_source(
    client: FlaskClient, app: Flask
) -> None:
    add_article(client)
    url = source_url(app)
    soup = act(client, f"{url}/confirm")
    assert flashes(soup) == ["Confirmed 2 statements."]
    assert soup.select(".suggestions") == []
    assert len(soup.select("table.confirmed-statements tr[data-statement-id]")) == 2


def test_suggestion_links_to_the_edit_form(client: FlaskClient, app: Flask) -> None:
    soup = page(add_article(client))
    mayor = statement_id(app, MAYOR_WORDS)
    href = str(one(suggestion(soup, mayor), "a.edit")["href"])
    form = page(client.get(href))
    assert one(form, "h1 .badge.suggested").get_text(strip=True) == "suggested"
    assert one(form, "#f-text").get_text() == MAYOR_WORDS
    assert one(form, "#f-span_start")["value"] == "1"


def test_editing_a_suggestion_keeps_it_suggested_and_returns_to_the_article(
    client: FlaskClient, app: Flask
) -> None:
    add_article(client)
    police = statement_id(app, POLICE_WORDS)
    values = {
        "text": "40 people were arrested",
        "speaker": "Westford police",
        "speaker_kind": "government",
        "cue": "said",
        "attribution": "reported",
        "said_on": "",
        "span_start": str(ARTICLE.index("40 people")),
        "span_end": str(ARTICLE.index(POLICE_WORDS) + len(POLICE_WORDS)),
        "side": "unknown",
    }
    response = client.post(f"/statements/{police}/edit", data={**values}, follow_redirects=True)
    soup = page(response)
    assert response.request.path == source_url(app)
    card = suggestion(soup, police)
    assert one(card, ".speaker").get_text(strip=True) == "Westford police"
    assert one(card, "blockquote").get_text() == "40 people were arrested"
    assert "40 people were arrested" in marks_of(soup, "content")
    assert status_of(app, police) == "suggested"


def test_giving_a_suggestion_a_side_in_the_edit_form_confirms_it(
    client: FlaskClient, app: Flask
) -> None:
    add_article(client)
    police = statement_id(app, POLICE_WORDS)
    values = page(client.get(f"/statements/{police}/edit"))
    form = {
        str(field["name"]): str(field.get("value", ""))
        for field in values.select("form.stacked input[name]")
    }
    form.update(text=POLICE_WORDS, speaker_kind="government", attribution="reported")
    form.update(side="denies")
    client.post(f"/statements/{police}/edit", data=form)
    assert status_of(app, police) == "confirmed"
    assert read(app, lambda s: s.get_one(Membership, police).side) == "denies"


def test_deleting_a_suggestion_returns_to_the_article_without_it(
    client: FlaskClient, app: Flask
) -> None:
    add_article(client)
    police = statement_id(app, POLICE_WORDS)
    response = client.post(f"/statements/{police}/delete", data={}, follow_redirects=True)
    soup = page(response)
    assert response.request.path == source_url(app)
    assert flashes(soup) == [f"Deleted statement {police}."]
    assert soup.select_one(f'[data-statement-id="{police}"]') is None
    assert "Police" not in marks_of(soup, "speaker")


def test_every_form_on_the_article_pages_carries_the_csrf_token(
    client: FlaskClient, app: Flask
) -> None:
    add_article(client)
    app.config["CSRF_ENABLED"] = True
    mayor = statement_id(app, MAYOR_WORDS)
    for url in ("/articles/new", source_url(app), f"/statements/{mayor}/edit"):
        forms = page(client.get(url)).select('form[method="post"]')
        assert len(forms) > 1, url
        for form in forms:
            assert form.select_one('input[type="hidden"][name="csrf_token"]'), (url, form)


def test_confirm_without_the_csrf_token_is_refused(client: FlaskClient, app: Flask) -> None:
    add_article(client)
    app.config["WTF_CSRF_ENABLED"] = True  # what CSRF_ENABLED sets at start
    mayor = statement_id(app, MAYOR_WORDS)
    response = client.post(f"/statements/{mayor}/confirm", data={})
    assert response.status_code == 400
    assert status_of(app, mayor) == "suggested"


# ---------------------------------------------------------------- highlight runs


def mark(sid: int, role: str, start: int, end: int, suggested: bool = True) -> Mark:
    return Mark(sid, role, start, end, suggested)


def test_runs_cover_the_text_exactly() -> None:
    text = "The mayor said the bridge will reopen."
    pieces = runs(text, [mark(1, "speaker", 0, 9), mark(1, "cue", 10, 14)])
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.role) for p in pieces] == [
        ("The mayor", "speaker"),
        (" ", None),
        ("said", "cue"),
        (" the bridge will reopen.", None),
    ]


def test_a_speaker_inside_someone_elses_quote_shows_as_a_speaker() -> None:
    text = '"Police said 40 were held," the mayor said.'
    outer = [mark(1, "content", 1, 25), mark(1, "speaker", 28, 37), mark(1, "cue", 38, 42)]
    inner = [mark(2, "speaker", 1, 7), mark(2, "cue", 8, 12), mark(2, "content", 13, 25)]
    pieces = runs(text, outer + inner)
    assert pieces[1] == Run("Police", "speaker", (1, 2), True)
    assert pieces[3] == Run("said", "cue", (1, 2), True)
    assert pieces[5] == Run("40 were held", "content", (1, 2), True)


def test_overlapping_spans_give_the_same_runs_in_any_order() -> None:
    text = "abcdefghij"
    given = [mark(1, "content", 0, 6), mark(2, "content", 3, 9, False), mark(3, "cue", 5, 7)]
    assert runs(text, given) == runs(text, list(reversed(given)))
    assert [(p.text, p.role, p.statement_ids) for p in runs(text, given)] == [
        ("abc", "content", (1,)),
        ("de", "content", (1, 2)),
        ("f", "cue", (1, 2, 3)),
        ("g", "cue", (2, 3)),
        ("hi", "content", (2,)),
        ("j", None, ()),
    ]


def test_a_run_shown_for_a_confirmed_statement_is_not_marked_suggested() -> None:
    pieces = runs("abcdef", [mark(1, "content", 0, 4), mark(2, "content", 2, 6, False)])
    assert [(p.text, p.suggested) for p in pieces] == [("ab", True), ("cd", False), ("ef", False)]
