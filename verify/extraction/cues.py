"""Data tables for attribution: cue verbs and phrases, speaker nouns, kind keywords. No code paths.

Extraction and speaker normalisation read these tables; adding a cue or a keyword is a one-line
change here, never a new branch in the rules.
"""

from __future__ import annotations

# Cue verb lemma -> what the cue does. The kinds are informative (shown to the desk, used by
# stance later); every lemma listed here opens an attribution.
_CUE_GROUPS: dict[str, str] = {
    "speech": (
        "say tell add state explain note report announce write tweet post comment remark reply "
        "respond answer mention describe declare reveal disclose recall continue testify "
        "quote cite brief inform indicate point observe stress emphasize emphasise underline "
        "repeat reiterate echo caution warn predict estimate calculate argue contend insist "
        "maintain assert suggest propose recommend urge ask question wonder complain lament "
        "boast joke quip conclude summarize acknowledge admit concede explain detail outline "
        "characterize characterise call label dub term put read show find"
    ),
    "belief": (
        "believe think feel consider suspect assume expect hope fear worry doubt know see "
        "view reckon guess understand imagine trust"
    ),
    "denial": "deny dismiss reject refute dispute contradict disavow rebut deride",
    "confirmation": "confirm verify affirm corroborate agree",
    "claim": "claim allege accuse charge blame say",
    "refusal": "decline refuse",
    "evaluation": (
        "criticize criticise praise condemn denounce blast slam defend applaud welcome "
        "endorse support back oppose hail mock"
    ),
    "intention": "want plan promise pledge vow intend vow threaten demand seek",
}

CUE_VERBS: dict[str, str] = {}
for _kind, _words in _CUE_GROUPS.items():
    for _word in _words.split():
        CUE_VERBS.setdefault(_word, _kind)

# Cue verbs that take their content as an object noun phrase ("dismissed the claims") or a
# to-infinitive ("declined to comment"), not only as a clause.
OBJECT_CUES: frozenset[str] = frozenset(
    "deny dismiss reject refute dispute contradict criticize criticise praise condemn denounce "
    "blast slam defend applaud welcome endorse support back oppose hail mock claim "
    "confirm acknowledge admit announce accuse blame describe want plan promise pledge vow "
    "seek demand decline refuse threaten urge ask call propose recommend predict reveal "
    "question cite mention".split()
)

# Cue verbs whose content may be a prepositional object: "called for", "focused on".
PREPOSITION_CUES: dict[str, tuple[str, ...]] = {
    "call": ("for", "on"),
    "claim": ("for",),
    "focus": ("on",),
    "talk": ("about",),
    "speak": ("about", "of"),
    "complain": ("about", "of"),
    "warn": ("of", "about", "against"),
    "worry": ("about",),
    "comment": ("on",),
    "insist": ("on",),
    "push": ("for",),
    "argue": ("for", "against"),
    "point": ("to",),
    "refer": ("to",),
    "hint": ("at",),
    "agree": ("with", "on"),
}
for _lemma in ("focus", "talk", "speak", "push", "refer", "hint"):
    CUE_VERBS.setdefault(_lemma, "speech")

# Cue verbs so common outside attribution that they need a clause (not an object) as content.
CLAUSE_ONLY_CUES: frozenset[str] = frozenset("see know find show read put feel understand".split())

# "quoted X as saying ...": verbs after "as" whose clause is what X said.
AS_SAYING_VERBS: frozenset[str] = frozenset("say tell state add warn write describe".split())

# Objects that make a verb no cue however it scores: "requested anonymity" says nothing.
NOT_CONTENT_OBJECTS: frozenset[str] = frozenset("anonymity".split())

# Prepositional cue phrases whose object is the source: "according to the ministry, ...".
SOURCE_PHRASES: dict[str, str] = {"according": "to"}

# Opening a direct quote and closing it: curly and straight marks.
OPENING_QUOTES = "\u201c\u00ab\u201e"
CLOSING_QUOTES = "\u201d\u00bb"
STRAIGHT_QUOTE = '"'

