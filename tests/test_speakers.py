"""Speaker names, kinds and spelling aliases."""

from __future__ import annotations

from verify.choices import SPEAKER_KINDS
from verify.extraction import extract
from verify.extraction.speakers import (
    canonical_name,
    is_same_person,
    is_same_surname,
    kind_of,
    merge_names,
    preferred_spelling,
    spelling_distance,
)


def test_canonical_name_drops_article_and_title() -> None:
    assert canonical_name("the Mr. Ostrander,") == "Ostrander"


def test_canonical_name_keeps_a_collective_speaker() -> None:
    assert canonical_name("Officials in Norland") == "Officials in Norland"


def test_army_is_a_military_speaker() -> None:
    assert kind_of("Norland Army")[0] == "military"


def test_ministry_is_a_government_speaker() -> None:
    assert kind_of("the interior ministry")[0] == "government"


def test_named_militant_organisation_is_a_militant_group() -> None:
    assert kind_of("IS")[0] == "militant_group"


def test_lower_case_is_is_not_the_islamic_state() -> None:
    assert kind_of("what is left")[0] == "other"


def test_kind_from_description_is_less_certain_than_from_mention() -> None:
    from_mention = kind_of("the rebel commander")
    from_description = kind_of("Ilse Marrow", "a rebel commander in the hills")
    assert from_description[0] == "insurgent"
    assert from_description[1] < from_mention[1]


def test_anonymous_official_overrides_keywords() -> None:
    assert kind_of("a government official", anonymous=True)[0] == "anonymous_official"


def test_unknown_speaker_is_other_with_low_confidence() -> None:
    kind, confidence = kind_of("Ilse Marrow")
    assert kind == "other"
    assert confidence < 0.5


def test_every_kind_is_in_the_vocabulary() -> None:
    for mention in (
        "army",
        "minister",
        "Taliban",
        "rebels",
        "newspaper",
        "charity",
        "witnesses",
        "analyst",
        "someone",
    ):
        assert kind_of(mention)[0] in SPEAKER_KINDS


def test_swapped_letters_are_one_edit() -> None:
    assert spelling_distance("Vollendt", "Vollednt") == 1


def test_close_spellings_of_a_surname_are_the_same() -> None:
    assert is_same_surname("Kaspar Vollendt", "Vollednt")


def test_short_or_different_surnames_are_not_merged() -> None:
    assert not is_same_surname("Ann Lee", "Lea")
    assert not is_same_surname("Marta Kowal", "Marek Nowak")


def test_another_given_name_is_another_person_of_the_same_surname() -> None:
    assert not is_same_person("Ana Morel", "Boris Morel")
    assert is_same_person("Ana Morel", "Morel")
    assert is_same_person("Ana Morel", "Mrs. Morel")
    assert is_same_person("Ana Morel", "A. Morel")
    assert not is_same_person("Ana Morel", "B. Morel")
    assert is_same_person("Foreign Minister Ana Morel", "Minister Morel")


def test_two_residents_sharing_a_surname_stay_two_speakers() -> None:
    text = (
        "Ana Morel, a farmer from Kessa, said the bridge would reopen in May.\n\n"
        "Boris Morel, a teacher from Varn, said the school would reopen in June.\n\n"
        "Morel added that the road was still closed.\n"
    )
    assert [s.speaker for s in extract(text)] == ["Ana Morel", "Boris Morel", "Boris Morel"]


def test_preferred_spelling_is_the_most_frequent() -> None:
    text = "Vollendt spoke. Vollednt left. Vollendt returned."
    assert preferred_spelling(["Vollednt", "Vollendt"], text) == "Vollendt"


def test_surname_maps_to_the_full_name_seen_before() -> None:
    merged = merge_names(["Kaspar Vollendt", "Vollendt", "Ilse Marrow"])
    assert merged == {
        "Kaspar Vollendt": "Kaspar Vollendt",
        "Vollendt": "Kaspar Vollendt",
        "Ilse Marrow": "Ilse Marrow",
    }
