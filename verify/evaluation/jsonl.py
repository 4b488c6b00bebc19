"""Reading JSON Lines files of objects, with errors that name the file and the line. No Flask."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def json_objects(path: str | Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each non-blank line of `path` as a JSON object, with "PATH: line N" for error messages.

    Raises ``ValueError`` naming the (1-based) line when a line is not valid JSON or not an
    object."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}: line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{where}: not valid JSON ({error.msg})") from None
            if not isinstance(row, dict):
                raise ValueError(f"{where}: expected a JSON object")
            yield where, row
