"""A small invented coverage of one invented event, for end-to-end tests of the desk: rival
outlets blame each other's side for shelling a market and give rival tolls, one outlet prints
the agency's story word for word, and an unrelated event is reported by one side only."""

from __future__ import annotations

from typing import Any

AGENCY = (
    "Army spokesman Colonel Anton Rusk said rebel fighters fired the mortar shells that hit the "
    "central market in Telmar on Tuesday."
)

ARTICLES: list[dict[str, Any]] = [
    {
        "title": "Rebels shelled Telmar market, army says",
        "outlet": "Valoria Herald",
        "published": "2026-04-14",
        "text": AGENCY + " The health ministry said 14 people were killed in the shelling. "
        '"The rebels shelled their own town to blame us," Rusk told reporters.',
    },
    {
        "title": "Government guns killed 31 in Telmar, opposition says",
        "outlet": "Free Dornhal",
        "published": "2026-04-14",
        "text": "Opposition leader Mara Feld said government artillery shelled the central "
        "market in Telmar on Tuesday. Feld denied that rebel fighters had fired any shells at "
        "the town. "
        "Doctors at the Telmar hospital said 31 civilians were killed in the shelling.",
    },
    {
        "title": "Telmar market shelled",
        "outlet": "Coastal Times",
        "published": "2026-04-15",
        "text": "TELMAR (Wire) - " + AGENCY + " Residents said the market was crowded at the time.",
    },
    {
        "title": "Arden library to reopen",
        "outlet": "Valoria Herald",
        "published": "2026-04-15",
        "text": "The culture ministry said the national library in Arden will reopen in June after "
        "two years of repairs. The mayor of Arden said the reopening would bring visitors back "
        "to the old town.",
    },
]
