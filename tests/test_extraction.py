"""Extraction on an invented dispatch that exercises every attribution pattern the desk needs."""

from __future__ import annotations

import pytest

from verify.extraction import Extracted, extract
from verify.extraction.parsing import parse
from verify.extraction.reported import colon_candidates

# Written for these tests: every place, person and outlet in it is made up.
DISPATCH = (
    "Officials in Norland say border guards have seized a large shipment of smuggled rifles "
    "near the river crossing at Vessa.\n"
    "A navy statement Tuesday said the patrol intercepted two boats carrying the weapons "
    "before dawn.\n"
    '"The smugglers were moving the cargo under cover of fog and heavy rain."\n'
    "It added that three crew members were detained for questioning.\n"
    "Most of the rifles had been bought from dealers across the border, a senior customs "
    "official told the Harbour Gazette. He requested anonymity because he was not authorized "
    "to speak to reporters.\n"
    "Norland authorities believe the weapons were meant for a rebel faction in the hills.\n"
    '"This was the largest seizure on the river in a decade," the official explained. He '
    "added that more arrests were expected.\n"
    "Local media reported that the fishing village of Orsk had been sealed off, though "
    "officials declined to comment on the reports.\n"
    "The river has long been used by traders to move grain, timber and fuel.\n"
    "Kaspar Vollendt, an exiled separatist leader living in Geneva, dismissed the "
    "government's account of the raid. \"The boats belonged to fishermen, not to us. Nobody "
    'was carrying rifles," Vollednt alleged in a video posted online.\n'
    "According to the Harbour Gazette, the navy has doubled its patrols since the spring.\n"
    "Vollendt later said his movement would publish photographs of the boats.\n"
)


@pytest.fixture(scope="module")
def found() -> list[Extracted]:
    return extract(DISPATCH)


def _by_cue(found: list[Extracted], cue: str, nth: int = 0) -> Extracted:
    return [item for item in found if item.cue_word == cue][nth]


def _by_text(found: list[Extracted], start: str) -> Extracted:
    return next(item for item in found if item.text.startswith(start))


def test_empty_text_gives_no_statements() -> None:
    assert extract("") == []
    assert extract("   \n ") == []


def test_text_without_attribution_gives_no_statements() -> None:
    assert extract("The river has long been used by traders to move grain and timber.") == []


def test_narrator_background_sentence_is_not_a_statement(found: list[Extracted]) -> None:
    assert not [item for item in found if "grain, timber and fuel" in item.text]


def test_right_to_left_text_does_not_crash() -> None:
    assert isinstance(extract("قال المتحدث إن القوات انسحبت من المدينة."), list)


def test_collective_speaker_with_cue_say(found: list[Extracted]) -> None:
    item = _by_cue(found, "say")
    assert (item.speaker, item.speaker_kind) == ("Officials in Norland", "government")
    assert item.text.startswith("border guards have seized")
    assert item.attribution == "reported"


def test_spans_point_into_the_text(found: list[Extracted]) -> None:
    for item in found:
        assert DISPATCH[item.content[0] : item.content[1]] == item.text
        if item.source is not None:
            assert DISPATCH[item.source[0] : item.source[1]] == item.mention
        if item.cue is not None:
            assert DISPATCH[item.cue[0] : item.cue[1]].lower() == item.cue_word


def test_statement_is_a_military_speaker(found: list[Extracted]) -> None:
    item = _by_cue(found, "said")
    assert item.mention == "A navy statement"
    assert item.speaker_kind == "military"


def test_quote_standing_alone_belongs_to_the_speaker_before_it(found: list[Extracted]) -> None:
    item = _by_text(found, "The smugglers were moving")
    assert item.speaker == "navy statement"
    assert item.attribution == "direct"
    assert item.source is None


def test_it_added_refers_to_the_statement(found: list[Extracted]) -> None:
    item = _by_cue(found, "added")
    assert (item.mention, item.speaker) == ("It", "navy statement")


def test_anonymous_official_keeps_kind_and_description(found: list[Extracted]) -> None:
    item = _by_cue(found, "told")
    assert item.speaker_kind == "anonymous_official"
    assert item.anonymous
    assert item.speaker_description == "senior customs official"
    assert item.text.startswith("Most of the rifles")


