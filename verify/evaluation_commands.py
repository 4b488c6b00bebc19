"""`flask --app verify eval ...`: score grouping and attribution on evaluation files.

Each command runs the code the app runs and, with --json, prints one JSON object as its last
line with the keys of ../shared/eval/README.md (a contract for scripts).
"""

from __future__ import annotations

import json
from typing import Any

import click
from flask.cli import AppGroup

from . import db
from .cli import fail

eval_group = AppGroup("eval", help="Score the desk's machinery on evaluation files.")


@eval_group.command("grouping")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON line last.")
def eval_grouping_command(file: str, as_json: bool) -> None:
    """Group FILE's statements (JSONL: id, text, cluster) as the app does and score it."""
    from .grouping_eval import evaluate_grouping, read_grouping_file

    try:
        rows = read_grouping_file(file)
    except (OSError, ValueError) as error:
        fail(str(error))
    result = evaluate_grouping(rows, db.get_embedder())
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
    from .attribution_eval import evaluate_attribution, read_attribution_file

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