# Nouns that denote a person speaking (singular) or people (plural), by lemma.
PERSON_NOUNS: frozenset[str] = frozenset(
    "official spokesman spokeswoman spokesperson minister leader commander officer source "
    "witness resident analyst expert diplomat aide president senator governor mayor general "
    "chief director secretary lawyer attorney judge researcher professor scientist economist "
    "survivor villager doctor journalist reporter activist candidate lawmaker legislator "
    "representative ambassador envoy negotiator militant insurgent rebel fighter soldier "
    "policeman man woman person member adviser advisor strategist pollster voter supporter "
    "critic chairman chairwoman founder executive manager worker student teacher author "
    "authority people eyewitness".split()
)

# Nouns that denote an organisation or a document speaking ("It added" refers to these).
ORGANISATION_NOUNS: frozenset[str] = frozenset(
    "statement ministry army military government newspaper paper agency group report "
    "organization organisation department office committee council campaign party "
    "commission police force company study survey poll court administration outlet network "
    "channel station magazine website service agency bureau union movement coalition".split()
)

# Abbreviated titles before a name: their full stop ends no sentence ("Pres. Obama said ...").
ABBREVIATED_TITLES: tuple[str, ...] = tuple(
    "Mr Mrs Ms Dr Prof Rev Hon Sen Sens Rep Reps Gov Govs Pres Gen Lt Col Maj Capt Cmdr Adm Sgt "
    "Cpl Amb Atty Supt Insp Fr".split()
)

# Titles dropped when making a canonical name ("Mr. Trump" -> "Trump").
TITLES: frozenset[str] = frozenset(
    "sir president senator governor general minister".split()
    + [t.lower() for t in ABBREVIATED_TITLES]
    + [f"{t.lower()}." for t in ABBREVIATED_TITLES]
)

# Words that mark a speaker as anonymous when they appear around the mention.
ANONYMITY_MARKERS: tuple[str, ...] = (
    "anonymity",
    "not authorized",
    "not authorised",
    "not be named",
    "not to be named",
    "not be identified",
    "declined to be named",
    "speaking on condition",
    "who did not want",
)

# Speaker kinds by keyword, in three tiers. A keyword written in lower case matches in any case;
# one with a capital matches as written ("IS", "WHO", "Dawn"). Between words a space or a
# hyphen may stand, and a keyword may take "s" or "'s" ("Russias", "rebels").
#
# A speaker's kind is that of its strongest hit: a body (what speaks for a state, an army, a
# group: "the defence ministry", "Human Rights Watch", "rebels") before a role (what a person
# is: "colonel", "minister", "resident"), before an office any body has ("spokesman",
# "official"), so that a title gives its organisation's kind ("the army's spokesman"). A hit
# inside a longer one does not count ("army" in "Free Syrian Army"), nor does a possessor
# outrank its own noun ("Hezbollah's al-Manar TV" is media). Among equals the last one wins, as
# the head of an English noun phrase comes last ("the opposition website" is media), then the
# table order. Then a place that is the whole speaker ("Russia", "Damascus", "the Turkish side")
# is its government (`places`, `OTHER_PLACES`).


def _listed(keywords: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in keywords.split(",") if k.strip())


