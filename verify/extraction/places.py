"""Data table of the world's states: names, capitals and demonyms. No code paths.

A place that speaks ("Russia said", "Damascus denied", "the Turkish side") is its government;
`speakers.kind_of` reads these lists. Other names of one thing are separated by a slash.
"""

from __future__ import annotations

# Country | capital | demonym, one state a line; member states of the UN, observers and a few
# states most of the world's press writes about as such.
_STATES = """
Afghanistan | Kabul | Afghan
Albania | Tirana | Albanian
Algeria | Algiers | Algerian
Andorra | Andorra la Vella | Andorran
Angola | Luanda | Angolan
Antigua and Barbuda | St. John's | Antiguan
Argentina | Buenos Aires | Argentine/Argentinian
Armenia | Yerevan | Armenian
Australia | Canberra | Australian
Austria | Vienna | Austrian
Azerbaijan | Baku | Azerbaijani/Azeri
Bahamas | Nassau | Bahamian
Bahrain | Manama | Bahraini
Bangladesh | Dhaka | Bangladeshi
Barbados | Bridgetown | Barbadian
Belarus | Minsk | Belarusian
Belgium | | Belgian
Belize | Belmopan | Belizean
Benin | Porto-Novo | Beninese
Bhutan | Thimphu | Bhutanese
Bolivia | La Paz/Sucre | Bolivian
Bosnia and Herzegovina/Bosnia | Sarajevo | Bosnian
Botswana | Gaborone | Botswanan
Brazil | Brasilia/Brasília | Brazilian
Brunei | Bandar Seri Begawan | Bruneian
Bulgaria | | Bulgarian
Burkina Faso | Ouagadougou | Burkinabe
Burundi | Gitega/Bujumbura | Burundian
Cambodia | Phnom Penh | Cambodian
Cameroon | Yaounde/Yaoundé | Cameroonian
Canada | Ottawa | Canadian
Cape Verde/Cabo Verde | Praia | Cape Verdean
Central African Republic | Bangui | Central African
Chad | N'Djamena | Chadian
Chile | Santiago | Chilean
China/People's Republic of China | Beijing | Chinese
Colombia | Bogota/Bogotá | Colombian
Comoros | Moroni | Comorian
Democratic Republic of the Congo/DR Congo/DRC | Kinshasa | Congolese
Republic of the Congo | Brazzaville | Congolese
Costa Rica | San Jose/San José | Costa Rican
Ivory Coast/Côte d'Ivoire/Cote d'Ivoire | Yamoussoukro/Abidjan | Ivorian
Croatia | Zagreb | Croatian
Cuba | Havana | Cuban
Cyprus | Nicosia | Cypriot
Czech Republic/Czechia | Prague | Czech
Denmark | Copenhagen | Danish
Djibouti | | Djiboutian
Dominica | Roseau | Dominican
Dominican Republic | Santo Domingo | Dominican
East Timor/Timor-Leste | Dili | Timorese
Ecuador | Quito | Ecuadorian
Egypt | Cairo | Egyptian
El Salvador | San Salvador | Salvadoran
Equatorial Guinea | Malabo | Equatoguinean
Eritrea | Asmara | Eritrean
Estonia | Tallinn | Estonian
Eswatini/Swaziland | Mbabane | Swazi
Ethiopia | Addis Ababa | Ethiopian
Fiji | Suva | Fijian
Finland | Helsinki | Finnish
France | Paris | French
Gabon | Libreville | Gabonese
Gambia | Banjul | Gambian
Georgia | Tbilisi | Georgian
Germany | Berlin | German
Ghana | Accra | Ghanaian
Greece | Athens | Greek
Grenada | St. George's | Grenadian
Guatemala | Guatemala City | Guatemalan
Guinea | Conakry | Guinean
Guinea-Bissau | Bissau | Bissau-Guinean
Guyana | Georgetown | Guyanese
Haiti | Port-au-Prince | Haitian
Honduras | Tegucigalpa | Honduran
Hungary | Budapest | Hungarian
Iceland | Reykjavik/Reykjavík | Icelandic
India | New Delhi | Indian
Indonesia | Jakarta | Indonesian
Iran/Islamic Republic | Tehran/Teheran | Iranian
Iraq | Baghdad | Iraqi
Ireland | Dublin | Irish
Israel | Jerusalem | Israeli
Italy | Rome | Italian
Jamaica | Kingston | Jamaican
Japan | Tokyo | Japanese
Jordan | Amman | Jordanian
Kazakhstan | Astana/Nur-Sultan | Kazakh
Kenya | Nairobi | Kenyan
Kiribati | Tarawa |
North Korea/DPRK | Pyongyang | North Korean
South Korea/Republic of Korea | Seoul | South Korean
Kosovo | Pristina | Kosovar
Kuwait | Kuwait City | Kuwaiti
Kyrgyzstan | Bishkek | Kyrgyz
Laos | Vientiane | Laotian
Latvia | Riga | Latvian
Lebanon | Beirut | Lebanese
Lesotho | Maseru |
Liberia | Monrovia | Liberian
Libya | Tripoli | Libyan
Liechtenstein | Vaduz |
Lithuania | Vilnius | Lithuanian
Luxembourg | | Luxembourgish
Madagascar | Antananarivo | Malagasy
Malawi | Lilongwe | Malawian
Malaysia | Kuala Lumpur | Malaysian
Maldives | Malé | Maldivian
Mali | Bamako | Malian
Malta | Valletta | Maltese
Marshall Islands | Majuro |
Mauritania | Nouakchott | Mauritanian
Mauritius | Port Louis | Mauritian
Mexico | Mexico City | Mexican
Micronesia | Palikir | Micronesian
Moldova | Chisinau/Chișinău | Moldovan
Monaco | | Monegasque
Mongolia | Ulaanbaatar/Ulan Bator | Mongolian
Montenegro | Podgorica | Montenegrin
Morocco | Rabat | Moroccan
Mozambique | Maputo | Mozambican
Myanmar/Burma | Naypyidaw/Naypyitaw | Burmese
Namibia | Windhoek | Namibian
Nauru | Yaren | Nauruan
Nepal | Kathmandu | Nepali/Nepalese
Netherlands/Holland | Amsterdam/The Hague | Dutch
New Zealand | Wellington |
Nicaragua | Managua | Nicaraguan
Niger | Niamey | Nigerien
Nigeria | Abuja | Nigerian
North Macedonia/Macedonia | Skopje | Macedonian
Norway | Oslo | Norwegian
Oman | Muscat | Omani
Pakistan | Islamabad | Pakistani
Palau | Ngerulmud | Palauan
Palestine | Ramallah | Palestinian
Panama | Panama City | Panamanian
Papua New Guinea | Port Moresby |
Paraguay | Asuncion/Asunción | Paraguayan
Peru | Lima | Peruvian
Philippines | Manila | Philippine/Filipino
Poland | Warsaw | Polish
Portugal | Lisbon | Portuguese
Qatar | Doha | Qatari
Romania | Bucharest | Romanian
Russia/Russian Federation | Moscow | Russian
Rwanda | Kigali | Rwandan
Saint Kitts and Nevis | Basseterre |
Saint Lucia | Castries |
Saint Vincent and the Grenadines | Kingstown |
Samoa | Apia | Samoan
San Marino | |
Sao Tome and Principe/São Tomé and Príncipe | |
Saudi Arabia | Riyadh | Saudi
Senegal | Dakar | Senegalese
Serbia | Belgrade | Serbian
Seychelles | |
Sierra Leone | Freetown | Sierra Leonean
Singapore | | Singaporean
Slovakia | Bratislava | Slovak
Slovenia | Ljubljana | Slovenian/Slovene
Solomon Islands | Honiara |
Somalia | Mogadishu | Somali
South Africa | Pretoria | South African
South Sudan | Juba | South Sudanese
Spain | Madrid | Spanish
Sri Lanka | Colombo | Sri Lankan
Sudan | Khartoum | Sudanese
Suriname | Paramaribo | Surinamese
Sweden | Stockholm | Swedish
Switzerland | Bern/Berne | Swiss
Syria/Syrian Arab Republic | Damascus | Syrian
Taiwan | Taipei | Taiwanese
Tajikistan | Dushanbe | Tajik
Tanzania | Dodoma | Tanzanian
Thailand | Bangkok | Thai
Togo | Lome/Lomé | Togolese
Tonga | Nuku'alofa | Tongan
Trinidad and Tobago | Port of Spain | Trinidadian
Tunisia | Tunis | Tunisian
Turkey/Türkiye | Ankara | Turkish
Turkmenistan | Ashgabat | Turkmen
Tuvalu | Funafuti |
Uganda | Kampala | Ugandan
Ukraine | Kyiv/Kiev | Ukrainian
United Arab Emirates/UAE/Emirates | Abu Dhabi | Emirati
United Kingdom/UK/U.K/Britain/Great Britain | London | British
United States/United States of America/US/U.S/USA/U.S.A/America | Washington | American
Uruguay | Montevideo | Uruguayan
Uzbekistan | Tashkent | Uzbek
Vanuatu | Port Vila |
Vatican/Holy See | Vatican City |
Venezuela | Caracas | Venezuelan
Vietnam/Viet Nam | Hanoi | Vietnamese
Yemen | Sanaa/Sana'a | Yemeni
Zambia | Lusaka | Zambian
Zimbabwe | Harare | Zimbabwean
"""
# Left out on purpose: capitals that are common first names (Sofia, Victoria) and Brussels,
# which as a speaker is the European Union far more often than Belgium (`cues` lists it).

# Groups of states that speak as one ("the West"), and their adjectives, used like a demonym
# ("Western powers", "Arab states").
_BLOCS = "West"
_BLOC_ADJECTIVES = "Western/Arab/European/Gulf/Nordic/Baltic/Balkan/African/Latin American/Asian"


def _names(column: int) -> frozenset[str]:
    rows = [line.split("|") for line in _STATES.strip().splitlines()]
    return frozenset(
        name.strip() for row in rows for name in row[column].split("/") if name.strip()
    )


COUNTRIES: frozenset[str] = _names(0) | frozenset(_BLOCS.split("/"))
CAPITALS: frozenset[str] = _names(1)
DEMONYMS: frozenset[str] = _names(2) | frozenset(_BLOC_ADJECTIVES.split("/"))
