"""Row ids as the database can hold them, in URLs and in request bodies.

Ids are 32-bit integers on PostgreSQL (64-bit on SQLite), so a larger number can name no row:
in a URL it matches no route (a 404 like any unknown id), in a body it is refused by name,
before any query is sent (`OverflowError` from the driver would be a 500).
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map

# The largest id any supported database stores (PostgreSQL's integer).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in this app's routes: a whole number from 0 to MAX_ID."""

    def __init__(
        self,
        url_map: Map,
        fixed_digits: int = 0,
        min: int | None = 0,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(url_map, fixed_digits, min, max, signed)