BODY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "militant_group",
        _listed(
            "lashkar, taliban, IS, ISIS, ISIL, islamic state, daesh, qaeda, qaida, AQAP, AQIM, "
            "al-shabab, al-shabaab, shabaab, boko haram, jaish, LeJ, TTP, hezbollah, hizbollah, "
            "hizbullah, hamas, islamic jihad, nusra, fatah al-sham, fateh al-sham, "
            "tahrir al-sham, HTS, ahrar al-sham, jund al-aqsa, army of conquest, jaish al-fatah, "
            "militant group, militant organization, militant organisation, militants, jihadist, "
            "terrorist group, terrorist outfit, terrorist organization, terrorist organisation, "
            "extremist group"
        ),
    ),
    (
        "insurgent",
        _listed(
            "insurgent, insurgents, separatist, separatists, rebel, rebels, exile, exiled, "
            "liberation army, liberation front, guerrilla, guerrillas, armed opposition, "
            "opposition forces, opposition fighters, opposition factions, armed group, "
            "free syrian army, FSA, syrian democratic forces, SDF, YPG, YPJ, "
            "people's protection units, PKK, kurdistan workers, jaish al-islam, jaysh al-islam, "
            "army of islam, faylaq al-sham, sham legion, zenki, southern front, houthi, houthis, "
            "ansar allah, FARC"
        ),
    ),
    (
        "opposition",
        _listed(
            "opposition, syrian national coalition, national coalition, syrian coalition, etilaf, "
            "high negotiations committee, HNC, syrian national council, "
            "syrian interim government, kurdish national council, dissident, dissidents, "
            "government in exile"
        ),
    ),
    (
        "international",
        _listed(
            "UN, U.N, UNO, united nations, Security Council, UNSC, General Assembly, UNICEF, "
            "UNHCR, OCHA, WFP, World Food Programme, World Food Program, WHO, "
            "world health organization, world health organisation, UNESCO, UNRWA, UNDP, "
            "OHCHR, Human Rights Council, IAEA, OPCW, "
            "organisation for the prohibition of chemical weapons, "
            "organization for the prohibition of chemical weapons, Joint Investigative Mechanism, "
            "IOM, international organization for migration, NATO, EU, European Union, "
            "European Commission, European Parliament, Arab League, League of Arab States, "
            "African Union, ASEAN, OSCE, OIC, Organisation of Islamic Cooperation, "
            "Organization of Islamic Cooperation, GCC, Gulf Cooperation Council, "
            "International Criminal Court, ICC, International Court of Justice, ICJ, IMF, "
            "International Monetary Fund, World Bank, WTO, Interpol, International Syria Support "
            "Group, ISSG, peacekeepers, peacekeeping"
        ),
    ),
    (
        "military",
        _listed(
            "army, military, ISPR, armed forces, forces, troops, navy, air force, marines, "
            "security forces, defense ministry, defence ministry, ministry of defense, "
            "ministry of defence, department of defense, defense department, MoD, pentagon, "
            "Central Command, CENTCOM, coalition forces, led coalition, Operation Inherent "
            "Resolve, brigade, battalion, regiment, general staff, military council, "
            "Revolutionary Guard, Revolutionary Guards, IRGC, Quds Force, Republican Guard, "
            "IDF, peshmerga"
        ),
    ),
    (
        "monitor",
        _listed(
            "observatory, SOHR, monitor, monitors, monitoring group, war monitor, watchdog, "
            "human rights, rights group, rights groups, Amnesty, HRW, SNHR, "
            "Local Coordination Committee, Local Coordination Committees, LCC, "
            "Violations Documentation Center, VDC, Airwars, Siege Watch, "
            "Raqqa is Being Slaughtered Silently, activist group, activist network, "
            "activists network, documentation center, documentation centre, "
            "Reporters Without Borders, RSF, Committee to Protect Journalists, CPJ"
        ),
    ),
    (
        "media",
        _listed(
            "newspaper, media, TV, television, news agency, press agency, news, outlet, "
            "broadcaster, radio, daily, magazine, times, post, channel, website, reuters, "
            "associated press, AP, AFP, BBC, CNN, VOA, Voice of America, Dawn, editorial, "
            "gazette, herald, tribune, journal, chronicle, SANA, Sana, amaq, aamaq, al-manar, "
            "al jazeera, al arabiya, RT, sputnik, TASS, ria novosti, interfax, anadolu, xinhua, "
            "IRNA, Fars, tasnim, press tv, al-monitor, new arab, asharq al-awsat, al-watan, "
            "al-masdar, enab baladi, ara news, orient news, al-akhbar, al-hayat, daily sabah, "
            "ahram, haaretz, Guardian, Telegraph, bloomberg, NPR, CBS, NBC, fox news, le monde, "
            "der spiegel"
        ),
    ),
    (
        "ngo",
        _listed(
            "NGO, NGOs, charity, charities, Red Cross, Red Crescent, ICRC, IFRC, SARC, "
            "foundation, nonprofit, non-profit, aid group, aid groups, relief group, aid agency, "
            "aid agencies, relief agency, aid organisation, aid organization, "
            "humanitarian organisation, humanitarian organization, humanitarian group, "
            "humanitarian groups, volunteer group, Doctors Without Borders, MSF, "
            "Medecins Sans Frontieres, "
            "Médecins Sans Frontières, advocacy group, Save the Children, Oxfam, Mercy Corps, "
            "International Rescue Committee, Norwegian Refugee Council, Islamic Relief, "
            "White Helmets, Syria Civil Defence, Syrian Civil Defence, Syria Civil Defense, "
            "Syrian Civil Defense, civil defence group, civil defense group, UOSSM, "
            "Syrian American Medical Society, SAMS"
        ),
    ),
    (
        "expert",
        _listed(
            "think tank, institute, university, research center, research centre, "
            "policy research, Crisis Group, Brookings, Chatham House, Carnegie, RAND, IISS"
        ),
    ),
    (
        "government",
        _listed(
            "ministry, government, regime, administration, cabinet, presidency, parliament, "
            "congress, senate, Duma, Knesset, Majlis, Bundestag, embassy, consulate, police, "
            "department, State Department, foreign office, home office, White House, Kremlin, "
            "Downing Street, Elysee, Élysée, Quai d'Orsay, Whitehall, Foggy Bottom, Zhongnanhai, "
            "Blue House, civil defence, civil defense, local council, city council, "
            "provincial council, municipal council, municipality, governorate, "
            "National Security Council"
        ),
    ),
)

