"""From a saved HTML page to its head metadata, labelled fields and readable text.

The markup of Refworld document pages varies (and the new site's is not
known), so nothing here depends on particular element names: label/value
pairs are read from table rows, definition lists and labelled divs/spans;
furniture is recognised by element (nav, header, footer, form, script...)
and by class/id words (cookie, consent, menu, breadcrumb...). What is left
becomes plain text with a blank line between blocks, which then goes
through the same text cleaning as a text dump.

The pipeline, each step a function: ``check_depth`` (before any tree is
built) -> ``BeautifulSoup(lxml)`` -> ``head_metadata`` -> ``take_label_pairs``
-> ``remove_furniture`` -> ``take_heading_title`` -> ``to_text``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from lxml import etree

from .. import config
from .cleaning import label_key
from .decoding import Unreadable

# Characters handed to the depth gauge at a time, so it can stop early on a huge page.
_FEED_CHARS = 65536
_FURNITURE_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer",
                   "form", "aside", "iframe", "button", "select", "input", "textarea", "head",
                   "object", "embed", "canvas", "menu", "dialog")
_FURNITURE_WORDS = re.compile(
    r"^(cookies?|cookie[-_].*|.*[-_]cookies?|.*consent.*|banner|.*[-_]banner|menu|.*[-_]menu|menu[-_].*|"
    r"nav|navbar|navigation|.*[-_]nav|nav[-_].*|breadcrumbs?|sidebar|share|sharing|social.*|"
    r"site[-_]header|site[-_]footer|page[-_]header|page[-_]footer|skip[-_]link|toolbar|"
    r"visually[-_]hidden|sr[-_]only|print[-_]only|antibot)$", re.I)
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog"}
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
           "ul", "ol", "dl", "dt", "dd", "table", "tr", "blockquote", "pre", "address",
           "figure", "figcaption", "body", "center", "details", "summary", "hr", "fieldset"}
_TITLE_SUFFIX_RE = re.compile(r"\s*[|\u2013\u2014-]\s*(Refworld|UNHCR Refworld|refworld\.org)\s*$", re.I)
_TITLE_PREFIX_RE = re.compile(r"^\s*(Refworld|UNHCR Refworld|refworld\.org)\s*[|\u2013\u2014-]\s*", re.I)


@dataclass
class HtmlParts:
    """What an HTML page yields before the text cleaning and metadata extraction."""

    text: str
    labels: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    heading_title: str | None = None


class _DepthGauge:
    """An lxml parser target that only counts open elements, and stops at the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.depth = 0
        self.deepest = 0

    def start(self, tag, attrib) -> None:
        self.depth += 1
        if self.depth > self.deepest:
            self.deepest = self.depth
            if self.depth > self.limit:
                raise Unreadable(f"pathological HTML: elements nested more than {self.limit} deep")

    def end(self, tag) -> None:
        self.depth -= 1

    def close(self) -> int:
        return self.deepest


def check_depth(html: str, max_depth: int = config.MAX_HTML_DEPTH) -> int:
    """The deepest element nesting of the page; raises ``Unreadable`` beyond ``max_depth``.

    Runs libxml2's HTML parser (the one BeautifulSoup's lxml builder uses, so
    omitted end tags nest exactly as they will in the tree) with a target
    that keeps no tree, and stops at the first element past the limit: a
    pathological page costs a few milliseconds and never reaches
    BeautifulSoup.
    """
    parser = etree.HTMLParser(target=_DepthGauge(max_depth))
    for start in range(0, len(html), _FEED_CHARS):
        parser.feed(html[start:start + _FEED_CHARS])
    return parser.close()


def strip_title_suffix(title: str) -> str:
    """"Mali | Refworld" (new site) and "Refworld | Mali" (old site) -> "Mali"."""
    return _TITLE_PREFIX_RE.sub("", _TITLE_SUFFIX_RE.sub("", title)).strip()


def head_metadata(soup: BeautifulSoup) -> dict[str, str]:
    """``<meta>`` name/property contents, the canonical link, ``<title>`` and ``<html lang>``."""
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        content = tag.get("content")
        if key and content and content.strip():
            meta.setdefault(key, " ".join(content.split()))
    for link in soup.find_all("link", href=True):
        rel = [r.lower() for r in (link.get("rel") or [])]
        if "canonical" in rel:
            meta.setdefault("canonical", link["href"].strip())
    if soup.title and soup.title.get_text(strip=True):
        meta.setdefault("title", " ".join(soup.title.get_text().split()))
    html = soup.find("html")
    if html is not None and html.get("lang"):
        meta.setdefault("html-lang", html["lang"].strip())
    return meta


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _value_text(tag: Tag) -> str:
    """A field's value; a list of items ("<div>Mali</div><div>Niger</div>") joined with "; "."""
    items = [child for child in tag.children if isinstance(child, Tag)]
    loose = "".join(str(child) for child in tag.children if isinstance(child, NavigableString)).strip()
    if len(items) >= 2 and not loose and all(item.name in _BLOCKS or item.name == "a" for item in items):
        return "; ".join(text for text in (_text(item) for item in items) if text)
    return _text(tag)


def _outermost(tags: list[Tag]) -> list[Tag]:
    """The tags not inside another of ``tags`` (removing those removes them all)."""
    marked = {id(tag) for tag in tags}
    return [tag for tag in tags if not any(id(parent) in marked for parent in tag.parents)]


def _drop(tags: list[Tag]) -> None:
    for tag in _outermost(tags):
        tag.decompose()


