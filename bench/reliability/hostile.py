"""Hostile and unlucky document files, each with what `refsearch index` must make of it.

Every case writes one file (or link, or pipe, or hidden folder) into an
archive folder; one real `refsearch index` run over the folder must then
index it with the right text, skip it with a reason, or report it as
unreadable, within the file budgets, and print exactly one line for each
file it does not index. A link that leads out of the archive points at a
file or folder written beside it, never at a real secret, except the
indexer's own environment (``/proc/self/environ``), which is never read.
"""
from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# A Refworld text dump in the shape the reader knows, with room for a body.
_HEADER = ("Last Updated: Monday, 3 July 2009, 09:30 GMT\n\n"
           "U.S. Department of State 2008 Trafficking in Persons Report - Mali\n\n"
           "Publisher United States Department of State\n"
           "Publication Date 4 June 2008\n\n"
           "Mali (Tier 2)\n\n")
_MIXED_BODY = ("Children are trafficked to C\u00f4te d\u2019Ivoire for work on farms. ".encode("utf-8")
               + b"The government\x92s efforts were limited; \x93guides\x94 sold them. " * 3)
_UTF16_BODY = _HEADER + "Women are trafficked to C\u00f4te d\u2019Ivoire and Mauritania.\n"
# What a file outside the archive holds: it must never reach the index.
OUTSIDE_SECRET = "Outside the archive: the passphrase is quillomorph."
# How the report begins for a link leading out of the archive.
LEADS_OUT = "a symbolic link leading out of the folders being read"

# A paragraph of a report in each language, and the legacy encodings it is saved in.
LEGACY_TEXTS = {
    "Chinese (simplified)": (
        ("gbk", "gb2312", "gb18030"),
        "人口贩运问题在该国依然严重。妇女和儿童被骗到城市和邻国，被迫从事家政劳动、工厂劳动和商业性剥削。"
        "政府在起诉贩运者方面取得了一些进展，但对受害者的保护仍然有限。非政府组织报告说，许多受害者因害怕报复而不敢向警方求助。"),
    "Chinese (traditional)": (
        ("big5",),
        "人口販運問題在該國依然嚴重。婦女和兒童被騙到城市和鄰國，被迫從事家務勞動、工廠勞動和商業性剝削。"
        "政府在起訴販運者方面取得了一些進展，但對受害者的保護仍然有限。非政府組織報告說，許多受害者因害怕報復而不敢向警方求助。"),
    "Korean": (
        ("euc-kr",),
        "인신매매는 이 나라에서 여전히 심각한 문제이다. 여성과 아동은 도시와 이웃 나라로 속아서 끌려가 가사 노동과 "
        "공장 노동, 성적 착취를 강요당한다. 정부는 인신매매범 기소에서 약간의 진전을 이루었으나 피해자 보호는 여전히 "
        "제한적이다."),
    "Japanese": (
        ("euc-jp",),
        "人身取引はこの国で依然として深刻な問題である。女性と子どもは都市や近隣諸国にだまされて連れて行かれ、"
        "家事労働や工場労働、性的搾取を強いられている。政府は人身取引業者の訴追で一定の進展を見せたが、"
        "被害者の保護は依然として限られている。"),
    "Turkish": (
        ("cp1254", "iso-8859-9"),
        "İnsan ticareti ülkede ciddi bir sorun olmaya devam ediyor. Kadınlar ve çocuklar şehirlere ve komşu "
        "ülkelere kandırılarak götürülüyor, ev işlerinde, fabrikalarda çalışmaya ve cinsel sömürüye zorlanıyor. "
        "Hükümet, insan tacirlerinin kovuşturulmasında bazı ilerlemeler kaydetti; ancak mağdurların korunması "
        "hâlâ sınırlı."),
    "Polish": (
        ("iso-8859-2",),
        "Handel ludźmi pozostaje w tym kraju poważnym problemem. Kobiety i dzieci są podstępnie wywożone do "
        "miast i krajów sąsiednich, gdzie zmusza się je do pracy domowej, pracy w fabrykach i wykorzystywania "
        "seksualnego. Rząd poczynił pewne postępy w ściganiu handlarzy, ale ochrona ofiar jest nadal ograniczona."),
    "Russian": (
        ("cp866",),
        "Торговля людьми остаётся в стране серьёзной проблемой. Женщин и детей обманом вывозят в города и "
        "соседние страны, где их принуждают к домашнему труду, работе на фабриках и сексуальной эксплуатации. "
        "Правительство добилось некоторого прогресса в преследовании торговцев людьми, однако защита жертв "
        "по-прежнему ограничена."),
    "Thai": (
        ("tis-620",),
        "การค้ามนุษย์ยังคงเป็นปัญหาร้ายแรงในประเทศนี้ ผู้หญิงและเด็กถูกหลอกลวงไปยังเมืองใหญ่และประเทศเพื่อนบ้าน "
        "และถูกบังคับให้ทำงานบ้าน ทำงานในโรงงาน และถูกแสวงประโยชน์ทางเพศ "
        "รัฐบาลมีความคืบหน้าบางประการในการดำเนินคดีกับผู้ค้ามนุษย์ แต่การคุ้มครองผู้เสียหายยังคงมีจำกัด"),
}
# Each legacy encoding with its language and paragraph.
LEGACY_SAMPLES = [(encoding, language, text) for language, (encodings, text) in LEGACY_TEXTS.items()
                  for encoding in encodings]


