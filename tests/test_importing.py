"""Import files through `flask --app verify import`: good files, each bad input, re-imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from accounts import TEST_ACCOUNT, make_disabled_account
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from verify import db
from verify.choices import SPEAKER_KINDS
from verify.jobs.work import IMPORT_BATCH
from verify.models import Membership, Source, Speaker, Statement

ARTICLE = (
    "Police in Norland said on Friday that 40 people were arrested after the protest in Weston. "
    "Organisers said nobody was arrested and called the figures invented."
)


def _document(**statement_changes: Any) -> dict[str, Any]:
    first = {
        "source": "a1",
        "text": "40 people were arrested after the protest in Weston",
        "speaker": "Norland police",
        "speaker_kind": "government",
        "cue": "said",
        "attribution": "reported",
        "span": [35, 86],
        "said_on": "2026-03-06",
        "side": "asserts",
    }
    first.update(statement_changes)
    return {
        "sources": [
            {
                "key": "a1",
                "title": "Arrests after Weston protest",
                "outlet": "Norland Herald",
                "url": "https://example.org/weston",
                "published": "2026-03-06",
                "text": ARTICLE,
            }
        ],
        "statements": [
            first,
            {
                "source": "a1",
                "text": "nobody was arrested and called the figures invented",
                "speaker": "Protest organisers",
                "speaker_kind": "other",
                "side": "denies",
            },
        ],
    }


def _write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def _counts(app: Flask) -> tuple[int, int, int, int]:
    with app.app_context():
        session = db.get_session()
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Source, Speaker, Statement, Membership)
        )


def _import(runner: FlaskCliRunner, path: str) -> Result:
    return runner.invoke(args=["import", path])


def test_json_import_stores_sources_statements_and_groups(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = _write(tmp_path, "good.json", json.dumps(_document()))
    result = _import(runner, path)
    assert result.exit_code == 0, result.output
    assert "imported 2 statement(s) and 1 source(s)" in result.output
    assert _counts(app) == (1, 2, 2, 2)
    with app.app_context():
        statement = db.get_session().scalars(select(Statement).where(Statement.cue == "said")).one()
        assert statement.span == (35, 86)
        assert statement.source is not None and statement.source.outlet == "Norland Herald"
        assert statement.speaker.kind == "government"
        assert statement.membership is not None and statement.membership.side == "asserts"


def test_the_editor_option_records_the_files_sides_under_that_account(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = _write(tmp_path, "good.json", json.dumps(_document()))
    result = runner.invoke(args=["import", path, "--editor", TEST_ACCOUNT])
    assert result.exit_code == 0, result.output
    with app.app_context():
        setters = db.get_session().scalars(select(Membership.side_set_by)).all()
    assert set(setters) == {TEST_ACCOUNT}


@pytest.mark.parametrize(
    ("editor", "words"),
    [
        ("Night desk", "there is no account named 'Night desk'"),
        ("Dis Abled", "the account 'Dis Abled' is disabled"),
    ],
)
def test_an_editor_that_is_no_active_account_is_refused(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, editor: str, words: str
) -> None:
    make_disabled_account(app, "Dis Abled")
    path = _write(tmp_path, "good.json", json.dumps(_document()))
    result = runner.invoke(args=["import", path, "--editor", editor])
    assert result.exit_code == 2, result.output
    assert f"--editor {editor!r}: {words}; nothing was imported" in result.output
    assert _counts(app) == (0, 0, 0, 0)


def test_importing_the_same_file_twice_adds_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = _write(tmp_path, "good.json", json.dumps(_document()))
    assert _import(runner, path).exit_code == 0
    before = _counts(app)
    result = _import(runner, path)
    assert result.exit_code == 0, result.output
    assert "imported 0 statement(s) and 0 source(s); 2 already stored" in result.output
    assert _counts(app) == before


def test_csv_import_reads_statement_columns_and_source_title_and_url(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    content = (
        "text,speaker,speaker_kind,anonymous,cue,attribution,said_on,side,source_title,source_url\n"
        "The bridge will open in May,Transport ministry,government,no,said,reported,2026-01-02,"
        "asserts,Bridge news,https://example.org/bridge\n"
        '"The bridge is unsafe, engineers warn",A site engineer,anonymous official,yes,warned,'
        "reported,,denies,Bridge news,https://example.org/bridge\n"
    )
    result = _import(runner, _write(tmp_path, "rows.csv", content))
    assert result.exit_code == 0, result.output
    assert _counts(app)[:3] == (1, 2, 2)
    with app.app_context():
        engineer = (
            db.get_session().scalars(select(Speaker).where(Speaker.name == "A site engineer")).one()
        )
        assert engineer.kind == "anonymous_official" and engineer.is_anonymous


def _refused(app: Flask, runner: FlaskCliRunner, path: str, *expected: str) -> str:
    before = _counts(app)
    result = _import(runner, path)
    assert result.exit_code == 2, result.output
    for words in expected:
        assert words in result.output
    assert "Traceback" not in result.output
    assert "nothing was imported" in result.output
    assert _counts(app) == before
    return result.output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"text": ""}, "statement 1: text is required"),
        ({"text": " \n\t "}, "statement 1: text is required"),
        ({"speaker": None}, "statement 1: speaker is required"),
        ({"span": [10, 5000]}, "span [10, 5000] is outside its source text"),
        ({"text": "x" * 20_001}, "the limit is 20,000"),
        ({"said_on": "last Friday"}, "not a date"),
    ],
)
def test_bad_statement_is_refused_and_nothing_is_written(
    app: Flask,
    runner: FlaskCliRunner,
    tmp_path: Path,
    change: dict[str, Any],
    expected: str,
) -> None:
    document = _document(**change)
    if change.get("speaker", "") is None:
        del document["statements"][0]["speaker"]
    _refused(app, runner, _write(tmp_path, "bad.json", json.dumps(document)), expected)


def test_unknown_speaker_kind_lists_the_valid_kinds(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = _write(tmp_path, "bad.json", json.dumps(_document(speaker_kind="spokesperson")))
    output = _refused(app, runner, path, "unknown speaker_kind 'spokesperson'")
    for kind in SPEAKER_KINDS:
        assert kind in output


def test_malformed_json_is_refused_with_its_position(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = _write(tmp_path, "broken.json", '{"statements": [{"text": "a", }]}')
    _refused(app, runner, path, "malformed JSON", "line 1")


def test_csv_row_missing_a_required_column_names_the_row(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    content = "text,speaker\nThe dam is safe,Dam authority\nThe dam is leaking\n"
    _refused(app, runner, _write(tmp_path, "short.csv", content), "row 3", "speaker")


def test_csv_without_a_required_column_in_its_header_is_refused(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    content = "text,speaker_kind\nThe dam is safe,government\n"
    _refused(app, runner, _write(tmp_path, "nospeaker.csv", content), "lacks", "speaker")


def test_file_that_is_not_utf8_is_refused(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    content = "text,speaker\nLa presa es segura,Autoridad del agua\n".encode("latin-1")
    content += "Año,Ministro\n".encode("latin-1")
    _refused(app, runner, _write(tmp_path, "latin1.csv", content), "not UTF-8")


def test_one_bad_statement_refuses_the_whole_file(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    document = _document()
    document["statements"][1]["speaker_kind"] = "celebrity"
    _refused(app, runner, _write(tmp_path, "half.json", json.dumps(document)), "statement 2")


def test_statement_naming_a_missing_source_is_refused(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = _write(tmp_path, "orphan.json", json.dumps(_document(source="zz")))
    _refused(app, runner, path, "source 'zz' is not in sources")


def test_missing_file_is_a_clear_error(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = _import(runner, str(tmp_path / "nowhere.json"))
    assert result.exit_code == 2
    assert "no such file" in result.output


# ---------------------------------------------------------------- in batches

PLACES = ("Kessa", "Varn", "Olde", "Maris", "Tolu")


def _many(count: int) -> dict[str, Any]:
    statements = [
        {
            "text": f"the road to {PLACES[n % 5]} will reopen in {n + 2} days",
            "speaker": f"Official {n % 7}",
        }
        for n in range(count)
    ]
    return {"statements": statements}


def _stored(app: Flask) -> int:
    with app.app_context():
        return db.get_session().scalar(select(func.count(Statement.id))) or 0


@pytest.mark.slow
def test_an_import_killed_between_batches_finishes_without_duplicates_when_run_again(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = _write(tmp_path, "many.json", json.dumps(_many(IMPORT_BATCH + 60)))
    env = {**os.environ, "VERIFY_DATABASE_URL": app.config["DATABASE_URL"], "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "flask", "--app", "verify", "import", path]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while _stored(app) < IMPORT_BATCH and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    process.kill()  # SIGKILL: the second batch dies with the process, uncommitted
    process.wait()
    first = _stored(app)
    assert first in (IMPORT_BATCH, IMPORT_BATCH + 60)  # a whole batch or all: never half of one
    result = _import(runner, path)
    assert result.exit_code == 0, result.output
    assert f"{first} already stored" in result.output
    assert _stored(app) == IMPORT_BATCH + 60