def take_label_pairs(soup: BeautifulSoup) -> dict[str, str]:
    """Remove and return the document's label/value pairs, whatever markup holds them.

    Only known labels (``cleaning.label_key``) are taken, so a data table in
    the body stays in the body.
    """
    labels: dict[str, str] = {}
    taken: list[Tag] = []

    def keep(label_text: str, value: str) -> bool:
        key = label_key(label_text)
        if key and value:
            labels.setdefault(key, value)
            return True
        return False

    def inside_taken(tag: Tag) -> bool:
        marked = {id(t) for t in taken}
        return id(tag) in marked or any(id(parent) in marked for parent in tag.parents)

    for row in soup.find_all("tr"):
        cells = row.find_all(["th", "td"], recursive=False)
        if len(cells) == 2 and keep(_text(cells[0]), _value_text(cells[1])):
            taken.append(row)
    for term in soup.find_all("dt"):
        value = term.find_next_sibling("dd")
        if value is not None and keep(_text(term), _value_text(value)):
            taken += [term, value]
    for element in soup.find_all(["span", "div", "strong", "b", "label", "th", "em"]):
        if len(element.contents) > 3:
            continue  # a container, not a label
        label = _text(element)
        if len(label) > 40 or not label_key(label) or inside_taken(element):
            continue
        value_tag = element.find_next_sibling()
        holder = element.parent
        if value_tag is not None:
            value = _value_text(value_tag)
        elif label.endswith(":") and holder is not None and _text(holder).startswith(label):
            value = _text(holder)[len(label):].strip()  # "<p><b>Publisher:</b> Human Rights Watch</p>"
        else:
            continue
        if holder is None or holder.name in ("body", "main", "html", "[document]"):
            continue
        if len(_text(holder)) > len(label) + len(value) + 3 + 2 * value.count(";"):
            continue  # the label sits in running text, not in a field of its own
        if keep(label, value):
            taken.append(holder)
    _drop(taken)
    return labels


def _is_furniture(tag: Tag) -> bool:
    if tag.name in ("header", "footer"):
        # The site's header and footer go; an article's own header (title, date) stays.
        return not any(parent.name in ("article", "main") for parent in tag.parents)
    if tag.name in _FURNITURE_TAGS:
        return True
    words = list(tag.get("class") or []) + ([tag["id"]] if tag.get("id") else [])
    if any(_FURNITURE_WORDS.match(w) for w in words):
        return True
    if (tag.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    return tag.get("aria-hidden") == "true" or tag.has_attr("hidden")


def remove_furniture(soup: BeautifulSoup) -> None:
    """Drop navigation, scripts, styles, banners, menus, header, footer and forms."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    _drop([tag for tag in soup.find_all(True)
           if tag.name not in ("html", "body", "main") and _is_furniture(tag)])


def take_heading_title(root: Tag) -> str | None:
    """The first ``<h1>``'s text, removed from the body (the title is a field, not body)."""
    heading = root.find("h1")
    if heading is None:
        return None
    title = _text(heading)
    heading.decompose()
    return title or None


def to_text(root: Tag) -> str:
    """Readable text: one line per block, a blank line between paragraphs."""
    preformatted = {id(s) for pre in root.find_all("pre") for s in pre.find_all(string=True)}
    for string in list(root.find_all(string=True)):
        if id(string) not in preformatted:
            collapsed = re.sub(r"\s+", " ", str(string))
            if collapsed != str(string):
                string.replace_with(NavigableString(collapsed))
    for br in root.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for cell in root.find_all(["td", "th"]):
        cell.insert_after(NavigableString(" \t "))
    for tag in root.find_all(_BLOCKS):
        tag.insert_before(NavigableString("\n\n"))
        tag.insert_after(NavigableString("\n\n"))
    text = root.get_text()
    lines = [" ".join(line.replace("\t", " ").split()) for line in text.split("\n")]
    return "\n".join(lines)


_LAST_UPDATED_RE = re.compile(r"Last Updated\s*:\s*([^\n]{4,60}?)\s*(?:\n|$)", re.I)


def find_last_updated(soup: BeautifulSoup) -> str | None:
    """The "Last Updated: ..." value wherever the page prints it (often outside the main column)."""
    found = soup.body.find(string=re.compile(r"Last Updated\s*:", re.I)) if soup.body else None
    if found is None:
        return None
    match = _LAST_UPDATED_RE.search(str(found))
    if match is None and found.parent is not None:  # the value in a sibling element
        match = _LAST_UPDATED_RE.search(" ".join(found.parent.get_text(" ").split()))
    return match.group(1).strip() if match else None


def body_root(soup: BeautifulSoup) -> Tag:
    """The element holding the document: ``<main>``/``<article>`` when present, else ``<body>``."""
    for candidate in (soup.find("main"), soup.find(attrs={"role": "main"}), soup.find("article")):
        if candidate is not None and _text(candidate):
            return candidate
    return soup.body


def parse_html(html: str) -> HtmlParts:
    """Split an HTML page into head metadata, labelled fields and body text."""
    check_depth(html)
    soup = BeautifulSoup(html, "lxml")
    meta = head_metadata(soup)
    if soup.body is None:
        raise Unreadable("HTML without a body: the page has no <body> content to read")
    labels = take_label_pairs(soup)
    last_updated = find_last_updated(soup)
    if last_updated:
        labels.setdefault("last_updated", last_updated)
    remove_furniture(soup)
    if soup.body is None or not soup.body.get_text(strip=True):
        raise Unreadable("HTML without a body: the page has no visible text")
    root = body_root(soup)
    heading = take_heading_title(root) or take_heading_title(soup.body)
    return HtmlParts(text=to_text(root), labels=labels, meta=meta, heading_title=heading)