def legacy_page(text: str, encoding: str) -> bytes:
    """An HTML page in ``encoding`` that says so in its ``<meta charset>``."""
    return (f'<!DOCTYPE html>\n<html><head><meta charset="{encoding}">'
            f"<title>Trafficking in Persons Report 2008</title></head>"
            f"<body><h1>Trafficking in Persons Report 2008</h1><p>{text}</p></body></html>"
            ).encode(encoding)


@dataclass(frozen=True)
class Case:
    """One hostile input: how to write it, and what must come of it.

    ``expect`` is "indexed" (and the text holds ``words``), "skipped" or
    "unreadable" (and the reason holds ``words``), or "bounded": indexed,
    or skipped for its time or memory budget.
    """

    label: str
    name: str | bytes
    write: Callable[[Path], None]
    expect: str
    words: str = ""
    # The path the report names, below the written one (a link inside a folder).
    reported: str = ""


def _bytes(data: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data)
    return write


def _text(body: str) -> Callable[[Path], None]:
    return _bytes((_HEADER + body).encode("utf-8"))


def _html(body: str) -> Callable[[Path], None]:
    return _bytes(f"<html><head><title>Mali</title></head><body>{body}</body></html>".encode())


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _looping_folder(path: Path) -> None:
    path.mkdir()
    (path / "up").symlink_to("..")


def _outside(path: Path) -> Path:
    """A folder beside the archive folder, holding a document that must stay out of the index."""
    outside = path.absolute().parent.parent / "outside-the-archive"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text(_HEADER + OUTSIDE_SECRET + "\n", encoding="utf-8")
    return outside


def _link_out_to_file(path: Path) -> None:
    path.symlink_to(_outside(path) / "secret.txt")


def _link_out_to_folder(path: Path) -> None:
    path.symlink_to(_outside(path))


def _link_inside(path: Path) -> None:
    """A link to a file inside the archive that only the link makes a document (no suffix of its own)."""
    store = path.parent / "linked-store"
    store.mkdir(exist_ok=True)
    (store / "chapter.body").write_text(_HEADER + "Reached through a link inside the archive.\n",
                                        encoding="utf-8")
    path.symlink_to(Path("linked-store") / "chapter.body")


def _hidden_folder(path: Path) -> None:
    path.mkdir()
    for number in (1, 2):
        (path / f"draft{number}.txt").write_text(_HEADER + "A draft.\n", encoding="utf-8")


