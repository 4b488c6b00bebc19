"""`flask --app verify ...`: the desk's commands (desk.py), `export` (exports.py) and `eval ...`
(evaluation.py)."""

from __future__ import annotations

from flask import Flask

from .desk import COMMANDS, migrate_command
from .evaluation import eval_group
from .exports import export_command
from .guards import schema_checked


def init_app(app: Flask) -> None:
    """Register every command; all but `migrate` refuse clearly when the schema is missing."""
    for command in (*COMMANDS, export_command, eval_group):
        if command is not migrate_command and command.callback is not None:
            command.callback = schema_checked(command.callback)
        app.cli.add_command(command)
