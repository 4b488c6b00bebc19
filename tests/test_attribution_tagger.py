"""The span tagger: windows cover long texts, tags decode to spans, the shipped weights tag news."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from safetensors import safe_open

from verify.extraction import extract, tagger


def test_windows_cover_every_piece_and_overlap() -> None:
    assert tagger.windows(10) == [(0, 10)]
    ranges = tagger.windows(1000, body=254, overlap=64)
    assert ranges[0][0] == 0 and ranges[-1][1] == 1000
    for (_, end), (start, _) in zip(ranges, ranges[1:], strict=False):
        assert end - start == 64
    assert all(end - start <= 254 for start, end in ranges)


def _one_hot(tags: list[int]) -> np.ndarray:
    probabilities = np.zeros((len(tags), len(tagger.ROLES), tagger.TAGS), dtype=np.float32)
    probabilities[:, :, tagger.OUTSIDE] = 1.0
    for i, tag in enumerate(tags):
        probabilities[i, 1, :] = 0.0
        probabilities[i, 1, tag] = 1.0
    return probabilities


def test_tags_decode_to_character_spans() -> None:
    o, b, i = tagger.OUTSIDE, tagger.BEGIN, tagger.INSIDE
    offsets = [(0, 3), (4, 8), (9, 12), (13, 17), (18, 20), (21, 25)]
    spans = tagger.spans_from_tags(_one_hot([o, b, i, b, i, o]), offsets, role_index=1)
    assert [(s.role, s.start, s.end) for s in spans] == [("cue", 4, 12), ("cue", 13, 20)]
    spans = tagger.spans_from_tags(_one_hot([i, i, o, o, o, i]), offsets, role_index=1)
    assert [(s.start, s.end) for s in spans] == [(0, 8), (21, 25)]  # a run may open with inside
    assert all(s.probability == 1.0 for s in spans)


def test_shipped_weights_are_small_and_have_provenance() -> None:
    assert tagger.WEIGHTS_PATH.is_file()
    assert tagger.WEIGHTS_PATH.stat().st_size < 20_000_000
    with safe_open(str(tagger.WEIGHTS_PATH), framework="pt") as weights:
        metadata = weights.metadata()
    assert metadata["seed"] == "0"
    assert "index % 3 == 0 held out" in metadata["split"]


def test_tagger_marks_source_cue_and_content() -> None:
    text = "The mayor of Tolvik said on Monday that the bridge would reopen in May."
    spans = {(s.role, text[s.start : s.end]) for s in tagger.span_tagger().tag(text)}
    assert ("cue", "said") in spans
    assert ("source", "The mayor of Tolvik") in spans
    assert any(role == "content" and "bridge would reopen" in words for role, words in spans)


def test_a_long_text_is_tagged_in_every_window() -> None:
    sentence = "The mayor of Tolvik said that the bridge would reopen in May. "
    text = sentence * 60  # far more word pieces than one window holds
    cues = [s for s in tagger.span_tagger().tag(text) if s.role == "cue"]
    assert len(cues) == 60
    assert {text[s.start : s.end] for s in cues} == {"said"}


def test_a_cue_no_word_list_holds_is_found() -> None:
    found = extract("The senator quipped that the budget was a fairy tale for accountants.")
    assert [(e.speaker, e.cue_word) for e in found] == [("senator", "quipped")]


def test_missing_weights_fail_clearly(tmp_path: Path) -> None:
    missing = tagger.SpanTagger(tmp_path / "missing.safetensors")
    with pytest.raises(RuntimeError, match="tagger weights not found"):
        missing.tag("Officials said the road was closed.")
