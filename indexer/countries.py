"""Country names, aliases, demonyms and ISO codes, resolved to one ``Country`` each.

Documents and users name countries in many ways: ISO names ("Korea,
Republic of"), everyday names ("South Korea"), old names ("Burma",
"Swaziland"), squashed spreadsheet spellings ("CentralAfRep") and demonyms
("Malian"). Every spelling is normalised (case, diacritics, apostrophes,
punctuation) and looked up in tables built once at import, so ``lookup``
is a single dictionary access and can run for every query word.

Display policy: pycountry's common name, else its name, except where
``DISPLAY_NAMES`` gives the short name users expect ("Russia", "Myanmar").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from . import config


@dataclass(frozen=True)
class Country:
    """A country named by a document: display name and ISO 3166-1 alpha-3 code."""

    name: str
    code: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "code": self.code}


# Short names shown to users where pycountry's name is formal or disputed.
DISPLAY_NAMES = {
    "BOL": "Bolivia", "BRN": "Brunei", "CIV": "Côte d'Ivoire", "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo", "CPV": "Cabo Verde", "CZE": "Czechia", "FSM": "Micronesia",
    "GBR": "United Kingdom", "IRN": "Iran", "KOR": "South Korea", "LAO": "Laos", "MDA": "Moldova",
    "MKD": "North Macedonia", "MMR": "Myanmar", "PRK": "North Korea", "PSE": "Palestine",
    "RUS": "Russia", "SWZ": "Eswatini", "SYR": "Syria", "TUR": "Turkey", "TWN": "Taiwan",
    "TZA": "Tanzania", "USA": "United States", "VAT": "Vatican City", "VEN": "Venezuela",
    "VNM": "Vietnam", "XKX": "Kosovo", "FLK": "Falkland Islands", "VGB": "British Virgin Islands",
    "SXM": "Sint Maarten", "GMB": "Gambia", "BHS": "Bahamas",
}

# Codes that some sources use instead of the ISO code (Kosovo has no ISO code; XKX is customary).
CODE_ALIASES = {"KOS": "XKX", "UNK": "XKX", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "BUR": "MMR"}

# Other spellings, by ISO alpha-3 code: everyday, formal and former names.
ALIASES: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghanistan",),
    "ARE": ("UAE", "Emirates"),
    "ATG": ("Antigua", "Antigua & Barbuda"),
    "BFA": ("Upper Volta",),
    "BHS": ("The Bahamas", "Bahamas"),
    "BIH": ("Bosnia", "Bosnia-Herzegovina", "Bosnia & Herzegovina"),
    "BOL": ("Bolivia", "Bolivia, Plurinational State of"),
    "BRN": ("Brunei", "Brunei Darussalam"),
    "CIV": ("Cote D'Ivoire", "Cote d'Ivoire", "Ivory Coast"),
    "COD": ("Democratic Republic of the Congo", "Democratic Republic of Congo", "DR Congo", "DRC",
            "Congo-Kinshasa", "Congo Kinshasa", "Congo, Democratic Republic",
            "Congo, Democratic Republic of the", "Congo, the Democratic Republic of the",
            "Congo (Kinshasa)", "Zaire", "Congo, Dem. Rep.", "Congo (DRC)"),
    "COG": ("Congo", "Republic of the Congo", "Republic of Congo", "Congo-Brazzaville",
            "Congo Brazzaville", "Congo (Brazzaville)", "Congo, Republic of", "Congo, Republic of the",
            "Congo, Rep.", "Congo Republic"),
    "CPV": ("Cape Verde", "Cabo Verde"),
    "CZE": ("Czech Republic", "Czechia"),
    "FSM": ("Micronesia", "Micronesia, Federated States of", "Federated States of Micronesia"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom",
            "United Kingdom of Great Britain and Northern Ireland"),
    "GMB": ("The Gambia", "Gambia", "Gambia, The"),
    "IRN": ("Iran", "Iran, Islamic Republic of", "Persia"),
    "KGZ": ("Kyrgyz Republic", "Kirghizia"),
    "KOR": ("South Korea", "Korea, Republic of", "Republic of Korea", "Korea, South"),
    "LAO": ("Laos", "Lao PDR", "Lao People's Democratic Republic", "Lao"),
    "LCA": ("St. Lucia", "St Lucia"),
    "MDA": ("Moldova", "Moldova, Republic of", "Republic of Moldova"),
    "MKD": ("Macedonia", "North Macedonia", "Macedonia, the former Yugoslav Republic of",
            "Former Yugoslav Republic of Macedonia", "FYROM", "Republic of North Macedonia"),
    "MMR": ("Burma", "Myanmar", "Myanmar (Burma)", "Burma (Myanmar)"),
    "PRK": ("North Korea", "DPRK", "Korea, Democratic People's Republic of",
            "Democratic People's Republic of Korea", "Korea, North", "Korea (North)"),
    "PSE": ("Palestine", "State of Palestine", "Palestinian Territories",
            "Occupied Palestinian Territory", "Palestine, State of"),
    "RUS": ("Russia", "Russian Federation"),
    "SLB": ("Solomon Is.",),
    "SVK": ("Slovak Republic",),
    "SWZ": ("Swaziland", "Eswatini", "Kingdom of Eswatini"),
    "SXM": ("Sint Maarten", "Sint Maarten (Dutch part)", "St. Maarten"),
    "SYR": ("Syria", "Syrian Arab Republic"),
    "TLS": ("East Timor", "Timor-Leste", "Timor Leste"),
    "TTO": ("Trinidad & Tobago",),
    "TUR": ("Turkey", "Türkiye", "Turkiye"),
    "TWN": ("Taiwan", "Taiwan, Province of China", "Republic of China"),
    "TZA": ("Tanzania", "Tanzania, United Republic of", "United Republic of Tanzania"),
    "USA": ("USA", "U.S.A.", "United States", "United States of America", "America"),
    "VAT": ("Vatican", "Vatican City", "Holy See", "Holy See (Vatican City State)"),
    "VCT": ("St. Vincent", "St. Vincent and the Grenadines", "Saint Vincent"),
    "VEN": ("Venezuela", "Venezuela, Bolivarian Republic of"),
    "VNM": ("Vietnam", "Viet Nam"),
    "XKX": ("Kosovo",),
    "LKA": ("Ceylon",),
    "HKG": ("Hong Kong", "Hong Kong SAR"),
    "MAC": ("Macau", "Macao"),
    "CUW": ("Curacao",),
}

# Squashed and misspelt names of data sources (the tier table): read, never offered as search words.
SPREADSHEET_SPELLINGS: dict[str, tuple[str, ...]] = {
    "ARE": ("UArabEmir",),
    "ATG": ("Antigua&Barbuda",),
    "BFA": ("BurkinaFaso",),
    "BIH": ("BosniaandHerz",),
    "CAF": ("CentralAfRep",),
    "CIV": ("Cote dIvoire",),
    "COD": ("Congo, DemRep (Zaire)",),
    "COG": ("Congo (Brazzaville; Rep)",),
    "CRI": ("CostaRica",),
    "CZE": ("CzechRep",),
    "DOM": ("DomRep",),
    "GNQ": ("EqGuinea",),
    "KGZ": ("KyrgyzRep",),
    "LCA": ("St.Lucia",),
    "MDG": ("Madagasgar",),
    "MHL": ("MarshallIs",),
    "NZL": ("NewZealand",),
    "PNG": ("PapuaNG",),
    "SAU": ("SaudiArabia",),
    "SLB": ("SolomanIs",),
    "SLE": ("SierraLeone",),
    "SLV": ("ElSalvador",),
    "SUR": ("Surinam",),
    "SVK": ("SlovakRep",),
    "TTO": ("Trin&Tobago",),
    "VCT": ("St.Vincent",),
    "VNM": ("VietNam",),
    "YEM": ("YemenAR",),
    "ZAF": ("SouthAfrica",),
    "LKA": ("SriLanka",),
}

# What people of a country are called, by ISO alpha-3 code (for query expansion).
DEMONYMS: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghan", "Afghans"), "AGO": ("Angolan",), "ALB": ("Albanian",), "ARE": ("Emirati",),
    "ARG": ("Argentine", "Argentinian"), "ARM": ("Armenian",), "AUS": ("Australian",),
    "AUT": ("Austrian",), "AZE": ("Azerbaijani", "Azeri"), "BDI": ("Burundian",),
    "BEL": ("Belgian",), "BEN": ("Beninese",), "BFA": ("Burkinabe", "Burkinabè"),
    "BGD": ("Bangladeshi",), "BGR": ("Bulgarian",), "BHR": ("Bahraini",), "BIH": ("Bosnian",),
    "BLR": ("Belarusian",), "BLZ": ("Belizean",), "BOL": ("Bolivian",), "BRA": ("Brazilian",),
    "BTN": ("Bhutanese",), "BWA": ("Motswana", "Batswana"), "CAF": ("Central African",),
    "CAN": ("Canadian",), "CHE": ("Swiss",), "CHL": ("Chilean",), "CHN": ("Chinese",),
    "CIV": ("Ivorian", "Ivoirian"), "CMR": ("Cameroonian",), "COD": ("Congolese",),
    "COG": ("Congolese",), "COL": ("Colombian",), "COM": ("Comoran", "Comorian"),
    "CPV": ("Cabo Verdean", "Cape Verdean"), "CRI": ("Costa Rican",), "CUB": ("Cuban",),
    "CYP": ("Cypriot",), "CZE": ("Czech",), "DEU": ("German",), "DJI": ("Djiboutian",),
    "DNK": ("Danish", "Dane"), "DOM": ("Dominican",), "DZA": ("Algerian",), "ECU": ("Ecuadorian",),
    "EGY": ("Egyptian",), "ERI": ("Eritrean",), "ESP": ("Spanish", "Spaniard"), "EST": ("Estonian",),
    "ETH": ("Ethiopian",), "FIN": ("Finnish", "Finn"), "FJI": ("Fijian",), "FRA": ("French",),
    "GAB": ("Gabonese",), "GBR": ("British",), "GEO": ("Georgian",), "GHA": ("Ghanaian",),
    "GIN": ("Guinean",), "GMB": ("Gambian",), "GNB": ("Bissau-Guinean",),
    "GNQ": ("Equatorial Guinean", "Equatoguinean"), "GRC": ("Greek",), "GTM": ("Guatemalan",),
    "GUY": ("Guyanese",), "HND": ("Honduran",), "HRV": ("Croatian", "Croat"), "HTI": ("Haitian",),
    "HUN": ("Hungarian",), "IDN": ("Indonesian",), "IND": ("Indian",), "IRL": ("Irish",),
    "IRN": ("Iranian",), "IRQ": ("Iraqi",), "ISR": ("Israeli",), "ITA": ("Italian",),
    "JAM": ("Jamaican",), "JOR": ("Jordanian",), "JPN": ("Japanese",), "KAZ": ("Kazakh", "Kazakhstani"),
    "KEN": ("Kenyan",), "KGZ": ("Kyrgyz",), "KHM": ("Cambodian",), "KOR": ("South Korean",),
    "KWT": ("Kuwaiti",), "LAO": ("Lao", "Laotian"), "LBN": ("Lebanese",), "LBR": ("Liberian",),
    "LBY": ("Libyan",), "LKA": ("Sri Lankan",), "LSO": ("Basotho", "Mosotho"), "LTU": ("Lithuanian",),
    "LVA": ("Latvian",), "MAR": ("Moroccan",), "MDA": ("Moldovan",), "MDG": ("Malagasy",),
    "MDV": ("Maldivian",), "MEX": ("Mexican",), "MKD": ("Macedonian",), "MLI": ("Malian",),
    "MMR": ("Burmese", "Myanmar national"), "MNE": ("Montenegrin",), "MNG": ("Mongolian",),
    "MOZ": ("Mozambican",), "MRT": ("Mauritanian",), "MUS": ("Mauritian",), "MWI": ("Malawian",),
    "MYS": ("Malaysian",), "NAM": ("Namibian",), "NER": ("Nigerien",), "NGA": ("Nigerian",),
    "NIC": ("Nicaraguan",), "NLD": ("Dutch",), "NOR": ("Norwegian",), "NPL": ("Nepali", "Nepalese"),
    "NZL": ("New Zealander",), "OMN": ("Omani",), "PAK": ("Pakistani",), "PAN": ("Panamanian",),
    "PER": ("Peruvian",), "PHL": ("Filipino", "Philippine"), "PNG": ("Papua New Guinean",),
    "POL": ("Polish", "Pole"), "PRK": ("North Korean",), "PRT": ("Portuguese",),
    "PRY": ("Paraguayan",), "PSE": ("Palestinian",), "QAT": ("Qatari",), "ROU": ("Romanian",),
    "RUS": ("Russian",), "RWA": ("Rwandan",), "SAU": ("Saudi", "Saudi Arabian"),
    "SDN": ("Sudanese",), "SEN": ("Senegalese",), "SGP": ("Singaporean",), "SLE": ("Sierra Leonean",),
    "SLV": ("Salvadoran", "Salvadorean"), "SOM": ("Somali",), "SRB": ("Serbian", "Serb"),
    "SSD": ("South Sudanese",), "SUR": ("Surinamese",), "SVK": ("Slovak",), "SVN": ("Slovenian",),
    "SWE": ("Swedish", "Swede"), "SWZ": ("Swazi", "Liswati"), "SYR": ("Syrian",),
    "TCD": ("Chadian",), "TGO": ("Togolese",), "THA": ("Thai",), "TJK": ("Tajik",),
    "TKM": ("Turkmen",), "TLS": ("Timorese",), "TTO": ("Trinidadian", "Tobagonian"),
    "TUN": ("Tunisian",), "TUR": ("Turkish",), "TWN": ("Taiwanese",), "TZA": ("Tanzanian",),
    "UGA": ("Ugandan",), "UKR": ("Ukrainian",), "URY": ("Uruguayan",), "USA": ("American",),
    "UZB": ("Uzbek",), "VEN": ("Venezuelan",), "VNM": ("Vietnamese",), "XKX": ("Kosovar", "Kosovan"),
    "YEM": ("Yemeni",), "ZAF": ("South African",), "ZMB": ("Zambian",), "ZWE": ("Zimbabwean",),
    "LUX": ("Luxembourgish", "Luxembourger"), "MLT": ("Maltese",), "BHS": ("Bahamian",),
    "BRB": ("Barbadian", "Bajan"), "KIR": ("I-Kiribati",), "ATG": ("Antiguan", "Barbudan"),
    "ISL": ("Icelandic", "Icelander"), "FSM": ("Micronesian",), "VCT": ("Vincentian",),
    "SLB": ("Solomon Islander",), "TON": ("Tongan",), "MHL": ("Marshallese",), "LCA": ("Saint Lucian",),
    "SYC": ("Seychellois",), "BRN": ("Bruneian",), "HKG": ("Hongkonger",), "MAC": ("Macanese",),
    "PLW": ("Palauan",), "ABW": ("Aruban",), "CUW": ("Curaçaoan",), "SXM": ("Sint Maartener",),
    "VAT": ("Vatican",),
}

# Demonyms two countries share, and the one ``lookup`` answers with (both list it as a search word).
SHARED_DEMONYMS = {"Congolese": "COG"}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Fold case, diacritics, apostrophes and punctuation so spellings compare equal."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^\w'&]+", " ", text)
    return " ".join(text.split())


def _build() -> tuple[dict[str, Country], dict[str, Country], dict[str, Country], dict[str, tuple[str, ...]]]:
    by_code: dict[str, Country] = {}
    names: dict[str, Country] = {}
    spellings: dict[str, list[str]] = {}
    for entry in pycountry.countries:
        code = entry.alpha_3
        display = DISPLAY_NAMES.get(code) or getattr(entry, "common_name", None) or entry.name
        by_code[code] = Country(display, code)
        spellings[code] = [display, entry.name] + [
            value for value in (getattr(entry, "common_name", None), getattr(entry, "official_name", None))
            if value]
    by_code["XKX"] = Country("Kosovo", "XKX")
    spellings["XKX"] = ["Kosovo"]
    for code, aliases in ALIASES.items():
        spellings.setdefault(code, [by_code[code].name]).extend(aliases)
    for code, words in spellings.items():
        for word in words:
            names.setdefault(normalise(word), by_code[code])
    # ISO names that the aliases deliberately reassign ("Congo" is the Republic of the Congo).
    for table in (ALIASES, SPREADSHEET_SPELLINGS):
        for code, aliases in table.items():
            for word in aliases:
                names[normalise(word)] = by_code[code]
    demonyms: dict[str, Country] = {}
    for code, forms in DEMONYMS.items():
        for word in forms:
            demonyms.setdefault(normalise(word), by_code[code])
    for word, code in SHARED_DEMONYMS.items():
        demonyms[normalise(word)] = by_code[code]
    terms = {code: tuple(dict.fromkeys(words + list(DEMONYMS.get(code, ())))) for code, words in spellings.items()}
    return by_code, names, demonyms, terms


_BY_CODE, _NAMES, _DEMONYMS, _TERMS = _build()
_ALPHA2 = {c.alpha_2: _BY_CODE[c.alpha_3] for c in pycountry.countries}
# Acronyms that are also words ("car") or too short to trust in running text: capitals only.
_ACRONYMS = {"UK": "GBR", "USA": "USA", "DRC": "COD", "DPRK": "PRK", "UAE": "ARE", "ROK": "KOR", "CAR": "CAF"}
# Names of four letters or more; shorter ones (UK, USA, DRC) count only in capitals (``_ACRONYMS``).
_TEXT_NAMES = sorted((name for name in _NAMES if len(name) >= 4), key=len, reverse=True)
_TEXT_RE = re.compile(r"\b(" + "|".join(re.escape(n) for n in _TEXT_NAMES) + r")\b")
_ACRONYM_RE = re.compile(r"\b(" + "|".join(_ACRONYMS) + r")\b")


def every_country() -> tuple[Country, ...]:
    """Every country known (ISO 3166-1 and Kosovo)."""
    return tuple(_BY_CODE.values())


def by_code(code: str) -> Country | None:
    """The country with this ISO 3166-1 alpha-3 (or alpha-2) code."""
    if not code:
        return None
    code = code.strip().upper()
    code = CODE_ALIASES.get(code, code)
    return _BY_CODE.get(code) or (_ALPHA2.get(code) if len(code) == 2 else None)


@lru_cache(maxsize=config.COUNTRY_LOOKUP_CACHE)
def lookup(name: str) -> Country | None:
    """The country a name, alias, demonym or ISO code stands for, or None.

    Names, aliases and demonyms match whatever their case and diacritics;
    ISO codes match when written in capitals ("MLI", "ML").
    """
    if not name or not name.strip():
        return None
    key = normalise(name)
    found = _NAMES.get(key) or _DEMONYMS.get(key)
    if found:
        return found
    if key.startswith("the "):
        found = _NAMES.get(key[4:])
        if found:
            return found
    if key.endswith("s") and key[:-1] in _DEMONYMS:  # "Malians", "Nigerians"
        return _DEMONYMS[key[:-1]]
    stripped = name.strip()
    if stripped in _ACRONYMS:
        return _BY_CODE[_ACRONYMS[stripped]]
    # Codes only in capitals, so query words like "in", "is" or "per" stay words.
    if re.fullmatch(r"[A-Z]{2,3}", stripped):
        return by_code(stripped)
    return None


def in_words(name: str) -> tuple[Country, bool] | None:
    """The country words of running text name, and whether they are a demonym ("Somali").

    Unlike ``lookup``, ISO codes do not count: in a free-text query "EU",
    "UN", "ID" or "IT" are words or acronyms, not countries; the acronyms of
    ``_ACRONYMS`` ("UK", "USA", "DRC") do, written in capitals.
    """
    if not name or not name.strip():
        return None
    key = normalise(name)
    found = _NAMES.get(key) or (_NAMES.get(key[4:]) if key.startswith("the ") else None)
    if found:
        return found, False
    demonym = by_demonym(name)
    if demonym:
        return demonym, True
    stripped = name.strip()
    if stripped in _ACRONYMS:
        return _BY_CODE[_ACRONYMS[stripped]], False
    return None


def by_demonym(word: str) -> Country | None:
    """The country whose people ``word`` names ("Malian", "Burmese"), or None."""
    key = normalise(word)
    return _DEMONYMS.get(key) or (_DEMONYMS.get(key[:-1]) if key.endswith("s") else None)


def search_terms(country: Country) -> tuple[str, ...]:
    """Display name, other names and demonyms: the words that mean this country."""
    terms = _TERMS.get(country.code, (country.name,))
    acronyms = tuple(short for short, code in _ACRONYMS.items() if code == country.code)
    return tuple(dict.fromkeys((country.name,) + terms + acronyms))


def demonyms(country: Country) -> tuple[str, ...]:
    """The words for the people of ``country`` ("Somali"), shared ones included."""
    own = DEMONYMS.get(country.code, ())
    shared = tuple(word for word, code in SHARED_DEMONYMS.items() if code == country.code)
    return tuple(dict.fromkeys(own + shared))


def countries_in(text: str) -> list[Country]:
    """Countries named in ``text`` (names and aliases, not demonyms), in order of first mention."""
    if not text:
        return []
    found: list[tuple[float, Country]] = []  # (where in the text, as a share of it; country)
    folded = normalise(text)
    for match in _TEXT_RE.finditer(folded):
        found.append((match.start() / max(len(folded), 1), _NAMES[match.group(1)]))
    for match in _ACRONYM_RE.finditer(text):
        found.append((match.start() / max(len(text), 1), _BY_CODE[_ACRONYMS[match.group(1)]]))
    found.sort(key=lambda pair: pair[0])
    return list(dict.fromkeys(country for _, country in found))
