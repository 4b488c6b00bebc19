"""How a command refuses: exit code 2 with one clear line, nothing half-written."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from .. import db
from ..inputs.records import InvalidInput

MAX_IMPORT_BYTES = 64 * 1024 * 1024


class CommandError(click.ClickException):
    """A refused command: the message is printed as 'Error: ...' and the exit code is 2."""

    exit_code = 2


def fail(message: str) -> NoReturn:
    raise CommandError(message)


def read_file(path: str, limit: int = MAX_IMPORT_BYTES) -> bytes:
    file = Path(path)
    if not file.is_file():
        fail(f"{path}: no such file")
    size = file.stat().st_size
    if size > limit:
        fail(f"{path} is {size:,} bytes; the limit is {limit:,}")
    return file.read_bytes()


@contextmanager
def one_transaction(prefix: str = "", outcome: str = "nothing was written") -> Iterator[Session]:
    """The command's session, committed at the end; refused input rolls it all back."""
    session = db.get_session()
    try:
        yield session
        session.commit()
    except InvalidInput as error:
        session.rollback()
        fail(f"{prefix}{error}; {outcome}")


_MISSING_SCHEMA = ("no such table", "does not exist")  # SQLite's and PostgreSQL's wording


def schema_checked(callback: Callable[..., Any]) -> Callable[..., Any]:
    """A command callback that turns "the tables are not there" into a clear refusal."""

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except (OperationalError, ProgrammingError) as error:
            if not any(words in str(error.orig) for words in _MISSING_SCHEMA):
                raise
            fail(
                f"the database has no verify schema yet ({error.orig}); "
                "run `flask --app verify migrate` first. Nothing was written"
            )

    return run
