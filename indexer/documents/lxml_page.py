"""``html_page``'s reading of a page, done on lxml's own tree: the same ``HtmlParts``, faster.

BeautifulSoup spends most of a page's reading time building a Python object
for every element and string, then walking them again for each ``find_all``.
lxml builds the same tree in C, with the same libxml2 parser (BeautifulSoup's
lxml builder feeds that parser too), and answers searches in C. Each step
below mirrors the step of ``html_page`` with the same name, rule for rule, so
that both give equal ``HtmlParts``; ``layouts.read_page`` decides which pages
come here and falls back to ``html_page`` for the rest.

Where the two trees differ, the difference is bridged:

- BeautifulSoup keeps the strings on either side of a removed element apart
  (a space between them in ``get_text(" ")``); lxml would join them into one
  tail. A removed element is therefore replaced by an empty comment, which
  keeps them apart and is never read as text.
- BeautifulSoup does not show the text inside ``script``, ``style``,
  ``template``, ``rt`` and ``rp`` as the text of an element around them; the
  text searches here leave it out the same way.
- A page with ruby annotations (``rt``/``rp``) or nested deeper than
  ``_DEEPEST`` is not read here (``None``): it goes to ``html_page``.
"""
from __future__ import annotations

import re
from itertools import islice

from lxml import etree

from .cleaning import label_key
from .furniture import Removal, note_removed
from .html_page import (
    _BLOCKS,
    _FURNITURE_ROLES,
    _FURNITURE_TAGS,
    _FURNITURE_WORDS,
    _HEADINGS,
    _LAST_UPDATED_RE,
    HtmlParts,
    add_meta,
)
from .jsonld import is_json_ld, jsonld_from_scripts

# Elements whose strings BeautifulSoup keeps in their own string types, out of an element's text.
_OWN_STRINGS = ("script", "style", "template", "rt", "rp")
# Nesting beyond this is left to html_page, which measures it and refuses pathological pages.
_DEEPEST = 128

_SHOWN_TEXT = etree.XPath(
    "descendant::text()[not(ancestor::script or ancestor::style or ancestor::template"
    " or ancestor::rt or ancestor::rp)]", smart_strings=False)
_STRINGS = etree.XPath("descendant::text() | descendant::comment()")
_ROLE_MAIN = etree.XPath("(//*[@role = 'main'])[1]")
# The elements that can be furniture (by name, or by an attribute ``_is_furniture`` reads): the rest never are.
_FURNITURE_CANDIDATES = etree.XPath(
    "//*[@class or @id or @role or @aria-hidden or @hidden or "
    + " or ".join(f"self::{name}" for name in (*_FURNITURE_TAGS, "header", "footer")) + "]")
_RUBY = etree.XPath("boolean(//rt | //rp)")
_TOO_DEEP = etree.XPath("boolean(/" + "/".join(["*"] * (_DEEPEST + 1)) + ")")
_LAST_UPDATED_LABEL = re.compile(r"Last Updated\s*:", re.I)
_SPACES = re.compile(r"\s+")


def parse_tree(html: str) -> etree._Element:
    """The page's tree, built by libxml2's HTML parser with the options BeautifulSoup gives it."""
    parser = etree.HTMLParser(recover=True)
    parser.feed(html)
    return parser.close()


def _is_element(node) -> bool:
    return isinstance(node.tag, str)


def _text(element) -> str:
    """``html_page._text``: the element's shown strings, one space apart, spacing collapsed."""
    return " ".join(" ".join(_SHOWN_TEXT(element)).split())


def _first(root, name: str):
    return next(root.iter(name), None)


def _next_element(element, name: str | None = None):
    """BeautifulSoup's ``find_next_sibling(name)``: the next sibling element (of that name)."""
    for sibling in element.itersiblings():
        if _is_element(sibling) and (name is None or sibling.tag == name):
            return sibling
    return None


def _content_count(element) -> int:
    """How many children BeautifulSoup's ``contents`` would list: elements, comments and strings."""
    return (1 if element.text else 0) + sum(2 if child.tail else 1 for child in element)


def _drop(elements) -> None:
    """Take ``elements`` out of the tree, each replaced by an empty comment that keeps its tail."""
    for element in _outermost(elements):
        parent = element.getparent()
        if parent is None:
            continue
        stand_in = etree.Comment("")
        stand_in.tail = element.tail
        parent.replace(element, stand_in)


def _outermost(elements) -> list:
    marked = set(elements)
    return [element for element in elements if not any(parent in marked for parent in element.iterancestors())]


