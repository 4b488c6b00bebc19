"""The `flask --app verify ...` commands through the CLI runner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import delete, select

from verify import db, services
from verify.models import Embedding, Membership, Statement


@pytest.mark.parametrize(
    "command",
    [
        ["migrate"],
        ["import"],
        ["groups"],
        ["regroup"],
        ["reembed"],
        ["demo"],
        ["eval", "grouping"],
    ],
)
def test_every_command_has_help(runner: FlaskCliRunner, command: list[str]) -> None:
    result = runner.invoke(args=[*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


@pytest.mark.slow
def test_demo_loads_once_and_adds_nothing_the_second_time(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "13 statement(s) and 3 source(s) added" in first.output
    second = runner.invoke(args=["demo"])
    assert "0 statement(s) and 0 source(s) added, 13 already there" in second.output


def test_groups_json_prints_the_documented_shape(demo_app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["groups", "--json"])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output.strip().splitlines()[-1])
    assert sum(len(g["members"]) for g in groups) == 13
    for group in groups:
        assert {"id", "label", "flag", "members"} <= set(group)
        for member in group["members"]:
            assert {"statement_id", "text", "speaker", "speaker_kind", "side", "source"} <= set(
                member
            )


def test_groups_lists_speakers_and_sides(demo_app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["groups"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # A person's side is printed bare; a suggestion with its confidence; * marks the central claim.
    assert any(line.split()[:2] == ["denies", "Rustam"] for line in lines if "Kaleev" in line)
    assert any(re.match(r"\s+\S?\s*(asserts|denies|neutral) \d+%\s", line) for line in lines)
    assert any(line.startswith("    * ") for line in lines)  # inside its claim
    assert any(re.match(r"  claim \d+ \[suggested disputed\]", line) for line in lines)
    assert any(line.startswith("    reason: ") for line in lines)


def test_regroup_leaves_a_confirmed_membership_where_a_person_put_it(
    demo_app: Flask, runner: FlaskCliRunner
) -> None:
    with demo_app.app_context():
        session = db.get_session()
        dam = session.scalars(select(Statement).where(Statement.text.contains("Kestrel"))).one()
        raid = session.scalars(
            select(Statement).where(Statement.text.contains("tunnels under the compound"))
        ).one()
        assert raid.membership and dam.membership
        services.move_statement(session, dam.id, raid.membership.group_id, "Ana", "test")
        session.commit()
        target = raid.membership.group_id
    result = runner.invoke(args=["regroup"])
    assert result.exit_code == 0, result.output
    assert "confirmed kept" in result.output
    with demo_app.app_context():
        moved = db.get_session().get(Membership, dam.id)
        assert moved is not None and moved.group_id == target and moved.confirmed_by == "Ana"


def group_count(app: Flask) -> int:
    with app.app_context():
        return len(set(db.get_session().scalars(select(Membership.group_id))))


def test_regroup_uses_the_threshold_given_for_this_run(
    demo_app: Flask, runner: FlaskCliRunner
) -> None:
    usual = group_count(demo_app)
    counts: dict[str, int] = {}
    for threshold in ("0.999", "0.1"):
        result = runner.invoke(args=["regroup", "--threshold", threshold])
        assert result.exit_code == 0, result.output
        counts[threshold] = group_count(demo_app)
        assert f"into {counts[threshold]} group(s)" in result.output
    # A stricter score to join splits the demo's events apart; a looser one runs them together.
    assert counts["0.999"] > usual > counts["0.1"]
    # The setting itself is unchanged: a plain regroup goes back to the usual groups.
    again = runner.invoke(args=["regroup"])
    assert again.exit_code == 0, again.output
    assert group_count(demo_app) == usual


@pytest.mark.parametrize("threshold", ["0", "-0.5", "many"])
def test_regroup_refuses_a_threshold_out_of_range(
    demo_app: Flask, runner: FlaskCliRunner, threshold: str
) -> None:
    before = group_count(demo_app)
    result = runner.invoke(args=["regroup", "--threshold", threshold])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--threshold'" in result.output
    assert group_count(demo_app) == before


def test_reembed_replaces_vectors_with_the_current_model(
    demo_app: Flask, runner: FlaskCliRunner
) -> None:
    with demo_app.app_context():
        session = db.get_session()
        statement_id = session.scalars(select(Statement.id)).first()
        session.add(Embedding(statement_id=statement_id, model="old-model", vector=b"\0" * 16))
        session.commit()
    result = runner.invoke(args=["reembed"])
    assert result.exit_code == 0, result.output
    assert "re-embedded 13 statement(s)" in result.output
    with demo_app.app_context():
        models = set(db.get_session().scalars(select(Embedding.model).distinct()))
    assert models == {"all-MiniLM-L6-v2"}


def _grouping_file(tmp_path: Path) -> Path:
    rows = [
        ("a1", "The council voted to close the Elm Street library in June.", "lib"),
        ("a2", "Councillors deny any plan to shut Elm Street library.", "lib"),
        ("a3", "Elm Street library will stay open, the mayor insists.", "lib"),
        ("b1", "A heatwave pushed temperatures in Porto above 40 degrees.", "heat"),
        ("b2", "Porto recorded its hottest day as thermometers passed 40C.", "heat"),
    ]
    path = tmp_path / "grouping.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": i, "text": t, "cluster": c}) for i, t, c in rows) + "\n"
    )
    return path


def test_eval_grouping_json_line_keeps_the_contract_keys(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(args=["eval", "grouping", str(_grouping_file(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert set(figures["bcubed"]) == {"p", "r", "f1"}
    for key in ("ari", "groups_predicted", "groups_gold", "statements", "seconds"):
        assert key in figures
    assert figures["statements"] == 5 and figures["groups_gold"] == 2


def test_eval_grouping_keeps_two_unrelated_stories_apart(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(args=["eval", "grouping", str(_grouping_file(tmp_path)), "--json"])
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["bcubed"]["p"] == 1.0


def test_eval_grouping_refuses_a_file_without_clusters(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "no cluster here"}\n')
    result = runner.invoke(args=["eval", "grouping", str(path)])
    assert result.exit_code == 2
    assert "line 1" in result.output


def test_grouping_refuses_to_mix_vectors_of_two_models(
    demo_app: Flask, runner: FlaskCliRunner
) -> None:
    with demo_app.app_context():
        session = db.get_session()
        statement_id = session.scalars(select(Statement.id)).first()
        session.execute(delete(Embedding).where(Embedding.statement_id == statement_id))
        session.add(Embedding(statement_id=statement_id, model="old-model", vector=b"\0" * 16))
        session.commit()
    result = runner.invoke(args=["regroup"])
    assert result.exit_code == 2
    assert "'old-model'" in result.output and "reembed" in result.output


def test_a_side_an_editor_set_survives_regroup(demo_app: Flask, runner: FlaskCliRunner) -> None:
    with demo_app.app_context():
        session = db.get_session()
        statement = session.scalars(
            select(Statement).where(Statement.text.startswith("two of the four outlet gates"))
        ).one()
        services.set_side(session, statement.id, "denies", "Ana", "gates shut = less water")
        session.commit()
        group_id = statement.membership.group_id if statement.membership else None
    assert runner.invoke(args=["regroup"]).exit_code == 0
    with demo_app.app_context():
        membership = db.get_session().get(Membership, statement.id)
        assert membership is not None
        assert (membership.group_id, membership.side, membership.side_set_by) == (
            group_id,
            "denies",
            "Ana",
        )


def test_a_database_without_the_schema_is_refused_with_the_fix_named(
    embedder: object, tmp_path: Path
) -> None:
    from verify import create_app

    empty = tmp_path / "empty.sqlite"
    app = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{empty}", "SECRET_KEY": "test"},
        embedder=embedder,  # type: ignore[arg-type]
    )
    article = tmp_path / "article.txt"
    article.write_text("The mayor said the bridge would reopen in May.", encoding="utf-8")
    runner = app.test_cli_runner()
    for args in (["ingest", str(article)], ["groups"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 2, result.output
        assert "no verify schema" in result.output
        assert "flask --app verify migrate" in result.output
        assert "Traceback" not in result.output
    assert runner.invoke(args=["migrate"]).exit_code == 0
    assert runner.invoke(args=["ingest", str(article)]).exit_code == 0
