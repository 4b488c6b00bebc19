"""`flask --app verify eval ...`: score grouping, attribution, stance and disputes on evaluation
files.

Each command runs the code the app runs and, with --json, prints one JSON object as its last
line with the keys of ../shared/eval/README.md (a contract for scripts).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from .. import db
from ..services.settings import INFO_KEY, DeskSettings
from .guards import fail

eval_group = AppGroup("eval", help="Score the desk's machinery on evaluation files.")


@eval_group.command("grouping")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON line last.")
def eval_grouping_command(file: str, as_json: bool) -> None:
    """Group FILE's statements (JSONL: id, text, cluster) as the app does and score it."""
    from ..evaluation.grouping import evaluate_grouping, read_grouping_file

    try:
        rows = read_grouping_file(file)
    except (OSError, ValueError) as error:
        fail(str(error))
    params = DeskSettings.from_config(current_app.config).grouping
    result = evaluate_grouping(rows, db.get_embedder(), params)
    _print_grouping(result)
    if as_json:
        click.echo(json.dumps(result))


def _print_grouping(result: dict[str, Any]) -> None:
    b = result["bcubed"]
    click.echo(f"statements        {result['statements']}")
    click.echo(f"B-cubed P/R/F1    {b['p']:.4f} / {b['r']:.4f} / {b['f1']:.4f}")
    click.echo(f"adjusted Rand     {result['ari']:.4f}")
    click.echo(
        f"groups            {result['groups_predicted']} predicted, {result['groups_gold']} gold"
    )
    for key in sorted(
        set(result) - {"bcubed", "ari", "groups_predicted", "groups_gold", "statements", "seconds"}
    ):
        value = result[key]
        click.echo(f"{key:<17} {value:.3f}" if isinstance(value, float) else f"{key:<17} {value}")
    click.echo(f"seconds           {result['seconds']:.3f}")


@eval_group.command("attribution")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON line last.")
def eval_attribution_command(file: str, as_json: bool) -> None:
    """Extract attributions from FILE's articles (JSONL: id, text, attributions) and score them
    per role (source, cue, content) and whole, with exact and overlap span matching."""
    from ..evaluation.attribution import evaluate_attribution, read_attribution_file

    try:
        rows = read_attribution_file(file)
    except (OSError, ValueError) as error:
        fail(str(error))
    result = evaluate_attribution(rows)
    click.echo(f"documents {result['documents']}, extraction {result['seconds']:.1f} s")
    click.echo(f"{'':<12} {'exact P/R/F1':>24}   {'overlap P/R/F1':>24}")
    for role in ("source", "cue", "content", "attribution"):
        cells = [
            " / ".join(f"{result[role][match][key]:.4f}" for key in ("p", "r", "f1"))
            for match in ("exact", "overlap")
        ]
        click.echo(f"{role:<12} {cells[0]:>24}   {cells[1]:>24}")
    if as_json:
        click.echo(json.dumps(result))


@eval_group.command("stance")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON line last.")
def eval_stance_command(file: str, as_json: bool) -> None:
    """Judge FILE's pairs (JSONL: id, a, b, label, dataset) with the app's stance judge and score
    the labels: accuracy, macro-F1, per label, the confusion matrix and, when some gold pairs are
    unrelated, the FNC-1 score."""
    from ..evaluation.stance import evaluate_stance, read_stance_file

    try:
        rows = read_stance_file(file)
    except (OSError, ValueError) as error:
        fail(str(error))
    from ..stance.judge import stance_judge  # the models load only for a file worth judging

    result = evaluate_stance(rows, stance_judge())
    _print_stance(result)
    if as_json:
        click.echo(json.dumps(result))


