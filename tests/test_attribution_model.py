"""The learned cue gate: shipped weights load, score sensibly, and a missing file fails clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verify.extraction import extract, learned
from verify.extraction.parsing import parse
from verify.extraction.reported import verb_candidates


def test_shipped_weights_are_small_and_have_provenance() -> None:
    assert learned.WEIGHTS_PATH.is_file()
    assert learned.WEIGHTS_PATH.stat().st_size < 3_000_000
    data = json.loads(learned.WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert data["provenance"]["seed"] == 0
    assert 0.0 < data["threshold"] < 1.0


def test_gate_prefers_speech_cues_to_ordinary_verbs() -> None:
    doc = parse("The minister said that taxes would rise. The minister ate lunch at noon.")
    scored = {c.verb.lemma_: c.probability for c in verb_candidates(doc, gate=False) if c.verb}
    assert "say" in scored
    model = learned.cue_model()
    said = [c for c in verb_candidates(doc, gate=False) if c.verb and c.verb.lemma_ == "say"]
    assert model.probability(said[0].features) >= model.threshold
    assert "eat" not in {c.verb.lemma_ for c in verb_candidates(doc) if c.verb}


def test_unlisted_cue_verb_is_found_by_the_gate() -> None:
    found = extract("The governor touted the new budget deal as a win for families.")
    assert any(item.cue_word == "touted" for item in found)


def test_missing_weights_fail_clearly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(learned, "WEIGHTS_PATH", tmp_path / "missing.json")
    learned.cue_model.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="weights not found"):
            learned.cue_model()
    finally:
        monkeypatch.undo()
        learned.cue_model.cache_clear()
