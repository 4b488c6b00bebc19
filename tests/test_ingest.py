"""Article ingestion: files in, suggested statements out, and confirming them into groups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from accounts import make_disabled_account
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from verify import db, services
from verify.embedding import Embedder
from verify.inputs.documents import MAX_ARTICLE_BYTES, article_text, read_article
from verify.inputs.records import InvalidInput, SourceInput
from verify.models import EditorAction, Embedding, Membership, Source, Statement

BRIDGE = '"We will rebuild the bridge," the mayor said.'
ARRESTS = "Police said that 40 people were arrested."
ARTICLE = f"Storm damage in Kessa\n\n{BRIDGE}\n\n{ARRESTS}\n"
NOTHING_SAID = "Storm damage in Kessa\n\nThe river rose two metres overnight. Roads were closed.\n"
HTML = f"""<!DOCTYPE html>
<html><head><title>Storm damage in Kessa</title>
<script>var tracker = "SECRET-TRACKER";</script><style>p {{ color: red }}</style></head>
<body><nav>Home | World | Sport</nav>
<article><p>{BRIDGE.replace('"', "&quot;")}</p>
<script>document.write("INJECTED-BY-SCRIPT")</script>
<p>Police&nbsp;said that 40 people   were arrested.</p></article>
<footer>Copyright Kessa Courier</footer></body></html>
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def ingest(runner: FlaskCliRunner, path: Path, *options: str) -> str:
    result = runner.invoke(args=["ingest", str(path), *options])
    assert result.exit_code == 0, result.output
    return result.output


def statements(app: Flask) -> list[Statement]:
    with app.app_context():
        return list(db.get_session().scalars(select(Statement).order_by(Statement.span_start)))


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.get_session().scalar(select(func.count()).select_from(model)) or 0


def last_json_line(output: str) -> list[dict[str, object]]:
    data = json.loads(output.strip().splitlines()[-1])
    assert isinstance(data, list)
    return data


# ---------------------------------------------------------------- article text


def test_html_loses_scripts_styles_and_page_furniture() -> None:
    text = article_text(HTML.encode("utf-8"), "page.html")
    for absent in ("SECRET-TRACKER", "INJECTED-BY-SCRIPT", "color", "Sport", "Copyright"):
        assert absent not in text


def test_html_paragraphs_are_separated_by_blank_lines_with_entities_decoded() -> None:
    assert article_text(HTML.encode("utf-8"), "page.html") == f"{BRIDGE}\n\n{ARRESTS}"


def test_html_is_recognised_by_its_content_whatever_the_name() -> None:
    article = read_article(HTML.encode("utf-8"), "the article")
    assert article.title == "Storm damage in Kessa"
    assert "<p>" not in article.text


def test_plain_text_keeps_every_character_but_carriage_returns() -> None:
    given = "Title\r\n\r\n  «Quote»  with  spaces,\r\nend\r"
    assert (
        article_text(given.encode("utf-8"), "a.txt") == "Title\n\n  «Quote»  with  spaces,\nend\n"
    )


def test_an_article_over_5_mb_is_refused_naming_the_limit() -> None:
    with pytest.raises(InvalidInput, match=r"is 5,300,000 bytes; the limit is 5 MB \(5,242,880"):
        article_text(b"a" * 5_300_000, "big.txt")


def test_markup_that_leaves_no_text_is_an_empty_article() -> None:
    with pytest.raises(InvalidInput, match="the article is empty"):
        article_text(b"<html><body><script>x()</script><nav>Home</nav></body></html>", "a.html")


# ---------------------------------------------------------------- the ingest command


