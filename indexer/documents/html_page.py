"""From a saved HTML page to its head metadata, labelled fields and readable text.

The markup of Refworld document pages varies (and the new site's is not
known), so nothing here depends on particular element names: label/value
pairs are read from table rows, definition lists and labelled divs/spans;
furniture is recognised by element (nav, header, footer, form, script...)
and by class/id words (cookie, consent, menu, breadcrumb...). What is left
becomes plain text with a blank line between blocks, which then goes
through the same text cleaning as a text dump.

The pipeline, each step a function: ``check_depth`` (before any tree is
built) -> ``BeautifulSoup(lxml)`` -> ``head_metadata`` (and ``jsonld``) -> ``take_label_pairs``
-> ``remove_furniture`` -> ``take_heading_title`` -> ``to_text``.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, CData, Comment, NavigableString, PageElement, Tag, XMLParsedAsHTMLWarning

from .cleaning import label_key
from .decoding import Unreadable
from .depth import check_depth
from .furniture import Removal, note_removed
from .jsonld import jsonld_metadata

# Characters handed to the depth gauge at a time, so it can stop early on a huge page.
_FURNITURE_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer",
                   "form", "aside", "iframe", "button", "select", "input", "textarea", "head",
                   "object", "embed", "canvas", "menu", "dialog")
_FURNITURE_WORDS = re.compile(
    r"^(cookies?|cookie[-_].*|.*[-_]cookies?|.*consent.*|banner|.*[-_]banner|menu|.*[-_]menu|menu[-_].*|"
    r"nav|navbar|navigation|.*[-_]nav|nav[-_].*|breadcrumbs?|sidebar|share|sharing|share[-_].*|.*[-_]share|social.*|download|.*[-_]download|"
    r"site[-_]header|site[-_]footer|page[-_]header|page[-_]footer|skip[-_]link|toolbar|"
    r"visually[-_]hidden|sr[-_]only|print[-_]only|antibot)$", re.I)
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog"}
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
           "ul", "ol", "dl", "dt", "dd", "table", "tr", "blockquote", "pre", "address",
           "figure", "figcaption", "body", "center", "details", "summary", "hr", "fieldset"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TITLE_SUFFIX_RE = re.compile(r"\s*[|\u2013\u2014-]\s*(Refworld|UNHCR Refworld|refworld\.org)\s*$", re.I)
_TITLE_PREFIX_RE = re.compile(r"^\s*(Refworld|UNHCR Refworld|refworld\.org)\s*[|\u2013\u2014-]\s*", re.I)


@dataclass
class HtmlParts:
    """What an HTML page yields before the text cleaning and metadata extraction."""

    text: str
    labels: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    heading_title: str | None = None
    # The text of each element removed as the site's furniture: what its prints hold of the site.
    furniture: tuple[str, ...] = ()


def strip_title_suffix(title: str) -> str:
    """"Mali | Refworld" (new site) and "Refworld | Mali" (old site) -> "Mali"."""
    return _TITLE_PREFIX_RE.sub("", _TITLE_SUFFIX_RE.sub("", title)).strip()


def _attribute(tag: Tag, name: str) -> str:
    """An attribute's value as one string ("" when absent; a multi-valued one joined by spaces)."""
    value = tag.get(name)
    return value if isinstance(value, str) else " ".join(value or ())


# Meta tags written once per author (Google Scholar's and Dublin Core's): kept together, "; " apart.
_ONE_TAG_PER_AUTHOR = frozenset({"citation_author", "dc.creator"})


def add_meta(meta: dict[str, str], key: str, content: str) -> None:
    """One ``<meta>`` tag into ``meta``: the first value of a key wins, except authors, which gather."""
    key = key.strip().lower()
    if key and content and content.strip():
        value = " ".join(content.split())
        if key in _ONE_TAG_PER_AUTHOR and key in meta and value not in meta[key].split("; "):
            meta[key] = f"{meta[key]}; {value}"   # several authors: one field, split by citations
        meta.setdefault(key, value)


def head_metadata(soup: BeautifulSoup) -> dict[str, str]:
    """``<meta>`` name/property contents, the canonical link, ``<title>`` and ``<html lang>``."""
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = _attribute(tag, "property") or _attribute(tag, "name") or _attribute(tag, "itemprop")
        add_meta(meta, key, _attribute(tag, "content"))
    for link in soup.find_all("link", href=True):
        rel = [r.lower() for r in (link.get("rel") or [])]
        if "canonical" in rel:
            meta.setdefault("canonical", _attribute(link, "href").strip())
    if soup.title and soup.title.get_text(strip=True):
        meta.setdefault("title", " ".join(soup.title.get_text().split()))
    html = soup.find("html")
    if html is not None and html.get("lang"):
        meta.setdefault("html-lang", _attribute(html, "lang").strip())
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


