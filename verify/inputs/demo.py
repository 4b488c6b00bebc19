"""The demo dataset: invented dispatches, written for this project, with a real dispute in them.

Places, people and groups are made up. Statements are given as the exact words of each article,
so their spans are computed here rather than typed by hand. Sides are given for the raid's
clearest accounts (an editor's reading, kept as such); the rest are left for a person to decide.
"""

from __future__ import annotations

from datetime import date

from .files import ImportBatch
from .records import SourceInput, StatementInput

RAID = """\
Security officials in Valoria say special forces have overrun a large hideout of the Black Banner \
network in the country's north-west, killing 9 "battle-hardened militants."
An army statement on Tuesday said the dawn operation targeted a compound in the Sarkand valley of \
Dornhal province, and the firefight that followed lasted for a day and wounded three soldiers.
"The militants were using tunnels under the compound to store explosives for attacks across \
Dornhal." It added that the raid had stopped a planned attack on the provincial capital, Mirabad.
Most of the fighters at the compound belonged to the Red Crescent Brigade, an outlawed separatist \
militia, a senior provincial administrator told The Dornhal Courier. He spoke on condition of \
anonymity because only the army may brief reporters on security operations.
Government ministers maintain that the Black Banner network has no organised presence in Valoria, \
although the raid was announced as the destruction of a Black Banner stronghold.
The Sarkand Weekly, a local newspaper, said the operation in the Sarkand valley began after two \
kidnapped aid engineers were reported to be held in the area; officials declined to comment.
Rustam Kaleev, an opposition leader who has lived in exile for a decade, rejected the army's \
account. "The army is shelling farming families in the Sarkand valley from helicopters. Those \
killed were villagers, not militants," Kaleev wrote in a statement on his website.
"""

WIRE = """\
MIRABAD — The army on Wednesday defended its operation in the Sarkand valley, in which it says \
nine militants were killed, against accusations that villagers died in the raid.
"Every person killed in Sarkand was an armed militant, and no civilian was harmed," an army \
spokesman, Colonel Idris Vahid, told reporters in Mirabad.
Rustam Kaleev repeated on Wednesday that helicopter gunships had fired on homes in the valley \
and said that at least six of the dead were farmers.
A human rights group, the Dornhal Rights Council, said it had received reports of civilian \
casualties in Sarkand and called for an independent inquiry.
"""

DAM = """\
Farmers in the Lower Teshin plain say their fields are dry for a second month because the \
Kestrel Dam has halved its water releases, a claim the irrigation ministry denies.
Irrigation minister Leyla Osmani said on Monday that the Kestrel Dam had released its full \
seasonal allocation of water to the Lower Teshin canals.
"The canals at the tail end have received less than half of last year's water, and the paddy \
crop is already failing," said Hamid Toor, who heads the Teshin Farmers' Union.
An engineer at the dam, who asked not to be named because he was not allowed to speak to the \
press, said two of the four outlet gates had been shut for repairs since April.
"""

SOURCES = {
    "raid": SourceInput(
        title="Army says nine militants killed in Sarkand valley raid",
        outlet="The Dornhal Courier",
        url="https://example.org/courier/sarkand-raid",
        published=date(2026, 5, 12),
        text=RAID,
    ),
    "wire": SourceInput(
        title="Army defends Sarkand raid as exiled leader alleges civilian deaths",
        outlet="Valoria Wire Service",
        url="https://example.org/vws/sarkand-army-defends",
        published=date(2026, 5, 13),
        text=WIRE,
    ),
    "dam": SourceInput(
        title="Farmers and ministry at odds over Kestrel Dam water releases",
        outlet="Teshin Daily",
        url="https://example.org/teshin/kestrel-dam",
        published=date(2026, 5, 11),
        text=DAM,
    ),
}

