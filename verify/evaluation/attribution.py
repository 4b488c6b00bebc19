"""`verify eval attribution`: read an attribution file, extract from each text, score the spans.

Matching rules (the eval README leaves the details to us):
- Roles are scored separately (source, cue, content). An attribution whose gold role is missing or
  empty is no item for that role; a prediction without that role is no item either.
- Spans are compared after trimming, at both ends, white space, quote marks and the punctuation
  , ; : . (the gold data puts quote marks and commas inside spans inconsistently).
- A gold role of several pieces (a discontinuous span) is matched exactly by a predicted span equal
  to the pieces' hull (first start to last end, trimmed); it is overlapped by a predicted span that
  shares at least one character with any piece.
- Each gold item and each predicted item is matched at most once: exact pairs first, overlap pairs
  by decreasing shared length.
- A whole attribution matches when every role present in the gold matches the prediction's same
  role (exact, or overlap); a role the gold lacks is not required.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ..extraction import Extracted, extract
from .jsonl import json_objects
from .metrics import prf

ROLES: tuple[str, ...] = ("source", "cue", "content")
_TRIM = " \t\r\n\u00a0\"'\u201c\u201d\u2018\u2019\u00ab\u00bb,;:."

Span = tuple[int, int]
Pieces = tuple[Span, ...]


def _check_spans(value: Any, length: int, where: str) -> None:
    if value is None:
        return
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list of [start, end] pairs")
    for piece in value:
        if (
            not isinstance(piece, list)
            or len(piece) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in piece)
        ):
            raise ValueError(f"{where}: each piece must be [start, end] integers")
        start, end = piece
        if not 0 <= start <= end <= length:
            raise ValueError(f"{where}: span {piece} is outside the text (length {length})")


def read_attribution_file(path: str | Path) -> list[dict[str, Any]]:
    """Rows of an attribution JSONL file: {"id", "text", "attributions": [{role: [[s, e], ...]}]}.

    Blank lines are skipped. Raises ``ValueError`` naming the (1-based) line number when a line is
    not a JSON object, has no string "text", no "attributions" list, or a span that is not a list
    of integer [start, end] pairs inside the text.
    """
    rows: list[dict[str, Any]] = []
    for where, row in json_objects(path):
        text = row.get("text")
        if not isinstance(text, str):
            raise ValueError(f"{where}: 'text' must be a string")
        attributions = row.get("attributions")
        if not isinstance(attributions, list):
            raise ValueError(f"{where}: 'attributions' must be a list")
        for index, attribution in enumerate(attributions):
            if not isinstance(attribution, dict):
                raise ValueError(f"{where}: attribution {index} must be an object")
            for role in ROLES:
                _check_spans(attribution.get(role), len(text), f"{where}: {role} {index}")
        rows.append(row)
    return rows


def _trim(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _gold_pieces(text: str, attribution: dict[str, Any], role: str) -> Pieces | None:
    pieces = tuple(_trim(text, (int(s), int(e))) for s, e in (attribution.get(role) or []) if e > s)
    pieces = tuple(p for p in pieces if p[1] > p[0])
    return tuple(sorted(pieces)) or None


def _predicted_span(text: str, item: Extracted, role: str) -> Pieces | None:
    span = {"source": item.source, "cue": item.cue, "content": item.content}[role]
    if span is None:
        return None
    trimmed = _trim(text, span)
    return (trimmed,) if trimmed[1] > trimmed[0] else None


def _hull(pieces: Pieces) -> Span:
    return pieces[0][0], pieces[-1][1]


def _shared(predicted: Pieces, gold: Pieces) -> int:
    return sum(max(0, min(p[1], g[1]) - max(p[0], g[0])) for p in predicted for g in gold)


def _is_exact(predicted: Pieces, gold: Pieces) -> bool:
    return _hull(predicted) == _hull(gold)


def _match(pairs: Iterable[tuple[float, int, int]]) -> int:
    """Greedy one-to-one matching over (score, gold, predicted) pairs, best score first."""
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    for _score, gold, predicted in sorted(pairs, key=lambda p: -p[0]):
        if gold not in used_gold and predicted not in used_predicted:
            used_gold.add(gold)
            used_predicted.add(predicted)
    return len(used_gold)


def _role_counts(gold: Sequence[Pieces], predicted: Sequence[Pieces], exact: bool) -> int:
    pairs = []
    for g, gold_pieces in enumerate(gold):
        for p, predicted_pieces in enumerate(predicted):
            if exact:
                if _is_exact(predicted_pieces, gold_pieces):
                    pairs.append((1.0, g, p))
            else:
                shared = _shared(predicted_pieces, gold_pieces)
                if shared > 0:
                    pairs.append((float(shared), g, p))
    return _match(pairs)


def _attribution_matches(
    gold: Sequence[dict[str, Pieces | None]],
    predicted: Sequence[dict[str, Pieces | None]],
    exact: bool,
) -> int:
    pairs = []
    for g, gold_roles in enumerate(gold):
        for p, predicted_roles in enumerate(predicted):
            score = 0.0
            for role in ROLES:
                gold_pieces = gold_roles[role]
                if gold_pieces is None:
                    continue
                predicted_pieces = predicted_roles[role]
                if predicted_pieces is None:
                    break
                if exact and not _is_exact(predicted_pieces, gold_pieces):
                    break
                shared = _shared(predicted_pieces, gold_pieces)
                if shared == 0:
                    break
                score += shared
            else:
                pairs.append((score, g, p))
    return _match(pairs)


def score_document(
    text: str, gold_attributions: Sequence[dict[str, Any]], predicted: Sequence[Extracted]
) -> dict[str, dict[str, tuple[int, int, int]]]:
    """(tp, fp, fn) per role (and "attribution") and per match ("exact", "overlap")."""
    gold = [{role: _gold_pieces(text, a, role) for role in ROLES} for a in gold_attributions]
    gold = [g for g in gold if any(g.values())]
    guesses = [{role: _predicted_span(text, item, role) for role in ROLES} for item in predicted]
    counts = _roles_scored(gold, guesses)
    counts["attribution"] = {}
    for match in ("exact", "overlap"):
        tp = _attribution_matches(gold, guesses, match == "exact")
        counts["attribution"][match] = (tp, len(guesses) - tp, len(gold) - tp)
    return counts


def _roles_scored(
    gold: Sequence[dict[str, Pieces | None]], guesses: Sequence[dict[str, Pieces | None]]
) -> dict[str, dict[str, tuple[int, int, int]]]:
    counts: dict[str, dict[str, tuple[int, int, int]]] = {}
    for role in ROLES:
        gold_items = [g[role] for g in gold if g[role] is not None]
        predicted_items = [p[role] for p in guesses if p[role] is not None]
        counts[role] = {}
        for match in ("exact", "overlap"):
            tp = _role_counts(gold_items, predicted_items, match == "exact")  # type: ignore[arg-type]
            counts[role][match] = (tp, len(predicted_items) - tp, len(gold_items) - tp)
    return counts


def score_role_spans(
    text: str, gold_attributions: Sequence[dict[str, Any]], spans: Sequence[tuple[str, Span]]
) -> dict[str, dict[str, tuple[int, int, int]]]:
    """(tp, fp, fn) per role and match for loose (role, span) predictions, as `score_document`
    counts them (no whole attributions: the spans are not tied together)."""
    gold = [{role: _gold_pieces(text, a, role) for role in ROLES} for a in gold_attributions]
    guesses: list[dict[str, Pieces | None]] = []
    for role, span in spans:
        trimmed = _trim(text, span)
        if trimmed[1] > trimmed[0]:
            guesses.append({r: (trimmed,) if r == role else None for r in ROLES})
    return _roles_scored(gold, guesses)


def gold_hull(text: str, attribution: dict[str, Any], role: str) -> Span | None:
    """A gold role as one trimmed span (the hull of its pieces), None when it is missing."""
    pieces = _gold_pieces(text, attribution, role)
    return _hull(pieces) if pieces else None


def evaluate_attribution(
    rows: Sequence[dict[str, Any]],
    extract: Callable[[str], list[Extracted]] = extract,
) -> dict[str, Any]:
    """Extract from every row's text and score against its gold attributions (README contract).

    "seconds" is the extraction time; "counts" holds the summed (tp, fp, fn) behind each figure.
    """
    totals = {
        name: {match: [0, 0, 0] for match in ("exact", "overlap")}
        for name in (*ROLES, "attribution")
    }
    seconds = 0.0
    for row in rows:
        text = str(row["text"])
        started = time.perf_counter()
        predicted = extract(text)
        seconds += time.perf_counter() - started
        scored = score_document(text, row.get("attributions") or [], predicted)
        for name, by_match in scored.items():
            for match, counts in by_match.items():
                for index, value in enumerate(counts):
                    totals[name][match][index] += value
    result: dict[str, Any] = {
        name: {match: prf(*counts) for match, counts in by_match.items()}
        for name, by_match in totals.items()
    }
    result["documents"] = len(rows)
    result["seconds"] = seconds
    result["counts"] = {
        name: {
            match: dict(zip(("tp", "fp", "fn"), counts, strict=True))
            for match, counts in by_match.items()
        }
        for name, by_match in totals.items()
    }
    return result
