"""`flask --app verify history verify`: check the history's hash chain."""

from __future__ import annotations

import re

import click
from flask.cli import with_appcontext

from .. import db
from ..services.trail import verify_chain
from .guards import fail, schema_checked

HEX_HASH = re.compile(r"[0-9a-f]{64}")


def _entries(count: int) -> str:
    return f"{count:,} entr{'y' if count == 1 else 'ies'}"


@click.group("history")
def history_group() -> None:
    """The history of editor actions."""


@history_group.command("verify")
@with_appcontext
@click.option(
    "--expect",
    metavar="HASH",
    help="A newest hash kept from an earlier check: fail unless the chain still passes through it.",
)
@schema_checked
def verify_command(expect: str | None) -> None:
    """Walk the history in id order and check every entry's hash and its link to the one
    before; print OK with the count and the newest hash (keep a copy of it elsewhere), or name
    the first entry that does not match and exit 1."""
    if expect is not None:
        expect = expect.strip().lower()
        if not HEX_HASH.fullmatch(expect):
            fail(f"--expect must be a hash of 64 hexadecimal digits, not {expect!r}")
    report = verify_chain(db.get_session(), expect=expect)
    if report.broken is not None:
        click.echo(
            f"FAILED: entry {report.broken.entry_id} does not match: {report.broken.reason}; "
            f"{_entries(report.entries)} before it check out",
            err=True,
        )
        raise SystemExit(1)
    if not report.expected_found:
        click.echo(
            f"FAILED: no entry of the {_entries(report.entries)} has the hash {expect}: the "
            "history was rewritten since that hash was kept (or it is another desk's)",
            err=True,
        )
        raise SystemExit(1)
    click.echo(f"OK: {_entries(report.entries)} chained")
    click.echo(f"newest hash: {report.head}")
