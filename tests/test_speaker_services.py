"""Correcting speakers: merging two records of one person, splitting one, aliases."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from verify import services
from verify.embedding import Embedder
from verify.inputs.records import InvalidInput, SourceInput, StatementInput
from verify.models import EditorAction, Speaker, SpeakerAlias, Statement
from verify.services.statements import fingerprint

ARTICLE = (
    "Brahumdagh Bugti said the army had shelled Dera Bugti. "
    "B. Bugti said the talks were a sham. "
    "A provincial official said no villages were hit."
)


def store(session: Session, embedder: Embedder, *pairs: tuple[str, str]) -> list[Statement]:
    """Confirmed statements (speaker, text) in one source, stored the way an import stores them."""
    source, _ = services.add_source(session, SourceInput(title="Dera Bugti", text=ARTICLE))
    given = [StatementInput(text=text, speaker=speaker, source_key="a") for speaker, text in pairs]
    report = services.add_statements(session, embedder, given, {"a": source})
    session.flush()
    return report.added


def speaker(session: Session, name: str) -> Speaker:
    found = services.find_speaker(session, name)
    assert found is not None, name
    return found


def last_action(session: Session) -> EditorAction:
    entry = session.scalars(select(EditorAction).order_by(EditorAction.id.desc())).first()
    assert entry is not None
    return entry


@pytest.fixture
def two_spellings(db_session: Session, embedder: Embedder) -> list[Statement]:
    """Two statements by one man, stored under two spellings of his name."""
    return store(
        db_session,
        embedder,
        ("Brahumdagh Bugti", "the army had shelled Dera Bugti"),
        ("B. Bugti", "the talks were a sham"),
    )


def test_merging_moves_the_other_speakers_statements(
    db_session: Session, two_spellings: list[Statement]
) -> None:
    shelled, sham = two_spellings
    keep, other = shelled.speaker, sham.speaker
    services.merge_speakers(db_session, keep.id, other.id, "Ana")
    assert sham.speaker_id == keep.id
    assert db_session.get(Speaker, other.id) is None


def test_merging_keeps_the_other_name_and_aliases_as_aliases(
    db_session: Session, two_spellings: list[Statement]
) -> None:
    shelled, sham = two_spellings
    services.add_alias(db_session, sham.speaker_id, "Bugit", "Ana")
    keep = services.merge_speakers(db_session, shelled.speaker_id, sham.speaker_id, "Ana")
    assert sorted(a.alias for a in keep.aliases) == ["B. Bugti", "Bugit"]
    assert speaker(db_session, "bugit").id == keep.id


def test_merging_records_both_speakers_in_the_history(
    db_session: Session, two_spellings: list[Statement]
) -> None:
    shelled, sham = two_spellings
    keep_id, other_id = shelled.speaker_id, sham.speaker_id
    services.merge_speakers(db_session, keep_id, other_id, "Ana", "same man")
    entry = last_action(db_session)
    assert (entry.action, entry.editor, entry.note, entry.group_id) == (
        "merge_speakers",
        "Ana",
        "same man",
        None,
    )
    assert entry.detail["kept"] == {"id": keep_id, "name": "Brahumdagh Bugti"}
    assert entry.detail["merged"] == {"id": other_id, "name": "B. Bugti"}
    assert entry.detail["statements"] == [sham.id]


def test_merging_recomputes_fingerprints(
    db_session: Session, two_spellings: list[Statement]
) -> None:
    shelled, sham = two_spellings
    services.merge_speakers(db_session, shelled.speaker_id, sham.speaker_id, "Ana")
    assert sham.fingerprint == fingerprint(sham.source, shelled.speaker, sham.text, sham.span)


def test_merging_refuses_to_make_two_statements_identical(
    db_session: Session, embedder: Embedder
) -> None:
    one, two = store(
        db_session,
        embedder,
        ("Brahumdagh Bugti", "the talks were a sham"),
        ("B. Bugti", "the talks were a sham"),
    )
    with pytest.raises(InvalidInput, match=f"statement {two.id} would then say exactly"):
        services.merge_speakers(db_session, one.speaker_id, two.speaker_id, "Ana")
    assert two.speaker.name == "B. Bugti"


def test_a_speaker_cannot_be_merged_with_itself(db_session: Session, embedder: Embedder) -> None:
    (one,) = store(db_session, embedder, ("Brahumdagh Bugti", "the talks were a sham"))
    with pytest.raises(InvalidInput, match="merged with itself"):
        services.merge_speakers(db_session, one.speaker_id, one.speaker_id, "Ana")


def test_splitting_moves_the_chosen_statements_to_a_new_speaker(
    db_session: Session, embedder: Embedder
) -> None:
    shelled, sham = store(
        db_session,
        embedder,
        ("Bugti", "the army had shelled Dera Bugti"),
        ("Bugti", "the talks were a sham"),
    )
    old = shelled.speaker
    new = services.split_speaker(db_session, old.id, [sham.id], "Nawab Akbar Bugti", "Ana")
    assert new.id != old.id and new.name == "Nawab Akbar Bugti"
    assert sham.speaker_id == new.id and shelled.speaker_id == old.id
    assert sham.fingerprint == fingerprint(sham.source, new, sham.text, sham.span)


def test_splitting_to_an_alias_moves_the_alias(db_session: Session, embedder: Embedder) -> None:
    shelled, sham = store(
        db_session,
        embedder,
        ("Bugti", "the army had shelled Dera Bugti"),
        ("Bugti", "the talks were a sham"),
    )
    old = shelled.speaker
    services.add_alias(db_session, old.id, "Brahumdagh Bugti", "Ana")
    new = services.split_speaker(db_session, old.id, [sham.id], "Brahumdagh Bugti", "Ana")
    assert [a.alias for a in old.aliases] == []
    assert speaker(db_session, "Brahumdagh Bugti").id == new.id


def test_splitting_records_the_move_in_the_history(db_session: Session, embedder: Embedder) -> None:
    shelled, sham = store(
        db_session,
        embedder,
        ("Bugti", "the army had shelled Dera Bugti"),
        ("Bugti", "the talks were a sham"),
    )
    new = services.split_speaker(db_session, shelled.speaker_id, [sham.id], "Akbar Bugti", "Ana")
    entry = last_action(db_session)
    assert entry.action == "split_speaker" and entry.group_id is None
    assert entry.detail["from"] == {"id": shelled.speaker_id, "name": "Bugti"}
    assert entry.detail["to"] == {"id": new.id, "name": "Akbar Bugti"}
    assert entry.detail["statements"] == [sham.id]


def test_splitting_refuses_statements_of_another_speaker(
    db_session: Session, embedder: Embedder
) -> None:
    shelled, sham, hit = store(
        db_session,
        embedder,
        ("Bugti", "the army had shelled Dera Bugti"),
        ("Bugti", "the talks were a sham"),
        ("provincial official", "no villages were hit"),
    )
    with pytest.raises(InvalidInput, match=rf"statement\(s\) \[{hit.id}\] are not attributed"):
        services.split_speaker(db_session, shelled.speaker_id, [sham.id, hit.id], "X", "Ana")


def test_splitting_refuses_a_name_another_speaker_has(
    db_session: Session, embedder: Embedder
) -> None:
    shelled, sham, _ = store(
        db_session,
        embedder,
        ("Bugti", "the army had shelled Dera Bugti"),
        ("Bugti", "the talks were a sham"),
        ("provincial official", "no villages were hit"),
    )
    with pytest.raises(InvalidInput, match="already speaker"):
        services.split_speaker(
            db_session, shelled.speaker_id, [sham.id], "Provincial Official", "Ana"
        )


def test_splitting_off_every_statement_is_refused(db_session: Session, embedder: Embedder) -> None:
    (shelled,) = store(db_session, embedder, ("Bugti", "the army had shelled Dera Bugti"))
    with pytest.raises(InvalidInput, match="must leave at least one statement"):
        services.split_speaker(db_session, shelled.speaker_id, [shelled.id], "Akbar Bugti", "Ana")


def test_an_alias_finds_its_speaker(db_session: Session, embedder: Embedder) -> None:
    (shelled,) = store(db_session, embedder, ("Brahumdagh Bugti", "the talks were a sham"))
    services.add_alias(db_session, shelled.speaker_id, "Bugit", "Ana")
    assert speaker(db_session, "BUGIT").id == shelled.speaker_id
    assert last_action(db_session).action == "add_alias"


def test_an_alias_another_speaker_uses_is_refused(db_session: Session, embedder: Embedder) -> None:
    one, two = store(
        db_session,
        embedder,
        ("Brahumdagh Bugti", "the army had shelled Dera Bugti"),
        ("B. Bugti", "the talks were a sham"),
    )
    with pytest.raises(InvalidInput, match=f"already names speaker {two.speaker_id}"):
        services.add_alias(db_session, one.speaker_id, "b. bugti", "Ana")


def test_removing_an_alias_forgets_it(db_session: Session, embedder: Embedder) -> None:
    (shelled,) = store(db_session, embedder, ("Brahumdagh Bugti", "the talks were a sham"))
    services.add_alias(db_session, shelled.speaker_id, "Bugit", "Ana")
    services.remove_alias(db_session, shelled.speaker_id, "bugit", "Ana")
    assert services.find_speaker(db_session, "Bugit") is None
    assert db_session.scalars(select(SpeakerAlias)).all() == []


def test_removing_an_unknown_alias_is_refused(db_session: Session, embedder: Embedder) -> None:
    (shelled,) = store(db_session, embedder, ("Brahumdagh Bugti", "the talks were a sham"))
    with pytest.raises(InvalidInput, match="is not an alias of Brahumdagh Bugti"):
        services.remove_alias(db_session, shelled.speaker_id, "Bugit", "Ana")


def test_listing_counts_each_speakers_statements(db_session: Session, embedder: Embedder) -> None:
    store(
        db_session,
        embedder,
        ("Bugti", "the army had shelled Dera Bugti"),
        ("Bugti", "the talks were a sham"),
        ("provincial official", "no villages were hit"),
    )
    page = services.list_speakers(db_session, limit=10)
    assert page.total == 2
    assert [(s.speaker.name, s.statements, s.suggested) for s in page.items] == [
        ("Bugti", 2, 0),
        ("provincial official", 1, 0),
    ]


def test_an_unknown_speaker_is_not_found(db_session: Session) -> None:
    with pytest.raises(services.NotFound, match="no speaker with id 42"):
        services.get_speaker(db_session, 42)
