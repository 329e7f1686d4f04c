"""Languages as codes and as names: what a document's language is filed under, and shown as.

A page says its language in many ways ("fr", "fra", "fre", "fr-CA", "pt_PT",
"de-1996", ISO 639-3's "arb" or "pes" for the individual language of a
macrolanguage); the language facet files each under one code, ISO 639-1 where the
language has one ("fr", "ar", "fa") and ISO 639-3 otherwise, and shows it by its
English name ("French"). A user may select it by any of those codes or by name.
"""
from __future__ import annotations

import re

import pycountry

# ISO 639-3 individual languages that pages name where the macrolanguage's code is meant:
# Standard Arabic, Iranian and Dari Persian, Mandarin, Swahili, Pashto, Malay, Uzbek, Latvian.
_MACRO = {"arb": "ar", "pes": "fa", "prs": "fa", "cmn": "zh", "swh": "sw", "pbu": "ps", "pbt": "ps",
          "zsm": "ms", "uzn": "uz", "lvs": "lv", "ekk": "et", "nob": "no", "nno": "no", "nb": "no", "nn": "no"}
# Names pycountry gives in a form users do not search by.
_NAMES = {"sw": "Swahili", "ps": "Pashto", "el": "Greek", "no": "Norwegian", "ms": "Malay",
          "ne": "Nepali", "fa": "Persian", "zh": "Chinese"}
# Codes filed as themselves that most pages give: answered without pycountry's table of
# languages, which takes a build process that writes only English pages (an update of a few
# files, say) about 0.05 CPU s to load.
_COMMON = frozenset(("en",))
# Scripts written right to left, by the languages that use them.
RIGHT_TO_LEFT = frozenset(("ar", "fa", "ps", "ur", "he", "yi", "ku", "sd", "ug", "dv", "ckb"))


def language_code(value: str | None) -> str | None:
    """The code a language tag or code is filed under ("fr-CA" and "fre" as "fr", "arb" as
    "ar", "gsw" as itself), or None when it is no language code."""
    if not value:
        return None
    code = re.split(r"[-_\s]", value.strip())[0].lower()
    if not re.fullmatch(r"[a-z]{2,3}", code):
        return None
    code = _MACRO.get(code, code)
    if code in _COMMON:
        return code
    if len(code) == 2:
        return code if pycountry.languages.get(alpha_2=code) else None
    found = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
    if found is None:
        return None
    return getattr(found, "alpha_2", None) or code


def language_name(code: str) -> str:
    """The English name of a filed language code ("French" for "fr"), or the code itself."""
    if code in _NAMES:
        return _NAMES[code]
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return re.sub(r"\s*\(.*\)$", "", found.name) if found else code


def lookup_language(value: str) -> str | None:
    """The filed code of a language given by code or by English name ("French", "fra", "fr")."""
    code = language_code(value)
    if code is not None:
        return code
    name = value.strip().lower()
    for code, known in _NAMES.items():
        if known.lower() == name:
            return code
    try:
        found = pycountry.languages.lookup(value.strip())
    except LookupError:
        return None
    return getattr(found, "alpha_2", None) or found.alpha_3


def right_to_left(code: str | None) -> bool:
    """Whether text in the language ``code`` is written right to left."""
    return language_code(code) in RIGHT_TO_LEFT if code else False


def direction(code: str | None) -> str:
    """The ``dir`` of text in the language ``code``: "rtl" or "ltr"."""
    return "rtl" if right_to_left(code) else "ltr"