def cases(scale: float = 1.0) -> list[Case]:
    """The hostile inputs; ``scale`` shrinks the pathological pages (1.0: the sizes of the report)."""
    paragraphs, breaks, bolds = int(20_000 * scale), int(1_000_000 * scale), int(1_000_000 * scale)
    return [
        Case("empty file", "empty.txt", _bytes(b""), "skipped", "empty file"),
        Case("only blank lines", "blank.txt", _bytes(b" \n\r\n\t\n"), "skipped", "empty file"),
        Case("GIF saved as text", "image.txt", _bytes(b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff"),
             "skipped", "binary file"),
        Case("PDF saved as HTML", "report.html", _bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
             "skipped", "PDF"),
        Case("random bytes", "noise.txt", _bytes(bytes(range(0x80, 0x100)) * 16), "skipped",
             "undecodable text"),
        Case("control characters", "controls.txt", _bytes(b"text" + bytes(range(1, 9)) * 4),
             "skipped", "binary file"),
        Case("mixed UTF-8 and Windows-1252", "mixed.txt", _bytes(_HEADER.encode() + _MIXED_BODY),
             "indexed", "C\u00f4te d\u2019Ivoire for work on farms. The government\u2019s efforts"),
        Case("UTF-16 LE without BOM", "utf16le.txt", _bytes(_UTF16_BODY.encode("utf-16-le")),
             "indexed", "C\u00f4te d\u2019Ivoire and Mauritania"),
        Case("UTF-16 BE without BOM", "utf16be.txt", _bytes(_UTF16_BODY.encode("utf-16-be")),
             "indexed", "C\u00f4te d\u2019Ivoire and Mauritania"),
        Case("UTF-8 with BOM, CRLF", "bom.txt",
             _bytes(codecs.BOM_UTF8 + (_HEADER + "Forced labour in S\u00e9gou.\n").replace(
                 "\n", "\r\n").encode()), "indexed", "Forced labour in S\u00e9gou."),
        Case("Windows-1252 only", "western.txt",
             _bytes((_HEADER + "The ministry\u2019s \u201cplan\u201d \u2013 C\u00f4te d\u2019Ivoire.\n"
                     * 3).encode("cp1252")), "indexed", "The ministry\u2019s \u201cplan\u201d"),
        *(Case(f"{encoding} ({language})", f"legacy-{encoding}.txt",  # one file per encoding
               _bytes((_HEADER + f"[{encoding}] {text}\n").encode(encoding)), "indexed",
               text[:24])
          for encoding, language, text in LEGACY_SAMPLES),
        Case("HTML page declaring GBK in `<meta charset>`", "legacy-gbk.html",
             _bytes(legacy_page(LEGACY_TEXTS["Chinese (simplified)"][1], "gbk")), "indexed",
             LEGACY_TEXTS["Chinese (simplified)"][1][:24]),
        Case("`%PDF-` in the first kilobyte of a text", "pdf-mention.txt",
             _text("Scanned reports were saved as %PDF-1.4 files and lost their text layer.\n"),
             "indexed", "saved as %PDF-1.4 files"),
        Case("a stray NUL byte in a text", "stray-nul.txt",
             _bytes((_HEADER + "Forced labour in Kayes.\x00 Children worked in gold mines.\n").encode()),
             "indexed", "Forced labour in Kayes."),
        Case("hidden file", ".draft.txt", _text("A draft.\n"), "skipped", "a hidden file"),
        Case("hidden folder of 2 documents", ".drafts", _hidden_folder, "skipped",
             "a hidden folder (its name starts with a dot) holding 2 document files"),
        Case("HTML nested 405 deep", "deep.html", _html("<div>" * 405 + "x" + "</div>" * 405),
             "skipped", "nested more than"),
        Case(f"HTML of {paragraphs:,} paragraphs", "paragraphs.html",
             _html("".join(f"<p>Paragraph {i} on forced labour.</p>" for i in range(paragraphs))),
             "bounded"),
        Case(f"HTML of {breaks:,} `<br>`", "breaks.html", _html("x<br>" * breaks), "bounded"),
        Case(f"HTML of {bolds:,} empty `<b></b>`", "bolds.html",
             _html("<b></b>" * bolds + "<p>Forced labour in Mali.</p>"), "bounded"),
        Case("file over the size limit", "huge.txt",
             _bytes((_HEADER + "word " * 4_300_000).encode()), "skipped", "file too large"),
        Case("only page furniture", "furniture.txt",
             _bytes(b"Last Updated: Tuesday, 24 May 2016, 11:51 GMT\n\nSearch Refworld\n"),
             "skipped", "only page furniture"),
        Case("newline in the name", "forged\nskipped ok.txt: fine.txt", _bytes(b""), "skipped",
             "empty file"),
        Case("terminal escape in the name", "red\x1b[31m.txt", _bytes(b""), "skipped", "empty file"),
        Case("name not UTF-8", b"caf\xe9.txt", _text("Forced labour.\n"), "skipped",
             "not valid UTF-8"),
        Case("named pipe", "pipe.txt", lambda path: os.mkfifo(path), "skipped",
             "not a regular file"),
        Case("dangling link", "dangling.txt", _link("nowhere.txt"), "unreadable",
             "broken symbolic link"),
        Case("link to itself", "self.txt", _link("self.txt"), "unreadable", "symbolic link loop"),
        Case("folder link back up", "loop", _looping_folder, "skipped", "symbolic link loop",
             reported="up"),
        Case("link to a file outside the archive", "secret-link.txt", _link_out_to_file, "skipped",
             LEADS_OUT),
        Case("link to a folder outside the archive", "outside-folder", _link_out_to_folder,
             "skipped", LEADS_OUT),
        Case("link to the indexer's environment", "environment.txt", _link("/proc/self/environ"),
             "skipped", LEADS_OUT),
        Case("link to a file inside the archive", "inside-link.txt", _link_inside, "indexed",
             "Reached through a link inside the archive."),
        Case("parser that spins", "pathological-spin.txt", _text("Spins.\n"), "skipped",
             "took longer than"),
        Case("parser that eats memory", "pathological-hog.txt", _text("Eats.\n"), "skipped",
             "needed more than"),
    ]


def write_cases(folder: Path, chosen: list[Case]) -> dict[str, Path]:
    """Write every case into ``folder``; by label, the path each case is reported under."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in chosen:
        name = os.fsdecode(case.name) if isinstance(case.name, bytes) else case.name
        path = folder / name
        case.write(path)
        paths[case.label] = path / case.reported if case.reported else path
    return paths