def _print_stance(result: dict[str, Any]) -> None:
    click.echo(f"pairs {result['pairs']}, judge {result['seconds']:.1f} s")
    click.echo(f"accuracy    {result['accuracy']:.4f}")
    click.echo(f"macro-F1    {result['macro_f1']:.4f}   (over the gold labels)")
    click.echo("")
    click.echo(f"{'label':<10} {'P':>7} {'R':>7} {'F1':>7} {'support':>8}")
    for label, figures in result["per_label"].items():
        cells = " ".join(f"{figures[key]:>7.4f}" for key in ("p", "r", "f1"))
        click.echo(f"{label:<10} {cells} {figures['support']:>8}")
    click.echo("")
    labels = list(result["confusion"])
    corner = "gold\\pred"  # rows are gold labels, columns predicted ones
    click.echo(f"{corner:<10} " + " ".join(f"{label:>9}" for label in labels))
    for gold in labels:
        counts = " ".join(f"{result['confusion'][gold][guess]:>9}" for guess in labels)
        click.echo(f"{gold:<10} {counts}")
    if result["fnc_score"] is not None:
        click.echo("")
        click.echo(f"FNC-1 score {result['fnc_score']:.2f} %")
    if result.get("notes"):
        click.echo("")
        click.echo("notes       " + ", ".join(f"{note} {n}" for note, n in result["notes"].items()))


@eval_group.command("disputes")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option(
    "--articles",
    "articles_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="JSONL of the articles to ingest (id, title, outlet, published, text).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON line last.")
def eval_disputes_command(gold: str, articles_file: str, as_json: bool) -> None:
    """Ingest ARTICLES into a fresh private database, confirm every suggestion, and score the
    disputes the desk shows against GOLD (JSON: claims, each with camps of article spans)."""
    from ..evaluation.disputes import evaluate_disputes, read_articles_file, read_gold_file

    try:
        articles = read_articles_file(articles_file)
        claims = read_gold_file(gold, articles)
    except (OSError, ValueError) as error:
        fail(str(error))
    settings = DeskSettings.from_config(current_app.config)
    with tempfile.TemporaryDirectory(prefix="verify-disputes-") as folder:
        url = f"sqlite:///{Path(folder) / 'disputes.sqlite'}"  # never the user's database
        db.upgrade(url)
        engine = db.make_engine(url)
        try:
            with Session(engine, info={INFO_KEY: settings}) as session:
                result = evaluate_disputes(session, db.get_embedder(), articles, claims)
        finally:
            engine.dispose()
    _print_disputes(result)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def _print_disputes(result: dict[str, Any]) -> None:
    counts = result["counts"]
    click.echo(
        f"articles {result['articles']}, statements {result['statements']}, "
        f"units {result['units']} (largest {result['largest_unit']}), {result['seconds']:.1f} s"
    )
    if "events" in result:
        click.echo(
            f"suggested or flagged disputed: {result['units_disputed']} of {result['units']} "
            f"units, {result['events_disputed']} of {result['events']} events"
        )
    rows = (  # figure, its numerator and denominator in counts, what is counted
        ("found", "found", "members", "gold members"),
        ("together", "pairs_together", "pairs_within", "pairs within a claim"),
        ("side_accuracy", "pairs_consistent", "pairs_together", "pairs in one unit"),
        ("separation", "pairs_apart", "pairs_across", "pairs across claims"),
        ("disputed", "claims_disputed", "claims_contested", "claims with two camps or more"),
        (
            "one_sided_disputed",
            "claims_one_sided_disputed",
            "claims_one_sided",
            "claims of one camp",
        ),
    )
    for name, hits, total, what in rows:
        share = _share(result[name])
        click.echo(f"{name:<18} {share:>7}   {counts[hits]} of {counts[total]} {what}")
    click.echo("")
    click.echo(f"{'claim':<24} {'found':>6} {'together':>9} {'sides':>7}   unit")
    for claim in result["claims"]:
        unit = claim["unit"]
        where = "-"
        if unit is not None:
            flag = " [disputed]" if unit["disputed"] else ""
            where = f"#{unit['id']}{flag} {unit['label'][:60]}"
        together = f"{claim['together']}/{claim['pairs']}"
        sides = f"{claim['consistent']}/{claim['together']}"
        found = f"{claim['found']}/{claim['members']}"
        click.echo(f"{claim['id'][:24]:<24} {found:>6} {together:>9} {sides:>7}   {where}")
        for member in claim["members_found"]:
            span = f"[{member['span'][0]}, {member['span'][1]})"
            if member["statement"] is None:
                click.echo(f"    {member['camp']:<10} {member['article']} {span}: not found")
                continue
            click.echo(
                f"    {member['camp']:<10} {member['article']} {span}: statement "
                f"{member['statement']} in unit #{member['unit']}, {member['side'] or 'no side'}"
            )