def test_belief_cue_is_an_attribution(found: list[Extracted]) -> None:
    item = _by_cue(found, "believe")
    assert (item.speaker, item.cue_kind) == ("Norland authorities", "belief")


def test_quote_before_its_cue_is_direct_and_without_quote_marks(found: list[Extracted]) -> None:
    item = _by_cue(found, "explained")
    assert item.attribution == "direct"
    assert item.text == "This was the largest seizure on the river in a decade"


def test_the_official_later_is_the_same_anonymous_official(found: list[Extracted]) -> None:
    assert _by_cue(found, "explained").speaker == _by_cue(found, "told").speaker


def test_he_added_refers_to_the_last_male_speaker(found: list[Extracted]) -> None:
    item = _by_cue(found, "added", 1)
    assert item.mention == "He"
    assert item.speaker == _by_cue(found, "told").speaker


def test_media_speaker(found: list[Extracted]) -> None:
    assert _by_cue(found, "reported").speaker_kind == "media"


def test_declined_to_comment_is_attributed_to_the_officials(found: list[Extracted]) -> None:
    item = _by_cue(found, "declined")
    assert item.text == "to comment on the reports"
    assert item.speaker == "Officials in Norland"


def test_apposition_gives_kind_and_description(found: list[Extracted]) -> None:
    item = _by_cue(found, "dismissed")
    assert item.speaker == "Kaspar Vollendt"
    assert item.speaker_kind == "insurgent"
    assert item.speaker_description == "an exiled separatist leader living in Geneva"
    assert item.text == "the government's account of the raid"


def test_quote_spanning_two_sentences_is_one_statement(found: list[Extracted]) -> None:
    item = _by_cue(found, "alleged")
    assert item.text == "The boats belonged to fishermen, not to us. Nobody was carrying rifles"
    assert item.attribution == "direct"


def test_two_spellings_of_a_surname_are_one_speaker(found: list[Extracted]) -> None:
    item = _by_cue(found, "alleged")
    assert item.mention == "Vollednt"
    assert item.speaker == "Kaspar Vollendt"
    assert item.aliases == ("Vollednt",)


def test_according_to_names_the_source(found: list[Extracted]) -> None:
    item = _by_cue(found, "according to")
    assert (item.speaker, item.speaker_kind) == ("Harbour Gazette", "media")
    assert item.text == "the navy has doubled its patrols since the spring"


def test_statements_come_in_text_order(found: list[Extracted]) -> None:
    starts = [item.cue[0] if item.cue else item.content[0] for item in found]
    assert starts == sorted(starts)


def test_headline_label_with_a_colon_names_the_speaker() -> None:
    """The colon rule alone: `extract` then asks the span tagger, which does not see this
    headline as an attribution, and leaves it out (`tagged.seen_by_tagger`)."""
    text = (
        "Vollendt: Norland's navy is sinking fishing boats on the river\n"
        "Correction: The village is Orsk, not Ursk, as first reported here.\n"
    )
    labels = [(c.source, c.content) for c in colon_candidates(parse(text))]
    assert [(text[slice(*s)] if s else None, text[slice(*c)]) for s, c in labels] == [
        ("Vollendt", "Norland's navy is sinking fishing boats on the river")
    ]


def test_quantifier_subject_is_a_speaker() -> None:
    items = extract("Most of the villagers said the patrols had frightened away the buyers.")
    assert [(i.mention, i.cue_word) for i in items] == [("Most of the villagers", "said")]


def test_nested_cue_of_another_speaker_keeps_both() -> None:
    text = '"The minister has said he would reopen the crossing by spring," Ada Morrow said.'
    items = extract(text)
    assert "Ada Morrow" in {i.speaker for i in items}


def test_a_short_quote_before_its_cue_is_direct() -> None:
    found = extract('"We will win," the coach said after the match.')
    assert [(e.text, e.attribution, e.speaker) for e in found] == [
        ("We will win", "direct", "coach")
    ]


def test_a_quote_that_goes_on_after_its_cue_is_one_statement() -> None:
    text = (
        '"The harbour will reopen on Friday," the port director said. '
        '"The cranes are already repaired."'
    )
    (item,) = extract(text)
    assert (item.speaker, item.attribution, item.cue_word) == ("port director", "direct", "said")
    assert item.text.startswith("The harbour will reopen on Friday")
    assert item.text.endswith("The cranes are already repaired")
    assert item.cue is not None and item.content[0] < item.cue[0] < item.content[1]


