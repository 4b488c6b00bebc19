"""The desk's tunable thresholds as the use cases read them: from the session they run in.

The app puts them, from its config (GROUPING_THRESHOLD, MERGE_THRESHOLD, EVENT_MERGE_THRESHOLD,
ARTICLE_THRESHOLD, EVENT_DAYS, DISPUTE_THRESHOLD, CLAIM_THRESHOLD, CENTRED_CLAIM_THRESHOLD,
CLAIM_ASPECTS, GROUPING_INDEX_SAVE_EVERY), in `Session.info` of every session it opens
(`verify.db`); a session opened elsewhere (a script, a benchmark) gets the defaults the
thresholds were tuned to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from ..grouping.index import DEFAULT_PARAMS, GroupingParams
from ..stance.claims import CENTRED_CLAIM_THRESHOLD, CLAIM_ASPECTS, CLAIM_THRESHOLD
from ..stance.sides import DISPUTE_THRESHOLD

INFO_KEY = "verify.settings"
# Statements placed between writes of a SQLite database's group index beside it; 0: never.
INDEX_SAVE_EVERY = 1000


@dataclass(frozen=True)
class DeskSettings:
    """The grouping knobs, the conflict score from which a claim is suggested disputed, the
    similarity that keeps members of an event in one claim, and how often a SQLite database's
    group index is written beside it."""

    grouping: GroupingParams = field(default_factory=lambda: DEFAULT_PARAMS)
    dispute_threshold: float = DISPUTE_THRESHOLD
    claim_threshold: float = CLAIM_THRESHOLD
    index_save_every: int = INDEX_SAVE_EVERY
    centred_claim_threshold: float = CENTRED_CLAIM_THRESHOLD
    claim_aspects: bool = CLAIM_ASPECTS

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> DeskSettings:
        """The settings an app's config names; a key it lacks keeps its default."""
        grouping = replace(
            DEFAULT_PARAMS,
            threshold=float(config.get("GROUPING_THRESHOLD", DEFAULT_PARAMS.threshold)),
            merge_threshold=float(config.get("MERGE_THRESHOLD", DEFAULT_PARAMS.merge_threshold)),
            event_merge=float(config.get("EVENT_MERGE_THRESHOLD", DEFAULT_PARAMS.event_merge)),
            article_threshold=float(
                config.get("ARTICLE_THRESHOLD", DEFAULT_PARAMS.article_threshold)
            ),
            event_days=int(config.get("EVENT_DAYS", DEFAULT_PARAMS.event_days)),
        )
        threshold = float(config.get("DISPUTE_THRESHOLD", DISPUTE_THRESHOLD))
        claims = float(config.get("CLAIM_THRESHOLD", CLAIM_THRESHOLD))
        save_every = int(config.get("GROUPING_INDEX_SAVE_EVERY", INDEX_SAVE_EVERY))
        centred = float(config.get("CENTRED_CLAIM_THRESHOLD", CENTRED_CLAIM_THRESHOLD))
        aspects = bool(config.get("CLAIM_ASPECTS", CLAIM_ASPECTS))
        return cls(grouping, threshold, claims, save_every, centred, aspects)


def settings_of(session: Session) -> DeskSettings:
    """The settings of the app that opened `session`, else the defaults."""
    found = session.info.get(INFO_KEY)
    return found if isinstance(found, DeskSettings) else DeskSettings()