# (source key, exact words in the source, speaker, kind, description, anonymous, cue,
#  attribution, date, side)
STATEMENTS: list[tuple[str, str, str, str, str | None, bool, str, str, date, str | None]] = [
    (
        "raid",
        "special forces have overrun a large hideout of the Black Banner network in the "
        'country\'s north-west, killing 9 "battle-hardened militants."',
        "Security officials in Valoria",
        "government",
        None,
        False,
        "say",
        "reported",
        date(2026, 5, 12),
        "asserts",
    ),
    (
        "raid",
        "the dawn operation targeted a compound in the Sarkand valley of Dornhal province, and "
        "the firefight that followed lasted for a day and wounded three soldiers",
        "Valoria army",
        "military",
        "the army's press office",
        False,
        "said",
        "reported",
        date(2026, 5, 12),
        "asserts",
    ),
    (
        "raid",
        "The militants were using tunnels under the compound to store explosives for attacks "
        "across Dornhal.",
        "Valoria army",
        "military",
        None,
        False,
        "said",
        "direct",
        date(2026, 5, 12),
        None,
    ),
    (
        "raid",
        "Most of the fighters at the compound belonged to the Red Crescent Brigade, an outlawed "
        "separatist militia",
        "Senior provincial administrator (anonymous)",
        "anonymous_official",
        "a senior provincial administrator who spoke on condition of anonymity",
        True,
        "told",
        "reported",
        date(2026, 5, 12),
        None,
    ),
    (
        "raid",
        "the Black Banner network has no organised presence in Valoria",
        "Government ministers",
        "government",
        None,
        False,
        "maintain",
        "reported",
        date(2026, 5, 12),
        None,
    ),
    (
        "raid",
        "the operation in the Sarkand valley began after two kidnapped aid engineers were "
        "reported to be held in the area",
        "The Sarkand Weekly",
        "media",
        "a local newspaper",
        False,
        "said",
        "reported",
        date(2026, 5, 12),
        None,
    ),
    (
        "raid",
        "The army is shelling farming families in the Sarkand valley from helicopters. Those "
        "killed were villagers, not militants,",
        "Rustam Kaleev",
        "insurgent",
        "an opposition leader who has lived in exile for a decade",
        False,
        "wrote",
        "direct",
        date(2026, 5, 12),
        "denies",
    ),
    (
        "wire",
        "Every person killed in Sarkand was an armed militant, and no civilian was harmed,",
        "Colonel Idris Vahid",
        "military",
        "an army spokesman",
        False,
        "told",
        "direct",
        date(2026, 5, 13),
        "asserts",
    ),
    (
        "wire",
        "helicopter gunships had fired on homes in the valley",
        "Rustam Kaleev",
        "insurgent",
        None,
        False,
        "repeated",
        "reported",
        date(2026, 5, 13),
        "denies",
    ),
    (
        "wire",
        "it had received reports of civilian casualties in Sarkand and called for an "
        "independent inquiry",
        "Dornhal Rights Council",
        "ngo",
        "a human rights group",
        False,
        "said",
        "reported",
        date(2026, 5, 13),
        "neutral",
    ),
    (
        "dam",
        "the Kestrel Dam had released its full seasonal allocation of water to the Lower Teshin "
        "canals",
        "Leyla Osmani",
        "government",
        "irrigation minister",
        False,
        "said",
        "reported",
        date(2026, 5, 11),
        None,
    ),
    (
        "dam",
        "The canals at the tail end have received less than half of last year's water, and the "
        "paddy crop is already failing,",
        "Hamid Toor",
        "other",
        "head of the Teshin Farmers' Union",
        False,
        "said",
        "direct",
        date(2026, 5, 11),
        None,
    ),
    (
        "dam",
        "two of the four outlet gates had been shut for repairs since April",
        "Kestrel Dam engineer (anonymous)",
        "anonymous_official",
        "an engineer at the dam who asked not to be named",
        True,
        "said",
        "reported",
        date(2026, 5, 11),
        None,
    ),
]


def demo_batch() -> ImportBatch:
    """The demo sources and statements, spans located in the texts."""
    batch = ImportBatch(sources=dict(SOURCES))
    for key, words, speaker, kind, description, anonymous, cue, how, said_on, side in STATEMENTS:
        start = SOURCES[key].text.index(words)
        batch.statements.append(
            StatementInput(
                text=words.strip(' ,"'),
                speaker=speaker,
                speaker_kind=kind,
                speaker_description=description,
                anonymous=anonymous,
                cue=cue,
                attribution=how,
                span=(start, start + len(words)),
                said_on=said_on,
                side=side,
                source_key=key,
            )
        )
    return batch
