"""When two web addresses name the same document, whatever way each was written.

A document is indexed under ``refworld_urls.address_key`` of the address it
was saved from (no scheme, no ``www.``, no fragment, no trailing slash, lower
case). A cited address may differ from it in more than that: it may be a
web-archive capture of the address, carry tracking parameters that a link
picked up on its way (``utm_source``, ``fbclid``), name the folder's default
page (``/index.html``) or not, or come from a mirror (another host serving
the same path). ``lookup_keys`` gives the indexed forms worth asking for;
``canonical`` is what two addresses of the same document share, parameters
that identify the document (Refworld's ``docid``, any ``id``) kept.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from .refworld_urls import address_key

# Query parameters that say how a link was followed, never which document it names:
# campaign tags (Google Analytics' utm_*), and the click ids that Facebook, Google,
# Microsoft, Mailchimp, Instagram and Yandex add to shared links.
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid",
    "igshid", "yclid", "_ga", "_gl", "ref_src", "ref_url"})
TRACKING_PREFIXES = ("utm_",)
# The page a web server answers for a folder's own address.
DEFAULT_PAGES = ("index.html", "index.htm", "index.php", "index.asp", "default.htm",
                 "default.html", "default.asp", "default.aspx")
# A web-archive capture: ".../<14-digit timestamp><flags>/<address>" (the Wayback
# Machine, UNHCR's web archive and other Wayback-style archives).
_CAPTURE_RE = re.compile(r"/(?:web/)?\d{8,14}(?:[a-z]{2}_)?/+((?:https?:/+)?[^/\s]+\.[^/\s]+.*)$", re.I)
# Host prefixes of the same site: "www.", "www2.", mobile "m.".
_HOST_PREFIX_RE = re.compile(r"^(?:www\d?\.|m\.)")


def unwrapped(url: str) -> str:
    """The address a web-archive capture holds, else ``url`` itself."""
    text = url.strip()
    parts = urlsplit(text if "://" in text[:10] else "https://" + text)
    match = _CAPTURE_RE.search(parts.path + (f"?{parts.query}" if parts.query else ""))
    if not match:
        return text
    inner = re.sub(r"^(https?):/+", r"\1://", match.group(1), flags=re.I)
    return inner


def _split(url: str) -> tuple[str, str, list[tuple[str, str]]]:
    """(host, path, query parameters) of ``url``, lower case, the host without ``www.``."""
    key = address_key(unwrapped(url))
    parts = urlsplit("https://" + key)
    host = _HOST_PREFIX_RE.sub("", parts.netloc)
    return host, parts.path, parse_qsl(parts.query, keep_blank_values=True)


def _identifying(parameters: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in parameters
            if name not in TRACKING_PARAMETERS and not name.startswith(TRACKING_PREFIXES)]


def _folder(path: str) -> str:
    """``path`` without a default page at its end and without a trailing slash."""
    head, _, last = path.rstrip("/").rpartition("/")
    return head if last in DEFAULT_PAGES else path.rstrip("/")


def canonical(url: str) -> str:
    """What every address of one document shares: host (no ``www.``), folder path and the
    identifying parameters in a fixed order."""
    host, path, parameters = _split(url)
    query = urlencode(sorted(_identifying(parameters)))
    return host + _folder(path) + (f"?{query}" if query else "")


def canonical_path(url: str) -> str:
    """``canonical`` without the host: what a mirror of the same site serves it under."""
    host = _split(url)[0]
    return canonical(url)[len(host):]


def lookup_keys(url: str) -> tuple[str, ...]:
    """The ``address_key`` forms under which a document saved from ``url`` (or the same
    address written another way) may be indexed, the form as written first."""
    host, path, parameters = _split(url)
    kept = _identifying(parameters)
    queries = [f"?{q}" if q else "" for q in
               dict.fromkeys([urlencode(parameters), urlencode(kept), urlencode(sorted(kept))])]
    folder = _folder(path)
    keys = [address_key(unwrapped(url))]
    keys += [host + p + q for p in dict.fromkeys([path.rstrip("/"), folder]) for q in queries]
    if "." not in folder.rpartition("/")[2]:
        # A folder's address: the page saved may have been its default page by name.
        keys += [f"{host}{folder}/{page}{queries[-1]}" for page in DEFAULT_PAGES]
    return tuple(dict.fromkeys(keys))


def bare_key(url: str) -> str:
    """``url``'s host and folder path without any parameters: indexed addresses that begin
    with it followed by "?" may be the same address with other parameters."""
    host, path, _ = _split(url)
    return host + _folder(path)
