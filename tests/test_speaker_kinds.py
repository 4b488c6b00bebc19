"""Speaker kinds of world politics: states, armies, opposition, monitors, international bodies."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from verify.choices import SPEAKER_KINDS, label
from verify.db import alembic_config
from verify.extraction import extract
from verify.extraction.speakers import kind_of


def test_downgrade_gives_the_new_kinds_back_to_the_old_ones(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kinds.sqlite'}"
    command.upgrade(alembic_config(url), "9d3b6f1c2e48")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for name, kind in (("Observatory", "monitor"), ("UN", "international")):
                connection.execute(
                    text("INSERT INTO speaker (name, kind, is_anonymous) VALUES (:n, :k, 0)"),
                    {"n": name, "k": kind},
                )
        command.downgrade(alembic_config(url), "-1")
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT name, kind FROM speaker")).all()
            kinds: dict[str, str] = {name: kind for name, kind in rows}
    finally:
        engine.dispose()
    assert kinds == {"Observatory": "ngo", "UN": "other"}


def test_a_country_that_speaks_is_its_government() -> None:
    assert kind_of("Russia")[0] == "government"


def test_a_capital_that_speaks_is_its_government() -> None:
    assert kind_of("Damascus")[0] == "government"


def test_a_seat_of_government_is_the_government() -> None:
    for seat in ("the White House", "the Kremlin", "Downing Street"):
        assert kind_of(seat)[0] == "government", seat


def test_a_country_whose_apostrophe_was_lost_is_still_the_country() -> None:
    assert kind_of("Russias")[0] == "government"


def test_two_states_together_are_governments() -> None:
    assert kind_of("France and Britain")[0] == "government"


def test_a_demonym_with_a_state_noun_is_a_government() -> None:
    assert kind_of("the Turkish side")[0] == "government"
    assert kind_of("Western powers")[0] == "government"


def test_a_demonym_alone_is_a_people_not_a_government() -> None:
    assert kind_of("Americans")[0] == "other"
    assert kind_of("Syrian Kurds")[0] == "other"


def test_a_place_inside_a_persons_name_is_no_government() -> None:
    assert kind_of("Jordan Peterson")[0] == "other"


def test_residents_of_a_capital_are_witnesses() -> None:
    assert kind_of("Residents of Daraya near Damascus")[0] == "witness"


def test_officials_of_a_state_are_its_government() -> None:
    assert kind_of("Russian officials")[0] == "government"


def test_a_ministry_of_defence_is_military() -> None:
    assert kind_of("the Russian defence ministry")[0] == "military"
    assert kind_of("spokesman for the ministry of defence")[0] == "military"


def test_an_army_is_military() -> None:
    assert kind_of("Syrias army")[0] == "military"


def test_a_spokesman_has_the_kind_of_his_organisation() -> None:
    assert kind_of("Israeli army spokeswoman")[0] == "military"
    assert kind_of("Jaish al-Islam spokesman Islam Alloush")[0] == "insurgent"


def test_a_title_makes_a_government_speaker() -> None:
    assert kind_of("Foreign Minister Sergei Lavrov")[0] == "government"
    assert kind_of("President Bashar al-Assad")[0] == "government"


def test_a_war_monitor_is_a_monitor() -> None:
    assert kind_of("Syrian Observatory for Human Rights")[0] == "monitor"
    assert kind_of("Observatory head Rami Abdel Rahman")[0] == "monitor"


def test_rights_groups_are_monitors() -> None:
    assert kind_of("Amnesty International")[0] == "monitor"
    assert kind_of("Human Rights Watch")[0] == "monitor"


def test_aid_groups_stay_ngos() -> None:
    assert kind_of("Doctors Without Borders")[0] == "ngo"
    assert kind_of("White Helmets civil defence group")[0] == "ngo"


def test_un_bodies_are_international() -> None:
    for body in ("UN", "U.N.", "World Health Organisation", "OPCW", "UN envoy", "UNICEF"):
        assert kind_of(body)[0] == "international", body


def test_brussels_is_the_european_union() -> None:
    assert kind_of("Brussels")[0] == "international"


def test_an_opposition_coalition_is_the_opposition() -> None:
    assert kind_of("Syrian National Coalition")[0] == "opposition"
    assert kind_of("the opposition")[0] == "opposition"


def test_rebel_groups_are_not_governments() -> None:
    assert kind_of("Free Syrian Army")[0] == "insurgent"
    assert kind_of("opposition forces")[0] == "insurgent"
    assert kind_of("Nusra Front")[0] == "militant_group"


def test_a_keyword_qualifying_a_place_names_no_speaker() -> None:
    assert kind_of("residents of rebel-held Aleppo")[0] == "witness"
    assert kind_of("pro-government al-Watan newspaper")[0] == "media"


def test_an_outlet_owned_by_a_group_is_media() -> None:
    assert kind_of("Hezbollah's al-Manar TV")[0] == "media"


def test_a_name_inside_a_longer_name_does_not_count() -> None:
    assert kind_of("Army of Conquest")[0] == "militant_group"
    assert kind_of("military analyst")[0] == "expert"


def test_a_place_among_a_speakers_mentions_makes_it_a_government() -> None:
    assert kind_of(["Russia", "Aleppo Russia"])[0] == "government"


def test_every_new_kind_is_a_choice_with_a_label() -> None:
    for kind in ("opposition", "international", "monitor"):
        assert kind in SPEAKER_KINDS
        assert label(kind) == kind


def test_extracted_state_speaks_as_government() -> None:
    found = extract("Russia denied that its jets had struck the hospital in Idlib on Sunday.")
    assert [(f.speaker, f.speaker_kind) for f in found] == [("Russia", "government")]


def test_of_two_bodies_the_head_noun_decides() -> None:
    assert kind_of("the opposition website al-Durrar al-Shamiyyah")[0] == "media"


def test_an_abbreviated_title_gives_its_kind() -> None:
    assert kind_of("Texas Sen. Ted Cruz")[0] == "government"
    assert kind_of("Texas Lt. Gov. Dan Patrick")[0] == "government"
    assert kind_of("Lt. Col. Thomas Gilleran")[0] == "military"


def test_every_named_kind_has_a_badge_colour() -> None:
    style = (Path(__file__).parent.parent / "static" / "verify.css").read_text()
    missing = [kind for kind in SPEAKER_KINDS if kind != "other" and f".kind-{kind} " not in style]
    assert missing == []
