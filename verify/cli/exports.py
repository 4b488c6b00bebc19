"""`flask --app verify export statements|groups`: the desk as CSV or JSON, to stdout or a file."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click
from flask.cli import with_appcontext

from .. import db
from ..services.exports import EXPORTS, FORMATS
from .guards import fail


@click.command("export")
@with_appcontext
@click.argument("what", type=click.Choice(["statements", "groups"]))
@click.option("--format", "kind", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
def export_command(what: str, kind: str, output: str | None) -> None:
    """Write every statement, or every group with its members and sides, as CSV or JSON.

    The statements' JSON is an import file: `flask --app verify import` reads it back. A file
    is written whole or not at all (to a temporary file beside it, renamed at the end)."""
    pieces = EXPORTS[(what, kind)](db.get_session())
    if output is None:
        for piece in pieces:
            sys.stdout.write(piece)
        return
    target = Path(output)
    if not target.parent.is_dir():
        fail(f"{output}: the folder {target.parent} does not exist; nothing was written")
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as error:
        fail(f"{output}: cannot write there ({error.strerror}); nothing was written")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            for piece in pieces:
                file.write(piece)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
    click.echo(f"wrote {what} as {kind} to {output}", err=True)
