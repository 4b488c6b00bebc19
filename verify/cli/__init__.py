"""`flask --app verify ...`: the desk's commands (desk.py), `export` (exports.py), `users ...`
and `tokens ...` (accounts.py), `history ...` (history.py) and `eval ...` (evaluation.py)."""

from __future__ import annotations

from flask import Flask

from .accounts import tokens_group, users_group
from .desk import COMMANDS, migrate_command
from .evaluation import eval_group
from .exports import export_command
from .guards import schema_checked
from .history import history_group


def init_app(app: Flask) -> None:
    """Register every command; all but `migrate` refuse clearly when the schema is missing."""
    account_commands = (*users_group.commands.values(), *tokens_group.commands.values())
    for command in (*COMMANDS, *account_commands, export_command, eval_group, history_group):
        if command is not migrate_command and command.callback is not None:
            command.callback = schema_checked(command.callback)
    for command in (
        *COMMANDS,
        export_command,
        users_group,
        tokens_group,
        eval_group,
        history_group,
    ):
        app.cli.add_command(command)
