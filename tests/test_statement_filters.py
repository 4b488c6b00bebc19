"""Statements worth reading: readable contents, speakers who can speak (extraction.filters)."""

from __future__ import annotations

from verify.extraction import extract
from verify.extraction.filters import can_speak, is_readable
from verify.extraction.parsing import parse


def readable(text: str, content: str, *, direct: bool = False) -> bool:
    start = text.index(content)
    return is_readable(parse(text), start, start + len(content), direct=direct)


def test_a_reported_content_of_two_words_is_not_readable() -> None:
    assert not readable("The opposition condemned the attack.", "the attack")


def test_a_quote_of_one_word_is_readable() -> None:
    assert readable('"Toxic," the doctor said.', "Toxic", direct=True)


def test_a_noun_phrase_that_carries_a_claim_is_readable() -> None:
    text = "Russia denied any involvement in the raids on the market."
    assert readable(text, "any involvement in the raids on the market")


def test_a_prepositional_fragment_is_not_readable() -> None:
    text = "Rights groups criticised it for indiscriminate attacks on civilian infrastructure."
    assert not readable(text, "for indiscriminate attacks on civilian infrastructure")


def test_names_alone_are_not_readable() -> None:
    text = "The envoy blamed the Kurdistan Workers Party."
    assert not readable(text, "the Kurdistan Workers Party")


def test_a_clause_is_readable() -> None:
    text = "The monitor said that 16 people were killed in the blast."
    assert readable(text, "that 16 people were killed in the blast")


def test_a_gas_cannot_speak() -> None:
    assert not can_speak("toxic gas", "gas")


def test_a_weapon_cannot_speak() -> None:
    assert not can_speak("Chemical warheads", "warhead")


def test_nerve_agents_cannot_speak_but_an_agent_can() -> None:
    assert not can_speak("nerve agents", "agent")
    assert can_speak("FBI agent", "agent")


def test_a_web_page_cannot_speak() -> None:
    assert not can_speak("page", "page")
    assert not can_speak("the link", "link")


def test_a_web_page_that_says_whose_it_is_speaks_for_them() -> None:
    assert can_speak("affiliated Facebook page", "page")
    assert can_speak("militant website", "website")


def test_a_named_news_website_speaks_as_its_outlet() -> None:
    assert can_speak("pro regime website", "website", "al-Masdar News")


def test_a_body_alone_cannot_speak_but_an_organisation_can() -> None:
    assert not can_speak("body", "body")
    assert not can_speak("his lifeless body", "body")
    assert can_speak("main Syrian opposition body", "body")
    assert can_speak("opposition body", "body")


def test_an_expert_on_chemical_weapons_can_speak() -> None:
    assert can_speak("Swedish chemical weapons expert", "expert")


def test_extraction_drops_a_web_page_speaker() -> None:
    text = "The page reported that one civilian was among those killed in the raids."
    assert extract(text) == []


def test_extraction_keeps_a_militant_website_as_a_speaker() -> None:
    text = "A militant website said 10 people were killed and dozens of others wounded."
    assert [f.text for f in extract(text)] == ["10 people were killed and dozens of others wounded"]


def test_extraction_drops_a_two_word_content() -> None:
    assert extract("The opposition condemned the attack.") == []


def test_every_attribution_is_kept_on_request() -> None:
    found = extract("The opposition condemned the attack.", readable_only=False)
    assert [(f.speaker, f.text) for f in found] == [("opposition", "the attack")]


def test_a_verb_is_never_a_speaker() -> None:
    assert not can_speak("are", "be")
    assert not can_speak("was", "be")
    assert can_speak("IS", "IS")  # the Islamic State, parsed as the verb
    assert can_speak("Iris", "Iris")