def test_a_quote_after_reported_speech_stays_its_own_statement() -> None:
    text = (
        "The port director said the harbour would reopen on Friday. "
        '"The cranes are already repaired."'
    )
    items = extract(text)
    assert [(i.speaker, i.attribution) for i in items] == [
        ("port director", "reported"),
        ("port director", "direct"),
    ]


def test_a_quote_below_a_paragraph_that_ends_on_its_cue_and_a_colon_is_direct() -> None:
    text = (
        "The rally ended late. Amina Qureshi, a teacher from Quetta, echoed:\n\n"
        "\u201cHe says what he thinks, and I believe that is what the province needs.\u201d\n\n"
        "Reactions from Quetta\n\n"
        "\u201cThe roads will be open again by Friday, and the schools too,\u201d the mayor said."
    )
    assert [(i.mention, i.cue_word, i.attribution, i.text) for i in extract(text)] == [
        (
            "Amina Qureshi, a teacher from Quetta",
            "echoed",
            "direct",
            "He says what he thinks, and I believe that is what the province needs",
        ),
        (
            "the mayor",
            "said",
            "direct",
            "The roads will be open again by Friday, and the schools too",
        ),
    ]


def test_an_abbreviated_title_keeps_its_speaker_whole() -> None:
    items = extract("Pres. Obama said the talks would resume in May.")
    assert [(i.mention, i.speaker) for i in items] == [("Pres. Obama", "Obama")]


def test_a_relative_clause_holding_another_cue_is_not_part_of_the_source() -> None:
    text = (
        "Ines Garbo, who has described the dam as a disaster, said the valley would flood. "
        "Tomas Reyl, who lives in the valley, said the water was rising."
    )
    said = [i.mention for i in extract(text) if i.cue_word == "said"]
    # "who has described ..." is an attribution of its own; "who lives ..." is not
    assert said == ["Ines Garbo", "Tomas Reyl, who lives in the valley"]


def test_an_age_before_a_name_stays_in_the_source() -> None:
    items = extract("17-year-old Jared Lomm said the school had closed early.")
    assert [i.mention for i in items] == ["17-year-old Jared Lomm"]


def test_a_time_stamp_paragraph_is_not_the_speaker() -> None:
    text = (
        "6:50 p.m.\n\nWith her husband, former mayor Ivo Quill, standing by her side, "
        "Mara Quill has told her supporters that they are in this together."
    )
    items = extract(text)
    assert [i.mention for i in items] == ["Mara Quill"]


def test_a_heading_above_a_quote_is_not_part_of_it() -> None:
    text = 'Bridge plans in Kessa\n\n"We will rebuild the bridge," the mayor said.\n'
    (item,) = extract(text)
    assert item.text == "We will rebuild the bridge"


def test_a_that_clause_hung_on_the_cues_phrase_is_its_content() -> None:
    text = (
        "Courted by most of the candidates, Olsen said earlier on Friday during a news "
        "conference that he may wait until February to decide."
    )
    assert [(i.mention, i.text) for i in extract(text)] == [
        ("Olsen", "that he may wait until February to decide")
    ]


def test_a_dateline_is_not_the_speaker() -> None:
    text = (
        "Kessa (VNA) \u2013 Mayor Ilse Dorn has taken a swipe at the council, saying that "
        "the bridge vote was rushed."
    )
    assert {i.mention for i in extract(text)} == {"Mayor Ilse Dorn"}


def test_a_place_before_an_abbreviated_title_stays_in_the_source() -> None:
    text = "12:00 p.m.\n\nNorland Sen. Ada Morrow said that the port had been sold."
    assert [i.mention for i in extract(text)] == ["Norland Sen. Ada Morrow"]


def test_a_date_inside_a_participle_stays_in_the_source() -> None:
    items = extract("A court document filed Thursday says that the charges were dropped.")
    assert [i.mention for i in items] == ["A court document filed Thursday"]


def test_a_party_and_state_after_a_name_is_no_dateline() -> None:
    items = extract("Rep. Ann Lee (D-Ga.) said the vote would be close.")
    assert [i.mention for i in items] == ["Rep. Ann Lee (D-Ga.)"]


def test_a_list_dash_is_not_part_of_the_source() -> None:
    text = "THE WEEK IN POLLS\n-Mara Quill assesses that the council will lose its majority."
    assert [i.mention for i in extract(text)] == ["Mara Quill"]


