"""Speaker kinds of world politics: states, armies, opposition, monitors, international bodies."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from verify.db import alembic_config


def test_downgrade_gives_the_new_kinds_back_to_the_old_ones(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kinds.sqlite'}"
    command.upgrade(alembic_config(url), "9d3b6f1c2e48")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for name, kind in (("Observatory", "monitor"), ("UN", "international")):
                connection.execute(
                    text("INSERT INTO speaker (name, kind, is_anonymous) VALUES (:n, :k, 0)"),
                    {"n": name, "k": kind},
                )
        command.downgrade(alembic_config(url), "-1")
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT name, kind FROM speaker")).all()
            kinds: dict[str, str] = {name: kind for name, kind in rows}
    finally:
        engine.dispose()
    assert kinds == {"Observatory": "ngo", "UN": "other"}