ROLE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("insurgent", _listed("fighter, fighters")),
    (
        "military",
        _listed(
            "soldier, soldiers, commander, general, colonel, lieutenant, major general, "
            "brigadier, captain, sergeant, admiral, pilot, pilots, "
            "Gen, Col, Lt, Maj, Brig, Capt, Sgt, "
            "Adm, Cmdr, defense minister, defence minister, defense secretary, "
            "defence secretary, secretary of defense"
        ),
    ),
    (
        "media",
        _listed("reporter, journalist, correspondent, editor, columnist, news anchor"),
    ),
    ("ngo", _listed("aid worker, aid workers, humanitarian worker, humanitarian workers")),
    (
        "expert",
        _listed(
            "analyst, analysts, expert, experts, professor, researcher, researchers, scholar, "
            "economist, scientist, historian, military analyst, military expert, "
            "defense analyst, defence analyst, security analyst, security expert"
        ),
    ),
    (
        "witness",
        _listed(
            "witness, witnesses, eyewitness, eyewitnesses, resident, residents, villager, "
            "villagers, survivor, survivors, bystander, neighbor, neighbour, activist, "
            "activists, doctor, doctors, medic, medics, nurse, paramedic, rescuer, rescuers, "
            "rescue worker, rescue workers, first responders, refugee, refugees"
        ),
    ),
    (
        "government",
        _listed(
            "president, vice president, prime minister, premier, PM, minister, chancellor, "
            "king, emir, crown prince, senator, governor, mayor, lawmaker, legislator, "
            "MP, congressman, congresswoman, ambassador, diplomat, diplomats, envoy, consul, "
            "secretary of state, foreign secretary, home secretary, attorney general, "
            "counterpart, counterparts, negotiator, negotiators, head of state, "
            "permanent representative, Pres, Sen, Sens, Rep, Reps, Gov, Govs"
        ),
    ),
)

OFFICE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "government",
        _listed(
            "official, officials, authorities, authority, spokesman, spokeswoman, "
            "spokesperson, spokespeople, press secretary, aide, aides, adviser, advisor"
        ),
    ),
)

KIND_TIERS: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...] = (
    BODY_KEYWORDS,
    ROLE_KEYWORDS,
    OFFICE_KEYWORDS,
)

# A keyword next to these words names no speaker but qualifies something else: "rebel-held
# areas", "IS-linked page", "pro-government newspaper", "anti-ISIS activists".
KEYWORD_QUALIFIERS_AFTER: frozenset[str] = frozenset(
    "held controlled linked affiliated backed run allied aligned leaning sponsored supported "
    "dominated occupied besieged".split()
)
KEYWORD_QUALIFIERS_BEFORE: frozenset[str] = frozenset({"pro", "anti"})