def head_metadata(root) -> dict[str, str]:
    """``html_page.head_metadata`` on lxml's tree."""
    meta: dict[str, str] = {}
    for tag in root.iter("meta"):
        add_meta(meta, tag.get("property") or tag.get("name") or tag.get("itemprop") or "", tag.get("content") or "")
    for link in root.iter("link"):
        href = link.get("href")
        if href is not None and "canonical" in (link.get("rel") or "").lower().split():
            meta.setdefault("canonical", href.strip())
    title = _first(root, "title")
    if title is not None:
        strings = _SHOWN_TEXT(title)
        if any(s.strip() for s in strings):
            meta.setdefault("title", " ".join("".join(strings).split()))
    if root.get("lang"):
        meta.setdefault("html-lang", root.get("lang").strip())
    return meta


def jsonld_metadata(root) -> dict[str, str]:
    """``jsonld.jsonld_metadata`` on lxml's tree."""
    return jsonld_from_scripts(script.text or "" for script in root.iter("script") if is_json_ld(script.get("type")))


def _value_text(element) -> str:
    """``html_page._value_text``: a list of items ("<div>Mali</div><div>Niger</div>") joined with "; "."""
    items = [child for child in element if _is_element(child)]
    if len(items) >= 2 and all(item.tag in _BLOCKS or item.tag == "a" for item in items):
        loose = (element.text or "") + "".join(
            (child.tail or "") if _is_element(child) else (child.text or "") + (child.tail or "") for child in element)
        if not loose.strip():
            return "; ".join(text for text in map(_text, items) if text)
    return _text(element)


def take_label_pairs(root) -> dict[str, str]:
    """``html_page.take_label_pairs`` on lxml's tree: remove and return the known label/value pairs."""
    labels: dict[str, str] = {}
    taken: list = []
    marked: set = set()
    holder_lengths: dict = {}

    def keep(label_text: str, value: str, *tags) -> None:
        key = label_key(label_text)
        if key and value:
            labels.setdefault(key, value)
            taken.extend(tags)
            marked.update(tags)

    def inside_taken(tag) -> bool:
        return bool(marked) and (tag in marked or any(parent in marked for parent in tag.iterancestors()))

    for row in root.iter("tr"):
        cells = [child for child in row if child.tag in ("th", "td")]
        if len(cells) == 2:
            keep(_text(cells[0]), _value_text(cells[1]), row)
    for term in root.iter("dt"):
        definition = _next_element(term, "dd")
        if definition is not None:
            keep(_text(term), _value_text(definition), term, definition)
    for element in root.iter("span", "div", "strong", "b", "label", "th", "em"):
        if _content_count(element) > 3:
            continue  # a container, not a label
        label = _text(element)
        if len(label) > 40 or not label_key(label) or inside_taken(element):
            continue
        value_tag = _next_element(element)
        holder = element.getparent()
        if value_tag is not None:
            value = _value_text(value_tag)
        elif label.endswith(":") and holder is not None and _text(holder).startswith(label):
            value = _text(holder)[len(label):].strip()
        else:
            continue
        if holder is None or holder.tag in ("body", "main", "html"):
            continue
        if holder not in holder_lengths:
            holder_lengths[holder] = len(_text(holder))
        if holder_lengths[holder] > len(label) + len(value) + 3 + 2 * value.count(";"):
            continue  # the label sits in running text, not in a field of its own
        keep(label, value, holder)
    _drop(taken)
    return labels


def find_last_updated(body) -> str | None:
    """``html_page.find_last_updated``: the first string of the body (comments and scripts too) that
    holds "Last Updated:", and the value after it."""
    for found in _STRINGS(body):
        is_comment = not isinstance(found, str)
        string = (found.text or "") if is_comment else found
        if not _LAST_UPDATED_LABEL.search(string):
            continue
        match = _LAST_UPDATED_RE.search(string)
        if match is None:
            parent = found.getparent() if is_comment or not found.is_tail else found.getparent().getparent()
            if parent is not None:
                match = _LAST_UPDATED_RE.search(_text(parent))
        return match.group(1).strip() if match else None
    return None


def _is_hidden(tag) -> bool:
    return tag.get("aria-hidden") == "true" or tag.get("hidden") is not None


def _words(tag) -> list[str]:
    identifier = tag.get("id")
    return (tag.get("class") or "").split() + ([identifier] if identifier else [])


def _is_furniture(tag) -> bool:
    name = tag.tag
    if name in ("header", "footer"):
        return not any(parent.tag in ("article", "main") for parent in tag.iterancestors())
    if name in _FURNITURE_TAGS:
        return True
    if any(_FURNITURE_WORDS.match(word) for word in _words(tag)):
        return True
    return (tag.get("role") or "").lower() in _FURNITURE_ROLES or _is_hidden(tag)


