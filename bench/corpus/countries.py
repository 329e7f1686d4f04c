"""Country names as report titles print them, and their demonyms, for generated documents.

The tier table names countries the ISO way ("Korea, Republic of"); report
titles use the short form ("South Korea"). Demonyms follow a few English
suffix rules with a table of exceptions; a country with no safe rule has
none, and the text says "<country> national" instead.
"""
from __future__ import annotations

# ISO-style names in the tier table -> the name a report title uses.
TITLE_NAMES = {
    "Bolivia, Plurinational State of": "Bolivia",
    "Congo, the Democratic Republic of the": "Democratic Republic of the Congo",
    "Iran, Islamic Republic of": "Iran",
    "Korea, Democratic People's Republic of": "North Korea",
    "Korea, Republic of": "South Korea",
    "Macedonia, the former Yugoslav Republic of": "Macedonia",
    "Micronesia, Federated States of": "Micronesia",
    "Moldova, Republic of": "Moldova",
    "Taiwan, Province of China": "Taiwan",
    "Tanzania, United Republic of": "Tanzania",
    "Venezuela, Bolivarian Republic of": "Venezuela",
    "Lao People's Democratic Republic": "Laos",
    "Syrian Arab Republic": "Syria",
    "Russian Federation": "Russia",
    "Viet Nam": "Vietnam",
    "Brunei Darussalam": "Brunei",
    "Sint Maarten (Dutch part)": "Sint Maarten",
}

DEMONYMS = {
    "Afghanistan": "Afghan", "Bangladesh": "Bangladeshi", "Belarus": "Belarusian",
    "Burkina Faso": "Burkinabe", "Burma": "Burmese", "Myanmar": "Burmese",
    "Cameroon": "Cameroonian", "Chad": "Chadian", "China": "Chinese",
    "Republic of the Congo": "Congolese", "Congo": "Congolese",
    "Democratic Republic of the Congo": "Congolese", "Cote d'Ivoire": "Ivoirian",
    "Egypt": "Egyptian", "El Salvador": "Salvadoran", "Ghana": "Ghanaian",
    "Guatemala": "Guatemalan", "Guinea": "Guinean", "Haiti": "Haitian",
    "Honduras": "Honduran", "Iran": "Iranian", "Iraq": "Iraqi", "Libya": "Libyan",
    "Nicaragua": "Nicaraguan", "Niger": "Nigerien", "North Korea": "North Korean",
    "South Korea": "South Korean", "Pakistan": "Pakistani", "Russia": "Russian",
    "Senegal": "Senegalese", "Somalia": "Somali", "South Sudan": "South Sudanese",
    "Sri Lanka": "Sri Lankan", "Sudan": "Sudanese", "Syria": "Syrian",
    "Turkey": "Turkish", "Ukraine": "Ukrainian", "Venezuela": "Venezuelan",
    "Vietnam": "Vietnamese", "Yemen": "Yemeni", "Mali": "Malian", "Nigeria": "Nigerian",
    "France": "French", "Germany": "German", "Spain": "Spanish", "Poland": "Polish",
    "Netherlands": "Dutch", "Switzerland": "Swiss", "Sweden": "Swedish",
    "Denmark": "Danish", "Finland": "Finnish", "Ireland": "Irish", "Iceland": "Icelandic",
    "Portugal": "Portuguese", "Japan": "Japanese", "Thailand": "Thai",
    "Philippines": "Filipino", "Israel": "Israeli", "Kuwait": "Kuwaiti", "Oman": "Omani",
    "Qatar": "Qatari", "Bahrain": "Bahraini", "Saudi Arabia": "Saudi",
    "United Arab Emirates": "Emirati", "United Kingdom": "British", "Greece": "Greek",
    "Cyprus": "Cypriot", "Malta": "Maltese", "Lebanon": "Lebanese", "Togo": "Togolese",
    "Benin": "Beninese", "Gabon": "Gabonese", "Sierra Leone": "Sierra Leonean",
    "Nepal": "Nepali", "Bhutan": "Bhutanese", "Laos": "Lao", "Cuba": "Cuban",
    "Peru": "Peruvian", "Chile": "Chilean", "Mexico": "Mexican", "Brazil": "Brazilian",
    "Kenya": "Kenyan", "Uganda": "Ugandan", "Rwanda": "Rwandan", "Burundi": "Burundian",
    "Eritrea": "Eritrean", "Ethiopia": "Ethiopian", "Djibouti": "Djiboutian",
    "Morocco": "Moroccan", "Algeria": "Algerian", "Tunisia": "Tunisian",
    "Mauritania": "Mauritanian", "Gambia": "Gambian", "Liberia": "Liberian",
    "Colombia": "Colombian", "Ecuador": "Ecuadorian", "Bolivia": "Bolivian",
    "Argentina": "Argentine", "Uruguay": "Uruguayan", "Paraguay": "Paraguayan",
    "India": "Indian", "Indonesia": "Indonesian", "Malaysia": "Malaysian",
    "Cambodia": "Cambodian", "Mongolia": "Mongolian", "Kazakhstan": "Kazakhstani",
    "Uzbekistan": "Uzbek", "Tajikistan": "Tajik", "Turkmenistan": "Turkmen",
    "Kyrgyzstan": "Kyrgyz", "Azerbaijan": "Azerbaijani", "Armenia": "Armenian",
    "Georgia": "Georgian", "Albania": "Albanian", "Serbia": "Serbian", "Kosovo": "Kosovar",
    "Jordan": "Jordanian", "Angola": "Angolan", "Zambia": "Zambian", "Zimbabwe": "Zimbabwean",
    "Mozambique": "Mozambican", "Malawi": "Malawian", "Tanzania": "Tanzanian",
    "Madagascar": "Malagasy", "Namibia": "Namibian", "Botswana": "Motswana",
    "South Africa": "South African", "Jamaica": "Jamaican", "Panama": "Panamanian",
    "Costa Rica": "Costa Rican", "Dominican Republic": "Dominican",
}


def title_name(table_name: str) -> str:
    """The name a report title uses for a country named in the tier table."""
    return TITLE_NAMES.get(table_name, table_name)


def demonym(name: str) -> str | None:
    """The adjective for a country's people, or None when no rule applies safely."""
    if name in DEMONYMS:
        return DEMONYMS[name]
    if " " in name or "-" in name:
        return None
    if name.endswith("ia"):
        return name + "n"                 # Croatia -> Croatian
    if name.endswith("a"):
        return name + "n"                 # Cuba -> Cuban
    if name.endswith(("i", "o")):
        return name + "an"                # Malawi -> Malawian
    return None