def _unlink(element) -> None:
    """Join the neighbours of ``element`` (in document order and among siblings) around it.

    The part of BeautifulSoup's ``extract`` that does not touch the parent's
    list of children: that list is rebuilt once per parent by ``_drop``.
    """
    last = element._last_descendant() or element
    after = last.next_element
    if element.previous_element is not None and element.previous_element is not after:
        element.previous_element.next_element = after
    if after is not None and after is not element.previous_element:
        after.previous_element = element.previous_element
    element.previous_element = None
    last.next_element = None
    if element.previous_sibling is not None and element.previous_sibling is not element.next_sibling:
        element.previous_sibling.next_sibling = element.next_sibling
    if element.next_sibling is not None and element.next_sibling is not element.previous_sibling:
        element.next_sibling.previous_sibling = element.previous_sibling
    element.previous_sibling = element.next_sibling = None
    element.parent = None


def _drop(elements: list) -> None:
    """Remove ``elements`` from the tree in time linear in the page.

    ``extract``/``decompose`` find an element in its parent's list of
    children and delete it there, which costs the number of its siblings:
    removing thousands of siblings one by one is quadratic. Here each parent's
    list is rebuilt once, whatever the number of children removed from it.
    """
    by_parent: dict[int, tuple[Tag, set[int]]] = {}
    for element in _outermost(elements):
        parent = element.parent
        if parent is None:
            continue
        by_parent.setdefault(id(parent), (parent, set()))[1].add(id(element))
        _unlink(element)
    for parent, gone in by_parent.values():
        parent.contents = [child for child in parent.contents if id(child) not in gone]


def take_label_pairs(soup: BeautifulSoup) -> dict[str, str]:
    """Remove and return the document's label/value pairs, whatever markup holds them.

    Only known labels (``cleaning.label_key``) are taken, so a data table in
    the body stays in the body.
    """
    labels: dict[str, str] = {}
    taken: list[Tag] = []
    marked: set[int] = set()
    holder_lengths: dict[int, int] = {}

    def keep(label_text: str, value: str, *tags: Tag) -> bool:
        key = label_key(label_text)
        if key and value:
            labels.setdefault(key, value)
            taken.extend(tags)
            marked.update(id(tag) for tag in tags)
            return True
        return False

    def inside_taken(tag: Tag) -> bool:
        return id(tag) in marked or any(id(parent) in marked for parent in tag.parents)

    def text_length(holder: Tag) -> int:
        # Many labels may share a holder: measure its text once, not once per label.
        if id(holder) not in holder_lengths:
            holder_lengths[id(holder)] = len(_text(holder))
        return holder_lengths[id(holder)]

    for row in soup.find_all("tr"):
        cells = row.find_all(["th", "td"], recursive=False)
        if len(cells) == 2:
            keep(_text(cells[0]), _value_text(cells[1]), row)
    for term in soup.find_all("dt"):
        definition = term.find_next_sibling("dd")
        if definition is not None:
            keep(_text(term), _value_text(definition), term, definition)
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
        if text_length(holder) > len(label) + len(value) + 3 + 2 * value.count(";"):
            continue  # the label sits in running text, not in a field of its own
        keep(label, value, holder)
    _drop(taken)
    return labels


def _is_furniture(tag: Tag) -> bool:
    if tag.name in ("header", "footer"):
        # The site's header and footer go; an article's own header (title, date) stays.
        return not any(parent.name in ("article", "main") for parent in tag.parents)
    if tag.name in _FURNITURE_TAGS:
        return True
    words = list(tag.get("class") or []) + ([_attribute(tag, "id")] if tag.get("id") else [])
    if any(_FURNITURE_WORDS.match(w) for w in words):
        return True
    if _attribute(tag, "role").lower() in _FURNITURE_ROLES:
        return True
    return tag.get("aria-hidden") == "true" or tag.has_attr("hidden")


def _furniture_reason(tag: Tag) -> str:
    """Why an element is furniture, in words for ``extract --explain``."""
    if tag.name in _FURNITURE_TAGS:
        return f"named rule: <{tag.name}> element"
    words = [w for w in list(tag.get("class") or []) + ([_attribute(tag, "id")] if tag.get("id") else [])
             if _FURNITURE_WORDS.match(w)]
    if words:
        return f"named rule: element marked '{words[0]}'"
    if _attribute(tag, "role").lower() in _FURNITURE_ROLES:
        return f"named rule: element with role '{tag['role']}'"
    return "named rule: hidden element"