def _furniture_reason(tag) -> str:
    if tag.tag in _FURNITURE_TAGS:
        return f"named rule: <{tag.tag}> element"
    words = [word for word in _words(tag) if _FURNITURE_WORDS.match(word)]
    if words:
        return f"named rule: element marked '{words[0]}'"
    if (tag.get("role") or "").lower() in _FURNITURE_ROLES:
        return f"named rule: element with role '{tag.get('role')}'"
    return "named rule: hidden element"


def remove_furniture(root, removed: list[Removal] | None = None) -> list[str]:
    """``html_page.remove_furniture`` on lxml's tree; comments stay, as no text is read from them."""
    tags = [tag for tag in _FURNITURE_CANDIDATES(root) if tag.tag not in ("html", "body", "main") and _is_furniture(tag)]
    texts = []
    outermost = _outermost(tags)
    for tag in outermost:
        if tag.tag not in ("script", "style", "template", "svg", "head", "noscript"):
            text = _text(tag)
            note_removed(removed, [text], _furniture_reason(tag))
            if text and not _is_hidden(tag):
                texts.append(text)
    _drop(outermost)
    return texts


def take_heading_title(root) -> str | None:
    """``html_page.take_heading_title``: the first ``<h1>`` below ``root``, removed."""
    heading = next(root.iterdescendants("h1"), None)
    if heading is None:
        return None
    title = _text(heading)
    _drop([heading])
    return title or None


def body_root(html, body):
    """``html_page.body_root``: ``<main>``, the element of role "main", the only ``<article>``, else ``<body>``."""
    articles = list(islice(html.iter("article"), 2))
    for candidate in (_first(html, "main"), next(iter(_ROLE_MAIN(html)), None),
                      articles[0] if len(articles) == 1 else None):
        if candidate is not None and _text(candidate):
            return candidate
    return body


def to_text(root, *, mark_headings: bool = False) -> str:
    """``html_page.to_text`` on lxml's tree: one line per block, a blank line between paragraphs."""
    pieces: list[str] = []
    in_pre = 0
    hidden = 0   # inside an element whose strings are not shown (ruby text, a script)

    def show(string: str | None) -> None:
        if string and not hidden:
            pieces.append(string if in_pre else _SPACES.sub(" ", string))

    show(root.text)
    stack: list[tuple[etree._Element, bool]] = [(child, False) for child in reversed(root)]
    while stack:
        node, leaving = stack.pop()
        name = node.tag
        if not isinstance(name, str):   # a comment: its text is not shown, what follows it is
            show(node.tail)
            continue
        if leaving:
            if name == "pre":
                in_pre -= 1
            if name in _OWN_STRINGS:
                hidden -= 1
            if name in ("td", "th"):
                pieces.append(" \t ")
            if name in _BLOCKS:
                pieces.append("\n\n")
            show(node.tail)
            continue
        if name == "br":
            pieces.append("\n")
            show(node.tail)
            continue
        if mark_headings and name in _HEADINGS:
            words = _text(node)
            pieces.append(f"\n\n{'#' * int(name[1])} {words}\n\n" if words else "\n\n")
            show(node.tail)
            continue
        if name in _BLOCKS:
            pieces.append("\n\n")
        if name == "pre":
            in_pre += 1
        if name in _OWN_STRINGS:
            hidden += 1
        show(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    lines = [" ".join(line.replace("\t", " ").split()) for line in "".join(pieces).split("\n")]
    return "\n".join(lines)


def parse_parts(root, removed: list[Removal] | None = None) -> HtmlParts | None:
    """``html_page.parse_html`` after the parse, on lxml's tree; None for a page it leaves to ``html_page``
    (no body or no visible text, which ``html_page`` refuses in its own words; ruby; deep nesting)."""
    if _TOO_DEEP(root) or _RUBY(root):
        return None
    meta = {**head_metadata(root), **jsonld_metadata(root)}
    body = _first(root, "body")
    if body is None:
        return None
    labels = take_label_pairs(root)
    last_updated = find_last_updated(body)
    if last_updated:
        labels.setdefault("last_updated", last_updated)
    furniture = remove_furniture(root, removed)
    main = body_root(root, body)
    heading = take_heading_title(main) or take_heading_title(body)
    text = to_text(main, mark_headings=True)
    # html_page refuses a body without visible text before taking the heading. Text left after it,
    # or a heading with words, shows there was some; else the headings taken were blank, and the
    # body is as it was.
    if not (text.strip() or heading or any(string.strip() for string in _SHOWN_TEXT(body))):
        return None
    return HtmlParts(text=text, labels=labels, meta=meta, heading_title=heading, furniture=tuple(furniture))