# Places that speak as another kind than their state's government: Brussels, as a speaker, is
# nearly always the European Union.
OTHER_PLACES: dict[str, str] = {"Brussels": "international"}
# Words that may stand with places in a speaker that is the place itself ("the Turkish side",
# "Western powers", "France and Britain"); a demonym needs one of STATE_NOUNS to speak.
STATE_NOUNS: frozenset[str] = frozenset(
    "side sides delegation delegations leadership leaders powers states countries nations "
    "allies capitals partners".split()
)
PLACE_FILLERS: frozenset[str] = frozenset(
    "the and both other many some several all key major main its their fellow neighbouring "
    "neighboring regional allied".split()
)

# Speakers that cannot speak, by the lemma of the speaker's head noun: substances and weapons
# ("a toxic gas", "chemical warheads").
NOT_SPEAKER_HEADS: frozenset[str] = frozenset(
    "chlorine sarin gas gases toxin toxins poison poisons chemical chemicals mustard vx napalm "
    "phosphorus ammonia cyanide tabun soman novichok ricin anthrax substance substances fume "
    "fumes vapour vapor weapon weapons munition munitions ammunition bomb bombs missile "
    "missiles rocket rockets shell shells mortar mortars grenade grenades bullet bullets "
    "explosive explosives warhead warheads".split()
)
# Web pages and links: no speaker, unless the page is a named outlet ("the pro-regime website
# al-Masdar News", where the name stands in apposition).
WEB_PAGES: frozenset[str] = frozenset(
    "website websites webpage webpages site sites page pages homepage link links hyperlink "
    "url".split()
)
# Words before a web page that say whose it is, making it a mouthpiece that speaks ("a militant
# website said 10 were killed", "an ISIS-affiliated Facebook page said"): often the only account
# one camp gives.
WEB_PAGE_OWNERS: frozenset[str] = frozenset(
    "affiliated linked run backed militant militants jihadist jihadi rebel rebels insurgent "
    "opposition official government army military ministry state group".split()
)
# Heads that are a substance only with one of these words before them ("nerve agents", but a
# federal agent speaks).
NOT_SPEAKER_AGENTS: dict[str, frozenset[str]] = {
    "agent": frozenset(
        "nerve chemical toxic blister biological choking warfare poisonous orange".split()
    ),
}
# Parts of the body: no speaker when nothing but determiners, possessives, numbers and
# lower-case adjectives go with them ("the body", "his charred hands"); "the opposition body"
# or "the UN body" is an organisation and speaks.
BODY_PARTS: frozenset[str] = frozenset(
    "body bodies corpse corpses skin blood lung lungs eye eyes hand hands foot feet leg legs "
    "finger fingers brain skull bone bones".split()
)

# Personal pronouns a speaker can be mentioned by, with (gender, plural). Gender None = any.
PRONOUNS: dict[str, tuple[str | None, bool]] = {
    "he": ("male", False),
    "she": ("female", False),
    "it": ("thing", False),
    "they": (None, True),
    "i": (None, False),
    "we": (None, True),
    "you": (None, False),
}

# Possessive determiners, read as the pronoun they belong to ("his promise" is his statement).
POSSESSIVE_PRONOUNS: dict[str, str] = {
    "his": "he",
    "her": "she",
    "its": "it",
    "their": "they",
    "my": "i",
    "our": "we",
    "your": "you",
}

# Relative pronouns standing for the noun they attach to ("Smith, who said ...").
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "which", "that", "whom"})

# Titles that tell a person's gender.
GENDER_TITLES: dict[str, str] = {
    "mr": "male",
    "mr.": "male",
    "mrs": "female",
    "mrs.": "female",
    "ms": "female",
    "ms.": "female",
    "sir": "male",
    "madam": "female",
    "spokesman": "male",
    "spokeswoman": "female",
    "man": "male",
    "woman": "female",
    "chairman": "male",
    "chairwoman": "female",
}

# Line labels before a colon that introduce no speaker ("Correction: ...", "UPDATE: ...").
NOT_COLON_LABELS: frozenset[str] = frozenset(
    "note update correction clarification breaking look busted bombshell notice stat watch "
    "video photos read editor exclusive win".split()
)