def test_of_two_attributions_holding_each_others_cue_the_surer_stays() -> None:
    text = (
        "Patrick says \u201cregardless of what the pundits say, it\u2019s a two-man race\u201d "
        "between Ilse Dorn and Mara Quill."
    )
    assert [(i.mention, i.cue_word) for i in extract(text)] == [("Patrick", "says")]


def test_a_source_of_function_words_alone_becomes_the_noun_phrase_above_it() -> None:
    from verify.extraction.parsing import parse
    from verify.extraction.reported import Candidate, mend_bare_sources

    text = "There were two words that a choked-up Jeb Bush could not bring himself to utter."
    doc = parse(text)
    at = text.index(" a ") + 1
    bare = Candidate(
        cue=None, content=(0, 5), cue_kind="speech", confidence=0.5, source=(at, at + 1)
    )
    named = Candidate(cue=None, content=(0, 5), cue_kind="speech", confidence=0.5, source=(0, 5))
    mend_bare_sources(doc, [bare, named])
    assert bare.source is not None and text[slice(*bare.source)] == "a choked-up Jeb Bush"
    assert bare.subject is not None and bare.subject.text == "Bush"
    assert named.source == (0, 5)  # "There" is a pronoun to the parse: left alone

    lone = parse("Yes.")
    nobody = Candidate(cue=None, content=(0, 3), cue_kind="speech", confidence=0.5, source=(3, 4))
    mend_bare_sources(lone, [nobody])
    assert nobody.source == (3, 4)  # nothing above "." names anybody: left as it was


def test_quoted_as_saying_gives_the_words_said_and_the_whole_cue() -> None:
    text = "State radio quoted a port official as saying there was no damage to the harbour."
    [said] = extract(text)
    assert (said.mention, said.text) == ("State radio", "there was no damage to the harbour")
    assert said.cue_word == "quoted a port official as saying"


def test_the_words_said_before_a_speaker_that_lost_its_comma() -> None:
    # Texts scraped without their commas run the content into the speaker's name.
    words = (
        "All the evidence in our hands converges to show that there was a massacre near Arlon "
        "and that the garrison is responsible"
    )
    [said] = extract(words + " Delacroix said on a visit to Brest.")
    assert (said.mention, said.text) == ("Delacroix", words)


def test_a_speaker_the_parse_hung_inside_the_words_said_after_a_lost_comma() -> None:
    # Without the comma, "Lorias Kessa region leading opposition figure Omar Talib" reads as
    # the object of "on": the speaker sits inside the clause "said" governs, and the verb has
    # no subject. (Other spellings of this sentence parse otherwise.)
    words = "At least 500 people have been killed in a gas attack on Lorias Kessa region"
    [said] = extract(words + " leading opposition figure Omar Talib said on Wednesday.")
    assert (said.speaker, said.text) == ("leading opposition figure Omar Talib", words)


def test_states_named_together_are_not_a_person_and_a_surname() -> None:
    text = (
        "Norway Finland say the observers must reach the valley. Norway and Finland said on "
        "Monday that the observers should be let in. Finland said it would raise the matter."
    )
    assert [i.speaker for i in extract(text)] == ["Norway Finland", "Norway and Finland", "Finland"]


def test_i_inside_a_named_speakers_words_is_that_speaker_talking() -> None:
    text = (
        "The ferry sank at dawn. I hope this will wake up everyone who ignored the warnings "
        "Harbour Master Ilse Varga told reporters in Tallinn."
    )
    assert [(i.speaker, i.text[:6]) for i in extract(text)] == [
        ("Harbour Master Ilse Varga", "I hope")
    ]


def test_a_speaker_name_does_not_open_on_half_a_hyphenated_word() -> None:
    text = (
        "The Vessa-based Norland Monitor for Civil Rights said 40 people were killed at the "
        "crossing. The state-run Harbour news agency said the reports were fabricated. A "
        "rebel-affiliated web page said 12 fighters died."
    )
    speakers = [s.speaker for s in extract(text)]
    assert speakers[:2] == ["Norland Monitor for Civil Rights", "Harbour news agency"]
    # "-affiliated" says whose page it is: it stays, and the page may speak
    assert len(speakers) == 3 and speakers[2].endswith("affiliated web page")
