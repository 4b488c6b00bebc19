"""`flask --app verify ...`: the desk's commands (desk.py), `eval ...` (evaluation.py) and
`history ...` (history.py)."""

from __future__ import annotations

from flask import Flask

from .desk import COMMANDS, migrate_command
from .evaluation import eval_group
from .guards import schema_checked
from .history import history_group


def init_app(app: Flask) -> None:
    """Register every command; all but `migrate` refuse clearly when the schema is missing."""
    for command in (*COMMANDS, eval_group, history_group):
        if command is not migrate_command and command.callback is not None:
            command.callback = schema_checked(command.callback)
        app.cli.add_command(command)