def remove_furniture(soup: BeautifulSoup, removed: list[Removal] | None = None) -> list[str]:
    """Drop navigation, scripts, styles, banners, menus, header, footer and forms; return the
    visible text of each dropped element.

    With ``removed``, that text is also recorded with its reason.
    """
    tags = [tag for tag in soup.find_all(True)
            if tag.name not in ("html", "body", "main") and _is_furniture(tag)]
    texts = []
    for tag in _outermost(tags):
        if tag.name not in ("script", "style", "template", "svg", "head", "noscript"):
            text = _text(tag)
            note_removed(removed, [text], _furniture_reason(tag))
            if text and not (tag.get("aria-hidden") == "true" or tag.has_attr("hidden")):   # what a print shows
                texts.append(text)
    _drop(soup.find_all(string=lambda s: isinstance(s, Comment)) + tags)
    return texts



def take_heading_title(root: Tag) -> str | None:
    """The first ``<h1>``'s text, removed from the body (the title is a field, not body)."""
    heading = root.find("h1")
    if heading is None:
        return None
    title = _text(heading)
    heading.decompose()
    return title or None


# The string types whose text is shown (as BeautifulSoup's get_text: not comments, scripts, styles).
_SHOWN_STRINGS = (NavigableString, CData)


def to_text(root: Tag, *, mark_headings: bool = False) -> str:
    """Readable text: one line per block, a blank line between paragraphs.

    One walk over the tree, which is left unchanged, so the cost is linear
    in the size of the page however many siblings it has. With
    ``mark_headings`` a heading ``<h2>``..``<h6>`` (and an ``<h1>`` left in
    the body) becomes one line written as in Markdown ("## Section 2.
    Liberty"), so the text cleaning finds headings the same way in every
    kind of file.
    """
    pieces: list[str] = []
    in_pre = 0
    stack: list[tuple[PageElement, bool]] = [(child, False) for child in reversed(root.contents)]
    while stack:
        node, leaving = stack.pop()
        if not isinstance(node, Tag):  # a NavigableString: text, a comment, CDATA...
            if type(node) in _SHOWN_STRINGS:
                pieces.append(str(node) if in_pre else re.sub(r"\s+", " ", str(node)))
            continue
        name = node.name
        if leaving:
            if name == "pre":
                in_pre -= 1
            if name in ("td", "th"):
                pieces.append(" \t ")
            if name in _BLOCKS:
                pieces.append("\n\n")
            continue
        if name == "br":
            pieces.append("\n")
            continue
        if mark_headings and name in _HEADINGS:
            words = " ".join(node.get_text(" ").split())
            pieces.append(f"\n\n{'#' * int(name[1])} {words}\n\n" if words else "\n\n")
            continue
        if name in _BLOCKS:
            pieces.append("\n\n")
        if name == "pre":
            in_pre += 1
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    lines = [" ".join(line.replace("\t", " ").split()) for line in "".join(pieces).split("\n")]
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
    """The element holding the document: ``<main>``/``<article>`` when present, else ``<body>``.

    A page of several ``<article>`` elements (the articles of a declaration, one per
    element) is not one article: its ``<body>`` holds the document."""
    articles = soup.find_all("article", limit=2)
    for candidate in (soup.find("main"), soup.find(None, {"role": "main"}), articles[0] if len(articles) == 1 else None):
        if candidate is not None and _text(candidate):
            return candidate
    return soup.body or soup  # read_html has refused a page without a body


def parse_html(html: str, removed: list[Removal] | None = None) -> HtmlParts:
    """Split an HTML page into head metadata, labelled fields and body text.

    With ``removed``, what is dropped as furniture is recorded there.
    """
    check_depth(html)
    with warnings.catch_warnings():
        # A page that opens with an XML declaration (XHTML) is still read as HTML, on purpose.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "lxml")
    meta = {**head_metadata(soup), **jsonld_metadata(soup)}
    if soup.body is None:
        raise Unreadable("HTML without a body: the page has no <body> content to read")
    labels = take_label_pairs(soup)
    last_updated = find_last_updated(soup)
    if last_updated:
        labels.setdefault("last_updated", last_updated)
    furniture = remove_furniture(soup, removed)
    if soup.body is None or not soup.body.get_text(strip=True):
        raise Unreadable("HTML without a body: the page has no visible text")
    root = body_root(soup)
    heading = take_heading_title(root) or take_heading_title(soup.body)
    return HtmlParts(text=to_text(root, mark_headings=True), labels=labels, meta=meta,
                     heading_title=heading, furniture=tuple(furniture))
