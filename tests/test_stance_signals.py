"""Hand signals for stance: cue force, negation, slots and their conflicts, the feature dict."""

from __future__ import annotations

import math

import pytest

from verify.stance.signals import (
    SIGNAL_GROUPS,
    cue_force,
    marks_own_account,
    negation_count,
    signal_features,
    text_cue_force,
)
from verify.stance.slots import slot_conflicts, slots
from verify.stance.texts import MAX_TEXT_CHARS

MILITARY = "Security forces killed 12 hardcore terrorists in a cave hideout"
REBELS = "the army is attacking civilians with gunship helicopters"

FILLER = (
    "The market opened late on a rainy morning. Traders spoke about the harvest and prices. "
    "A school choir sang in the square while vendors packed their stalls.\n"
)


def _article(middle: str) -> str:
    """A body of about MAX_TEXT_CHARS characters with `middle` deep inside it."""
    half = FILLER * (MAX_TEXT_CHARS // (2 * len(FILLER)))
    return (half + middle + "\n" + half)[:MAX_TEXT_CHARS]


def test_fighters_against_civilians_is_an_actor_conflict() -> None:
    conflicts = [c for c in slot_conflicts(MILITARY, REBELS) if c.kind == "actor"]
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert (conflict.a.value, conflict.b.value) == ("combatant", "civilian")
    assert conflict.a.text == "hardcore terrorists"
    assert conflict.a.span == (26, 45)
    assert conflict.b.text == "civilians"
    assert REBELS[slice(*conflict.b.span)] == "civilians"


def test_the_same_roles_on_both_sides_are_no_actor_conflict() -> None:
    conflicts = slot_conflicts(MILITARY, "Troops killed twelve militants near the caves")
    assert [c for c in conflicts if c.kind == "actor"] == []


def test_the_speaker_of_a_statement_is_not_an_actor_in_it() -> None:
    values = [s.value for s in slots("Police said three militants were killed")]
    assert values.count("security") == 0
    assert "combatant" in values


def test_different_death_tolls_are_a_number_conflict() -> None:
    conflicts = slot_conflicts("12 killed", "25 killed")
    assert [(c.kind, c.a.value, c.b.value) for c in conflicts] == [("number", "12", "25")]


def test_the_same_death_toll_is_no_conflict() -> None:
    assert slot_conflicts("12 killed", "12 killed") == []


def test_numbers_written_in_words_compare_as_digits() -> None:
    assert slot_conflicts("Twelve people were killed", "12 people were killed") == []
    text = "About 1,000 fled, twenty-five died and $3.5 million was lost"
    values = [s.value for s in slots(text) if s.kind == "number"]
    assert values == ["1000", "25", "3500000"]


def test_numbers_on_the_same_noun_are_paired() -> None:
    a = "3 soldiers and 12 militants died"
    b = "30 militants and 4 soldiers died"
    pairs = {(c.a.value, c.b.value) for c in slot_conflicts(a, b) if c.kind == "number"}
    assert pairs == {("3", "4"), ("12", "30")}


def test_different_places_are_a_place_conflict() -> None:
    conflicts = slot_conflicts("Five were killed in Mastung", "Five were killed in Quetta")
    assert [(c.kind, c.a.value, c.b.value) for c in conflicts] == [("place", "mastung", "quetta")]
    same_place = slot_conflicts("Five were killed in Mastung", "Two died in Mastung")
    assert "place" not in {c.kind for c in same_place}


def test_slot_spans_index_the_text_they_came_from() -> None:
    text = "  On Tuesday, Taliban gunmen killed 25 women and children near Kabul. "
    found = slots(text)
    assert {s.kind for s in found} == {"number", "actor", "place", "date"}
    for slot in found:
        assert text[slice(*slot.span)] == slot.text


def test_conflicts_in_a_long_body_point_into_the_body() -> None:
    body = _article("Officials said 25 people were killed in Quetta on Monday.")
    conflicts = slot_conflicts("12 people were killed in Mastung", body)
    kinds = {c.kind for c in conflicts}
    assert {"number", "place"} <= kinds
    for conflict in conflicts:
        assert body[slice(*conflict.b.span)] == conflict.b.text
        assert conflict.b.span[0] > MAX_TEXT_CHARS // 4


@pytest.mark.parametrize(
    ("cue", "force"),
    [
        ("dismissed", -1.0),
        ("denied", -1.0),
        ("has denied", -1.0),
        ("rejects", -1.0),
        ("refuted", -1.0),
        ("confirmed", 1.0),
        ("acknowledged", 1.0),
        ("admitted", 1.0),
        ("said", 0.0),
        ("alleged", 0.0),
        (None, 0.0),
        ("", 0.0),
    ],
)
def test_cue_force(cue: str | None, force: float) -> None:
    assert cue_force(cue) == force


def test_alleged_and_claimed_mark_the_speakers_own_account() -> None:
    assert marks_own_account("alleged")
    assert marks_own_account("has claimed")
    assert not marks_own_account("said")
    assert not marks_own_account(None)


def test_a_headline_denial_points_against() -> None:
    assert text_cue_force("Apple denies report of iPhone recall") < 0
    assert text_cue_force("Police dismiss claims of a second gunman") < 0


def test_a_hoax_headline_points_against() -> None:
    assert text_cue_force("Viral photo of a shark swimming on a flooded highway is a hoax") < 0
    assert text_cue_force("Officials confirm the video is fake") < 0


def test_a_headline_confirmation_points_for() -> None:
    assert text_cue_force("Officials confirm the death of the rebel leader") > 0
    assert text_cue_force("The rebel leader is dead") == 0


def test_negations_are_counted_and_denials_are_not() -> None:
    assert negation_count("He did not go and never will; it isn't true, nobody saw") == 4
    assert negation_count("The ministry denied the report") == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (MILITARY, REBELS),
        ("", ""),
        ("   ", "\n"),
        ("12 killed", "25 killed"),
        ("12 people were killed in Mastung", _article("25 died in Quetta.")),
        ("Apple denies report", "🙂🔥🙂"),
    ],
)
def test_every_feature_is_present_and_finite(a: str, b: str) -> None:
    features = signal_features(a, b)
    assert set(features) == {name for names in SIGNAL_GROUPS.values() for name in names}
    assert all(math.isfinite(value) for value in features.values())


def test_features_report_the_actor_clash_and_the_headline_denial() -> None:
    features = signal_features(MILITARY, "Military denies " + REBELS)
    assert features["slots.combatant_civilian"] == 1.0
    assert features["slots.any"] == 1.0
    assert features["cue.b_force"] == -1.0


def test_non_english_text_gives_neutral_signals() -> None:
    a = "Des combattants ont été tués dans les montagnes près de la frontière"
    b = "这是一个关于边境冲突的中文句子"
    assert slots(a) == [] and slots(b) == []
    assert set(signal_features(a, b).values()) == {0.0}