def test_ingesting_a_text_file_suggests_its_statements(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    output = ingest(runner, write(tmp_path, "storm.txt", ARTICLE))
    assert "found 2 statement(s) in Storm damage in Kessa; waiting for confirmation" in output
    found = statements(app)
    assert [s.status for s in found] == ["suggested", "suggested"]
    assert "We will rebuild the bridge" in found[0].text
    assert "40 people were arrested" in found[1].text


def test_an_ingested_statement_keeps_its_cue_speaker_and_spans(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    ingest(runner, write(tmp_path, "storm.txt", ARTICLE))
    with app.app_context():
        session = db.get_session()
        statement = session.scalars(select(Statement).order_by(Statement.span_start)).first()
        assert statement is not None and statement.source is not None
        text = statement.source.text
        assert statement.span is not None and statement.cue_span and statement.mention_span
        assert "rebuild the bridge" in text[statement.span[0] : statement.span[1]]
        assert text[statement.cue_span[0] : statement.cue_span[1]] == "said"
        assert "mayor" in text[statement.mention_span[0] : statement.mention_span[1]]
        assert statement.cue == "said" and statement.attribution == "direct"
        assert "mayor" in statement.speaker.name.lower()
        assert 0 < (statement.confidence or 0) <= 1


def test_ingesting_html_never_stores_its_script(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    output = ingest(runner, write(tmp_path, "storm.html", HTML))
    assert "found 2 statement(s) in Storm damage in Kessa" in output
    with app.app_context():
        source = db.get_session().scalars(select(Source)).one()
        assert "INJECTED-BY-SCRIPT" not in source.text and "SECRET-TRACKER" not in source.text
        assert source.text == f"{BRIDGE}\n\n{ARRESTS}"


def test_reingesting_the_same_article_adds_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "storm.txt", ARTICLE)
    ingest(runner, path)
    output = ingest(runner, path)
    assert "already ingested as source #1: nothing added" in output
    assert count(app, Source) == 1 and count(app, Statement) == 2


def test_an_article_without_attributions_reports_no_statements_found(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    output = ingest(runner, write(tmp_path, "river.txt", NOTHING_SAID))
    assert "no statements found" in output
    assert count(app, Source) == 1 and count(app, Statement) == 0


def test_the_title_option_overrides_the_first_line(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "storm.txt", ARTICLE)
    ingest(
        runner, path, "--title", "Kessa storm", "--outlet", "Courier", "--published", "2026-05-02"
    )
    with app.app_context():
        source = db.get_session().scalars(select(Source)).one()
        assert (source.title, source.outlet, str(source.published)) == (
            "Kessa storm",
            "Courier",
            "2026-05-02",
        )


def test_a_file_over_5_mb_is_refused_and_nothing_is_written(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "huge.txt", (ARTICLE * 200_000)[: MAX_ARTICLE_BYTES + 10])
    result = runner.invoke(args=["ingest", str(path)])
    assert result.exit_code == 2
    assert "huge.txt is 5,242,890 bytes; the limit is 5 MB (5,242,880 bytes)" in result.output
    assert count(app, Source) == 0


def test_a_file_that_is_not_utf8_is_refused(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = write(
        tmp_path, "latin1.txt", "Le maire a déclaré: «Nous reconstruirons.»".encode("latin-1")
    )
    result = runner.invoke(args=["ingest", str(path)])
    assert result.exit_code == 2
    assert "latin1.txt is not UTF-8 text (byte 0xe9" in result.output
    assert count(app, Source) == 0


def test_an_empty_file_is_refused(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["ingest", str(write(tmp_path, "blank.txt", " \n\t\n"))])
    assert result.exit_code == 2
    assert "the article is empty" in result.output
    assert count(app, Source) == 0


@pytest.mark.parametrize(
    "text",
    [
        "قال المتحدث باسم الحكومة إن الجسر سيُعاد بناؤه.\nوأضاف: «لن نتخلى عن المدينة».\n",
        'אמר ראש העירייה: "נבנה מחדש את הגשר".\nהמשטרה עצרה 40 איש.\n',
    ],
    ids=["arabic", "hebrew"],
)
def test_right_to_left_text_is_stored_exactly(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, text: str
) -> None:
    output = ingest(runner, write(tmp_path, "rtl.txt", text), "--json")
    with app.app_context():
        source = db.get_session().scalars(select(Source)).one()
        assert source.text == text
        assert source.title == text.splitlines()[0]
    for item in last_json_line(output):
        span = item["span"]
        assert isinstance(span, list) and 0 <= span[0] < span[1] <= len(text)


def test_json_last_line_lists_statements_whose_spans_index_the_file(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    output = ingest(runner, write(tmp_path, "storm.txt", ARTICLE), "--json")
    items = last_json_line(output)
    assert len(items) == 2
    for item in items:
        assert set(item) == {
            "text",
            "span",
            "speaker",
            "speaker_kind",
            "speaker_description",
            "anonymous",
            "cue",
            "attribution",
            "confidence",
        }
        span = item["span"]
        assert isinstance(span, list)
        start, end = span
        assert str(item["text"]) in ARTICLE[start:end]


def test_json_of_an_already_ingested_article_lists_its_stored_statements(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "storm.txt", ARTICLE)
    first = last_json_line(ingest(runner, path, "--json"))
    again = last_json_line(ingest(runner, path, "--json"))
    assert again == first


# ---------------------------------------------------------------- confirming


def test_suggested_statements_join_no_group_until_confirmed(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    ingest(runner, write(tmp_path, "storm.txt", ARTICLE))
    assert count(app, Membership) == 0 and count(app, Embedding) == 0
    result = runner.invoke(args=["confirm", "1", "--editor", "Ana"])
    assert result.exit_code == 0, result.output
    assert "confirmed 2 statement(s) of source #1" in result.output
    assert count(app, Membership) == 2 and count(app, Embedding) == 2
    assert {s.status for s in statements(app)} == {"confirmed"}


def test_confirming_writes_one_history_entry_per_statement(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    ingest(runner, write(tmp_path, "storm.txt", ARTICLE))
    runner.invoke(args=["confirm", "1", "--editor", "Ana"])
    with app.app_context():
        session = db.get_session()
        entries = session.scalars(select(EditorAction)).all()
        assert [(e.action, e.editor) for e in entries] == [("confirm_statement", "Ana")] * 2
        for entry in entries:
            membership = session.get(Membership, entry.statement_id)
            assert membership is not None and entry.group_id == membership.group_id


def test_confirming_a_source_with_nothing_suggested_is_refused(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    ingest(runner, write(tmp_path, "storm.txt", ARTICLE))
    assert runner.invoke(args=["confirm", "1", "--editor", "Ana"]).exit_code == 0
    result = runner.invoke(args=["confirm", "1", "--editor", "Ana"])
    assert result.exit_code == 2
    assert "source 1 has no suggested statements" in result.output


def test_confirming_an_unknown_source_is_refused(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["confirm", "99", "--editor", "Ana"])
    assert result.exit_code == 2
    assert "no source with id 99" in result.output


@pytest.mark.parametrize(
    ("editor", "words"),
    [
        ("Night desk", "there is no account named 'Night desk'"),
        ("Dis Abled", "the account 'Dis Abled' is disabled"),
    ],
)
def test_confirming_as_no_active_account_is_refused(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, editor: str, words: str
) -> None:
    make_disabled_account(app, "Dis Abled")
    ingest(runner, write(tmp_path, "storm.txt", ARTICLE))
    result = runner.invoke(args=["confirm", "1", "--editor", editor])
    assert result.exit_code == 2, result.output
    assert f"--editor {editor!r}: {words}; nothing was confirmed" in result.output
    assert count(app, Membership) == 0 and count(app, EditorAction) == 0
    assert {s.status for s in statements(app)} == {"suggested"}


def _ingested(session: Session) -> list[Statement]:
    report = services.ingest_article(session, SourceInput(title="Storm", text=ARTICLE))
    session.commit()
    return report.suggested


def test_a_confirmed_statement_gets_a_group_and_a_vector(
    db_session: Session, embedder: Embedder
) -> None:
    first, second = _ingested(db_session)
    services.confirm_statement(db_session, embedder, first.id, "Ana")
    assert first.status == "confirmed" and first.membership is not None
    assert second.membership is None and not second.embeddings


def test_a_statement_cannot_be_confirmed_twice(db_session: Session, embedder: Embedder) -> None:
    first, _ = _ingested(db_session)
    services.confirm_statement(db_session, embedder, first.id, "Ana")
    with pytest.raises(InvalidInput, match="already confirmed"):
        services.confirm_statement(db_session, embedder, first.id, "Ana")


def test_editing_a_suggested_statement_does_not_embed_it(
    db_session: Session, embedder: Embedder
) -> None:
    first, _ = _ingested(db_session)
    services.update_statement(
        db_session, embedder, first.id, {"text": "We will rebuild the old bridge"}, "Ana"
    )
    assert first.is_suggested and not first.embeddings and first.membership is None


def test_giving_a_suggested_statement_a_side_confirms_it_first(
    db_session: Session, embedder: Embedder
) -> None:
    first, _ = _ingested(db_session)
    services.update_statement(db_session, embedder, first.id, {"side": "asserts"}, "Ana")
    assert first.status == "confirmed"
    assert first.membership is not None and first.membership.side == "asserts"
    actions = db_session.scalars(select(EditorAction.action).order_by(EditorAction.id)).all()
    assert list(actions) == ["confirm_statement", "set_side"]


def test_deleting_a_suggested_statement_leaves_the_others(
    db_session: Session, embedder: Embedder
) -> None:
    first, second = _ingested(db_session)
    services.delete_statement(db_session, first.id, "Ana", "not an attribution")
    assert db_session.scalars(select(Statement.id)).all() == [second.id]


def test_regroup_leaves_suggested_statements_out(db_session: Session, embedder: Embedder) -> None:
    first, second = _ingested(db_session)
    services.confirm_statement(db_session, embedder, first.id, "Ana")
    report = services.regroup(db_session, embedder.name)
    assert report.statements == 1 and second.membership is None


def test_reembed_leaves_suggested_statements_out(db_session: Session, embedder: Embedder) -> None:
    first, second = _ingested(db_session)
    services.confirm_statement(db_session, embedder, first.id, "Ana")
    db_session.commit()
    assert services.reembed(db_session, embedder) == 1
    db_session.refresh(second)
    assert second.membership is None and not second.embeddings


@pytest.mark.parametrize("command", ["ingest", "confirm"])
def test_the_article_commands_have_help(runner: FlaskCliRunner, command: str) -> None:
    result = runner.invoke(args=[command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


# ---------------------------------------------------------------- a long article

TOWNS = ("Kessa", "Varn", "Olde", "Maris", "Tolu", "Brena", "Casso", "Dunmere")
WORKS = ("bridge", "school", "clinic", "market", "ferry", "dam", "road", "library")
FIRST = ("Ana", "Boris", "Clara", "Dario", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas")
LAST = ("Morel", "Okafor", "Lind", "Sato", "Vega", "Nagy", "Costa", "Berg", "Halim", "Rossi")
TRADES = ("farmer", "teacher")


def long_article(count: int) -> str:
    """`count` paragraphs, each one attributed statement by another resident (at most 200)."""
    paragraphs = ["Rebuilding after the floods"]
    for n in range(count):
        name = f"{FIRST[n % 10]} {LAST[(n // 10) % 10]}"
        town, work = TOWNS[n % len(TOWNS)], WORKS[(n // len(TOWNS)) % len(WORKS)]
        trade = TRADES[n // 100]
        paragraphs.append(
            f"{name}, a {trade} from {town}, said the {work} would reopen in {n + 2} weeks."
        )
    return "\n\n".join(paragraphs) + "\n"


@pytest.mark.slow
def test_an_article_of_200_statements_is_suggested_confirmed_and_sorted_into_claims(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    output = ingest(runner, write(tmp_path, "long.txt", long_article(200)))
    assert "found 200 statement(s) in Rebuilding after the floods" in output
    result = runner.invoke(args=["confirm", "1", "--editor", "Ana"])
    assert result.exit_code == 0, result.output
    assert "confirmed 200 statement(s) of source #1" in result.output
    with app.app_context():
        session = db.get_session()
        stored = session.scalars(select(Statement)).all()
        assert len(stored) == 200 and {s.status for s in stored} == {"confirmed"}
        assert len({s.speaker.name for s in stored}) == 100  # each name speaks as two trades
        placed = session.scalars(select(Membership)).all()
        assert len(placed) == 200 and all(m.claim_id is not None for m in placed)
