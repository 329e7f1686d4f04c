"""Which reading of a legacy single-byte file is right: the one whose letters one language writes.

ISO-8859-2, ISO-8859-9, Windows-1254 and their neighbours put different
letters at the same bytes, and charset-normalizer often finds several of
them equally free of noise: Polish read as ISO-8859-14 holds no odd symbol,
only the wrong letters ("ludỳmi" for "ludźmi"), and Turkish read as
Windows-1252 turns "ı", "ş" and "ğ" into the Icelandic "ý", "þ" and "ð"
beside its own "ü" and "ç". The right reading's accented letters belong to
one language's alphabet; a wrong one's are a mixture no language writes.
So each reading is scored by the share of its accented Latin letters that
the best-fitting alphabet holds. Letters of other scripts are left to
charset-normalizer, whose checks tell Cyrillic, Greek, Thai or CJK readings
apart well; they count as fitting here.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Letters beyond ASCII of the Latin-script languages that legacy code pages were made for
# (lower case; the capitals are added below).
_LOWER = {
    "Albanian": "çë",
    "Catalan": "àçéèíïòóúü",
    "Croatian, Bosnian, Serbian": "čćđšž",
    "Czech": "áčďéěíňóřšťúůýž",
    "Danish, Norwegian": "åæøéèêóòô",
    "Dutch": "áäéëíïóöúü",
    "Esperanto": "ĉĝĥĵŝŭ",
    "Estonian": "äõöüšž",
    "Finnish": "åäöšž",
    "French": "àâæçéèêëîïôœùûüÿ",
    "German": "äöüß",
    "Hungarian": "áéíóöőúüű",
    "Icelandic": "áðéíóúýþæö",
    "Italian": "àèéìíîòóùú",
    "Latvian": "āčēģīķļņšūž",
    "Lithuanian": "ąčęėįšųūž",
    "Maltese": "àċèġħìòùż",
    "Polish": "ąćęłńóśźż",
    "Portuguese": "áâãàçéêíóôõú",
    "Romanian": "ăâîșțşţ",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Spanish": "áéíñóúü",
    "Swedish": "åäöé",
    "Turkish": "âçğıîöşûü",
    "Welsh": "âêîôûŵŷáéíóúàèìòùäëïöüÿ",
}
# The code pages of those languages, each tried on a Latin-script file that is not UTF-8.
LATIN_CODE_PAGES = ("cp1252", "cp1250", "cp1254", "cp1257", "iso8859_2", "iso8859_13", "iso8859_15",
                    "iso8859_16")
_EXTRA_CAPITALS = {"Turkish": "İ"}  # the dotted capital I, which "i".upper() does not give


def _with_capitals(language: str, letters: str) -> frozenset[str]:
    capitals = {ch.upper() for ch in letters if len(ch.upper()) == 1}
    return frozenset(letters) | capitals | frozenset(_EXTRA_CAPITALS.get(language, ""))


ALPHABETS: dict[str, frozenset[str]] = {name: _with_capitals(name, letters)
                                        for name, letters in _LOWER.items()}


def alphabet_fit(text: str) -> float:
    """How well ``text`` reads as written in one language: 1.0 at best, 0.0 at worst.

    The share of its accented Latin letters that the best-fitting alphabet
    holds, counting as misfits the signs a wrong reading puts inside words
    ("lud¥mi", "³lkede"); letters of other scripts count as fitting.
    """
    counts = Counter(text)
    latin: dict[str, int] = {}
    others = 0
    signs = []
    for ch, n in counts.items():
        if ord(ch) < 128:
            continue
        if _is_sign(ch):
            signs.append(ch)
        elif ch.isalpha():
            if unicodedata.name(ch, "").startswith("LATIN "):
                latin[ch] = n
            else:
                others += n
    misfits = 0
    if signs:
        sign = "[" + re.escape("".join(signs)) + "]"
        misfits = len(re.findall(rf"(?<=[^\W\d_]){sign}|{sign}(?=[^\W\d_])", text))
    total = sum(latin.values()) + others + misfits
    if not total:
        return 1.0
    held = max(sum(n for ch, n in latin.items() if ch in alphabet) for alphabet in ALPHABETS.values())
    return (held + others) / total


def _is_sign(ch: str) -> bool:
    """A symbol, a number sign such as "³", a control, a combining accent (U+0300 to U+036F,
    which Windows-1258 gives), or a letter-like sign of Latin-1 ("º", "µ"): inside a word of a
    Latin-script text, each is a byte read wrong. (The vowel signs of Thai or Hindi are marks
    too, but of their own scripts' blocks.)"""
    category = unicodedata.category(ch)
    if category[0] in "SN" or category == "Cc" or 0x300 <= ord(ch) < 0x370:
        return True
    return category[0] == "L" and ord(ch) < 0x370 and not unicodedata.name(ch, "").startswith("LATIN ")


def is_latin_text(text: str) -> bool:
    """Does ``text`` hold at least as many accented Latin letters as letters of other scripts?"""
    latin = others = 0
    for ch, n in Counter(text).items():
        if ord(ch) > 127 and ch.isalpha():
            if unicodedata.name(ch, "").startswith("LATIN "):
                latin += n
            else:
                others += n
    return latin >= others
