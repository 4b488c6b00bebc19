"""`flask --app verify history verify`: check the history's hash chain."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import db
from ..services.trail import verify_chain
from .guards import schema_checked


def _entries(count: int) -> str:
    return f"{count:,} entr{'y' if count == 1 else 'ies'}"


@click.group("history")
def history_group() -> None:
    """The history of editor actions."""


@history_group.command("verify")
@with_appcontext
@schema_checked
def verify_command() -> None:
    """Walk the history in id order and check every entry's hash and its link to the one
    before; print OK with the count and the newest hash (keep a copy of it elsewhere), or name
    the first entry that does not match and exit 1."""
    report = verify_chain(db.get_session())
    if report.broken is not None:
        click.echo(
            f"FAILED: entry {report.broken.entry_id} does not match: {report.broken.reason}; "
            f"{_entries(report.entries)} before it check out",
            err=True,
        )
        raise SystemExit(1)
    click.echo(f"OK: {_entries(report.entries)} chained")
    click.echo(f"newest hash: {report.head}")
