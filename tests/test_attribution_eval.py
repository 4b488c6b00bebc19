"""Scoring attribution spans against gold: a case computed by hand, and file validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verify.evaluation.attribution import evaluate_attribution, read_attribution_file
from verify.extraction import Extracted

TEXT = "Ana said the dam is safe. Bo thinks it is not."
GOLD = [
    {"source": [[0, 3]], "cue": [[4, 8]], "content": [[9, 24]]},
    # a discontinuous content: exact means equal to the hull of its pieces
    {"source": [[26, 28]], "cue": [[29, 35]], "content": [[36, 38], [39, 45]]},
]


def _item(
    source: tuple[int, int] | None, cue: tuple[int, int], content: tuple[int, int]
) -> Extracted:
    return Extracted(
        content=content,
        text=TEXT[content[0] : content[1]],
        speaker="x",
        speaker_kind="other",
        kind_confidence=0.3,
        attribution="reported",
        confidence=0.5,
        source=source,
        cue=cue,
    )


PREDICTED = [
    _item((0, 3), (4, 8), (9, 16)),  # source and cue exact, content only overlapping
    _item((26, 27), (29, 35), (36, 45)),  # source only overlapping, content = hull
    _item((17, 19), (20, 24), (9, 12)),  # spurious
]


@pytest.fixture
def result() -> dict:
    return evaluate_attribution(
        [{"text": TEXT, "attributions": GOLD}], extract=lambda text: PREDICTED
    )


def test_source_figures_match_the_hand_count(result: dict) -> None:
    # exact: tp 1, fp 2, fn 1; overlap: tp 2, fp 1, fn 0
    assert result["source"]["exact"] == pytest.approx({"p": 1 / 3, "r": 1 / 2, "f1": 0.4})
    assert result["source"]["overlap"] == pytest.approx({"p": 2 / 3, "r": 1.0, "f1": 0.8})


def test_cue_figures_match_the_hand_count(result: dict) -> None:
    assert result["cue"]["exact"] == pytest.approx({"p": 2 / 3, "r": 1.0, "f1": 0.8})


def test_content_exact_uses_the_hull_of_gold_pieces(result: dict) -> None:
    assert result["content"]["exact"] == pytest.approx({"p": 1 / 3, "r": 1 / 2, "f1": 0.4})


def test_each_gold_item_is_matched_once(result: dict) -> None:
    # the spurious content (9, 12) also overlaps the first gold content, already taken
    assert result["content"]["overlap"] == pytest.approx({"p": 2 / 3, "r": 1.0, "f1": 0.8})


def test_whole_attribution_needs_every_role(result: dict) -> None:
    assert result["attribution"]["exact"] == pytest.approx({"p": 0.0, "r": 0.0, "f1": 0.0})
    assert result["attribution"]["overlap"] == pytest.approx({"p": 2 / 3, "r": 1.0, "f1": 0.8})


def test_result_has_the_readme_keys(result: dict) -> None:
    assert {"source", "cue", "content", "attribution", "documents", "seconds"} <= set(result)
    assert result["documents"] == 1


def test_missing_gold_source_is_not_an_item() -> None:
    gold = [{"cue": [[4, 8]], "content": [[9, 24]]}]
    result = evaluate_attribution(
        [{"text": TEXT, "attributions": gold}],
        extract=lambda text: [_item((0, 3), (4, 8), (9, 24))],
    )
    assert result["source"]["exact"]["r"] == 0.0  # no gold source to find
    assert result["attribution"]["exact"] == pytest.approx({"p": 1.0, "r": 1.0, "f1": 1.0})


def test_quote_marks_and_commas_do_not_break_exact_match() -> None:
    text = '"We stay," he said.'
    gold = [{"source": [[10, 12]], "cue": [[13, 17]], "content": [[0, 9]]}]
    item = Extracted(
        content=(1, 8),
        text="We stay",
        speaker="he",
        speaker_kind="other",
        kind_confidence=0.3,
        attribution="direct",
        confidence=0.9,
        source=(10, 12),
        cue=(13, 17),
    )
    result = evaluate_attribution([{"text": text, "attributions": gold}], extract=lambda t: [item])
    assert result["content"]["exact"]["f1"] == 1.0


def test_reads_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "1", "text": TEXT, "attributions": GOLD}) + "\n\n")
    assert len(read_attribution_file(path)) == 1


@pytest.mark.parametrize(
    "line",
    [
        "not json",
        json.dumps(["a list"]),
        json.dumps({"attributions": []}),
        json.dumps({"text": TEXT}),
        json.dumps({"text": TEXT, "attributions": [{"cue": [[4, 99]]}]}),
        json.dumps({"text": TEXT, "attributions": [{"cue": [4, 8]}]}),
    ],
)
def test_invalid_line_is_named(tmp_path: Path, line: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": TEXT, "attributions": []}) + "\n" + line + "\n")
    with pytest.raises(ValueError, match="line 2"):
        read_attribution_file(path)
