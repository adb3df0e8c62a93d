"""Coverage of a new document: which of its numbers are already in the data
(`python build.py numbers PATH --source SOURCE_ID`).

A maintainer tool. It reads a plain-text document the maintainer has on disk (never stored
in the repository), finds every number in it read the Vietnamese way, leaves out the
numbers that are not figures (years, list and section numbers, document numbers, dates…;
`RULES` lists them, and `--help` shows the list), and marks each remaining number against
the figures of one source in data/figures/:

  in data     a figure of the source has this value and the same unit (or the same amount
              in another unit of the same base: 2,5 nghìn tỷ đồng = 2500 tỷ đồng)
  value only  a figure of the source has the value; the tool cannot tell the unit of the text
  missing     no figure of the source has this value (in the unit of the text, when known)

The document's lines are printed at run time only; nothing is written anywhere.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from .load import load
from .paths import Paths

# --- what is left out, in the order the rules are tried (shown by --help) ---

RULES = """\
Numbers left out of the count (M), with the rule --excluded shows:
  date       11/12/2025, /12/2025, 12/2025 (a month 1-12 / a year), a time (15:00, 8h30),
             the number after "ngày" or "tháng" (ngày 11 tháng 12 năm 2025: 11 and 12; 2025
             is a year)
  document   document numbers: 70/NQ-HĐND, 06-CTr/TU (also 06- CTr/TU across a line break),
             72/2025/QH15; a list ending in one (Kế hoạch 31, 32, 33-KH/TU: all three); a
             number right after "số" (Nghị quyết số 03, cơn bão số 3); a number right after
             the name of a kind of document (Nghị quyết 10, Chương trình 135) unless a unit
             follows (Kế hoạch 05 năm is 5 years)
  section    II.1.1, 1.2.3 (parts of one or two digits), 2.1 at the start of a line, and the
             number after Mục, Phần, Điều, Khoản, Chương, Phụ lục (Mục 3, mục 2.1)
  list       list numbering: (3) anywhere; 3. or 3) at the start of a line (one or two digits)
  code       digits glued to letters (QH15, COVID-19, 3G) or not a well-formed number (a
             telephone number such as 0206.3853.971)
  year       a whole number 1400-2100 written with four digits and no dot, unless a unit or %
             follows it; always a year after năm, giai đoạn, nhiệm kỳ, thời kỳ, từ, đến, tầm
             nhìn, and next to another year across a dash: 2021 - 2025, 2021-2025 and
             (1499 - 2024) are periods, not ranges
  table-row  a whole number (no leading zero, up to three digits) at the start of a line, before
             a capitalised word that is not a unit, when it is 1 or follows the previous row
             number (1, 2, 3…): the TT column of a table
  page       a whole number alone on its line, the next line going on in lower case: a page
             number left inside a sentence
  rate       the 1 of a rate that is not a known unit (…/1 hộ); known ones (bác sĩ/1 vạn dân,
             tấn/1 năm, km2) are read as the unit of the number before them
Everything else is counted, once per number; a range (75 - 80, 75-80%, 75% - 80%) is one
number. A dot followed by exactly three digits groups thousands (537.978 = 537978), the comma
is the decimal mark (1.382,08 = 1382.08), leading zeros are dropped (05 = 5); a single dot
followed by one or two digits, not at the start of a line, is read as a decimal point (4.0).
"""

HELP = """\
Lists every number of a plain-text document read the Vietnamese way ("." groups thousands, ","
is the decimal mark), one line each:

  LINE | NUMBER | QUALIFIER | UNIT | MARK | CONTEXT

NUMBER is the number as read (1382.08; a range 75-80); QUALIFIER the words written just before
it (trên, hơn, gần, khoảng, tối thiểu, đạt, ước, từ, >…) and "trở lên" after it; UNIT the id in
data/catalogues/units.csv of the unit written after it (tỷ đồng = billion-vnd; a number after
"xếp thứ", "xếp hạng" or "đứng thứ" is a rank), "-" when the tool recognises none; CONTEXT 40
characters either side, printed, never stored. MARK:
  in data     a figure of SOURCE_ID has this value (or range) in the same unit, or the same
              amount in another unit of the same base (2,5 nghìn tỷ đồng = 2500 tỷ đồng);
              the document's own "% of target" counts as a value in %
  value only  a figure of SOURCE_ID has this value (or range), and the tool cannot compare
              units: the text gives none it recognises, or a loose one (điểm, cơ sở, đơn vị,
              lượt often begin a longer noun: 834 điểm trường are school sites, not a score);
              the units of those figures follow in brackets
  missing     no figure of SOURCE_ID has this value, or only in units other than the one
              the text gives (those units follow in brackets: "in data as …")
Then a tally, and last the line `N of M numbers in the data (P %)`: M the numbers counted,
N those marked "in data" or "value only", P = 100 N / M with one decimal, halves rounded up
(0.0 when M is 0). --missing shows only the missing numbers; the counts stay the same.
Exit code 0, or 2 for an unknown source or an unreadable file.

"""

# Units the tool recognises after a number: every name_vi of data/catalogues/units.csv, plus
# these spellings of the same units (the documents write tỉ and tỷ, ngàn and nghìn, km2…).
UNIT_ALIASES = {
    "tỉ đồng": "billion-vnd", "nghìn tỉ đồng": "trillion-vnd", "ngàn tỷ đồng": "trillion-vnd",
    "ngàn tỉ đồng": "trillion-vnd", "nghìn tỷ": "trillion-vnd", "nghìn tỉ": "trillion-vnd",
    "tỉ usd": "billion-usd", "triệu đô la mỹ": "million-usd", "%/năm": "percent", "% / năm": "percent",
    "km2": "km2", "triệu lượt": "million-visits", "nghìn lượt": "thousand-visits",
    "bác sĩ/1 vạn dân": "doctor-per-10k", "giường bệnh/1 vạn dân": "bed-per-10k",
    "giường/vạn dân": "bed-per-10k", "giường/1 vạn dân": "bed-per-10k", "tấn/1 năm": "tonne-per-year",
    "điểm %": "percentage-point", "ngàn tấn": "thousand-tonne", "kw": "kw", "tuổi": "year",
    "đảng viên": "person", "lao động": "person", "giường": "bed",
}

# Units whose Vietnamese name often begins a longer noun ("điểm trường" is a school site, not a
# score; "cơ sở ngầm", "đơn vị hành chính", "lượt người"): read, but too loose to rule a value out.
LOOSE_UNITS = ("score", "facility", "item", "instance")
QUALIFIERS = ("ước đạt", "ước tính", "ước", "tối thiểu", "tối đa", "không quá", "không dưới", "ít nhất",
              "trên", "hơn", "vượt", "gần", "khoảng", "xấp xỉ", "dưới", "đạt", "từ", "gấp", "còn")
SIGNS = "><≥≤~"  # written right before a number, in tables: > 2.000
RANK_WORDS = ("xếp thứ", "xếp hạng", "đứng thứ")  # a number after these is a rank (unit rank)
YEAR_WORDS = ("năm", "giai đoạn", "nhiệm kỳ", "thời kỳ", "từ", "đến", "tầm nhìn")
DOC_WORDS = ("nghị quyết", "chỉ thị", "quyết định", "kết luận", "thông báo", "kế hoạch", "chương trình",
             "đề án", "luật", "nghị định", "thông tư", "công văn", "tờ trình", "báo cáo", "hướng dẫn",
             "quy định", "quy chế")

NUMBER = re.compile(r"(?<!\d)\d+(?:[.,]\d+)*")
GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
PLAIN = re.compile(r"\d+(?:,\d+)?")
DOT_DECIMAL = re.compile(r"\d+\.\d{1,2}")
DOTTED = re.compile(r"\d+(?:\.\d+)+")
UPPER = "A-ZĐÂĂÊÔƠƯ"
SPANS = (  # (rule, pattern): a number starting inside a match (or its group 1) is left out by the rule
    ("date", re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{2,4}(?![\d/])")),
    ("date", re.compile(r"(?<![\d/])/\d{1,2}/\d{4}(?![\d/])")),
    ("date", re.compile(r"(?<![\d/.,])(?:0?[1-9]|1[0-2])/(?:1[4-9]|20)\d\d(?![\d/])")),
    ("date", re.compile(r"(?<![\d:])\d{1,2}[:h]\d{2}(?![\d:])")),  # a time: 15:00, 8h30
    ("date", re.compile(r"\b(?:ngày|tháng)\s+(\d{1,2})(?![\d.,/])", re.I)),
    ("document", re.compile(rf"\d+(?:/\d{{4}})?[-/]\s*[{UPPER}][A-Za-zĐđ]*[-/][{UPPER}]")),
    ("document", re.compile(rf"\d+/\d{{4}}/[{UPPER}]")),
    ("document", re.compile(r"\bsố\s+(\d+)", re.I)),
    ("section", re.compile(r"(?<![^\W\d_])[IVXL]+\.(\d+(?:\.\d+)*)")),
    ("section", re.compile(r"\b(?:mục|phần|điều|khoản|chương|phụ lục)\s+(\d+(?:\.\d+)*)(?![\d,])", re.I)),
    ("list", re.compile(r"(?<![^\W_(])\(\d{1,2}\)")),
)
DASH = re.compile(r"\s*[-–—]\s*")


@dataclass
class Number:
    start: int  # offsets in the (normalised) text
    end: int
    line: int
    text: str
    value: Decimal | None = None
    high: Decimal | None = None  # upper end of a range
    unit: str | None = None  # unit id
    unit_end: int | None = None
    qualifier: str = ""
    excluded: str | None = None  # the rule that leaves it out
    mark: str = ""  # in data / value only / missing
    data_units: tuple[str, ...] = ()  # units the data writes this value in, when not the text's
    merged: bool = False  # the upper end of a range, read into the number before it

    @property
    def shown(self) -> str:
        low = plain(self.value) if self.value is not None else self.text
        return f"{low}-{plain(self.high)}" if self.high is not None else low


def plain(value: Decimal) -> str:
    """1382.08, 537978, 5: a machine number without exponent or trailing zeros."""
    return format(value.normalize(), "f")


def read_number(token: str, line_start: bool) -> tuple[Decimal | None, str | None]:
    """(value, None) for a number, (None, rule) for a token that is not one."""
    if GROUPED.fullmatch(token) or PLAIN.fullmatch(token):
        return Decimal(token.replace(".", "").replace(",", ".")), None
    if DOT_DECIMAL.fullmatch(token):
        return (None, "section") if line_start else (Decimal(token), None)
    if DOTTED.fullmatch(token) and all(len(part) <= 2 for part in token.split(".")):
        return None, "section"
    return None, "code"


# --- units, read from the catalogue ---

@dataclass
class Units:
    pattern: re.Pattern
    ids: dict[str, str]  # lower-case name -> unit id
    factor: dict[str, Decimal]
    base: dict[str, str]

    def at(self, text: str, pos: int) -> tuple[str, int] | None:
        """The unit written at `pos` (spaces first allowed) as (id, end offset), or None."""
        m = self.pattern.match(text, pos)
        if not m:
            return None
        name = re.sub(r"\s+", " ", m.group(1).lower())
        return self.ids[name], m.end()

    def amount(self, value: Decimal, unit: str) -> tuple[Decimal, str]:
        return value * self.factor.get(unit, Decimal(1)), self.base.get(unit, unit)


def units_from(rows: list[dict[str, str]]) -> Units:
    ids, factor, base = {}, {}, {}
    for row in rows:
        ids[nfc(row["name_vi"]).lower()] = row["id"]
        try:
            factor[row["id"]] = Decimal(row.get("factor") or "1")
        except InvalidOperation:
            factor[row["id"]] = Decimal(1)
        base[row["id"]] = row.get("base_unit_id") or row["id"]
    for name, unit in UNIT_ALIASES.items():
        if unit in factor:
            ids.setdefault(name, unit)
    names = sorted(ids, key=lambda n: (-len(n), n))
    words = "|".join(r"\s*".join(re.escape(w) for w in n.split(" ")) if n.startswith("%") else
                     r"\s+".join(re.escape(w) for w in n.split(" ")) for n in names)
    pattern = re.compile(rf"\s*({words})(?![^\W\d_])", re.I)  # also on the next line (a wrapped line, a table cell)
    return Units(pattern, ids, factor, base)


# --- reading a document ---

def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalise(raw: str) -> str:
    text = raw[1:] if raw.startswith("\ufeff") else raw
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def _line_start(text: str, pos: int) -> bool:
    return text[text.rfind("\n", 0, pos) + 1:pos].strip() == ""


def _words_before(text: str, pos: int, words: tuple[str, ...]) -> bool:
    before = text[max(0, pos - 20):pos].lower()
    return any(re.search(rf"(?<![^\W\d_]){re.escape(w)}\s+$", before) for w in words)


def _next_line(text: str, pos: int) -> str:
    b = text.find("\n", pos)
    while b >= 0:
        nxt = text.find("\n", b + 1)
        line = text[b + 1: len(text) if nxt < 0 else nxt].strip()
        if line:
            return line
        b = nxt
    return ""


def find_numbers(text: str, units: Units) -> list[Number]:
    """Every number of a normalised text, each either excluded (with its rule) or read."""
    spans = []
    for rule, pattern in SPANS:
        spans += [(m.start(1 if m.re.groups else 0), m.end(1 if m.re.groups else 0), rule)
                  for m in pattern.finditer(text)]
    numbers: list[Number] = []
    line, seen, unit_end = 1, 0, 0
    for m in NUMBER.finditer(text):
        if m.start() < unit_end:  # digits of the unit just read: km2, bác sĩ/1 vạn dân
            continue
        line += text.count("\n", seen, m.start())
        seen = m.start()
        num = Number(m.start(), m.end(), line, m.group())
        numbers.append(num)
        rule = next((r for a, b, r in spans if a <= m.start() < b), None)
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        unit = units.at(text, m.end())
        if rule is None and (before.isalpha() or (before == "-" and m.start() > 1 and text[m.start() - 2].isalpha())
                             or (after.isalpha() and unit is None)):
            rule = "code"
        line_start = _line_start(text, m.start())
        value, bad = read_number(m.group(), line_start)
        if rule or bad:
            num.excluded = rule or bad
            continue
        num.value = value
        if unit:
            num.unit, num.unit_end = unit
            unit_end = num.unit_end
        elif "rank" in units.factor and _words_before(text, m.start(), RANK_WORDS):
            num.unit, num.unit_end = "rank", m.end()
        if _words_before(text, m.start(), DOC_WORDS) and unit is None:
            num.excluded = "document"
        elif line_start and re.match(r"\d{1,2}[.)](?!\d)", text[m.start():]):
            num.excluded = "list"
        elif text[m.start() - 1:m.start()] == "/" and value == 1:
            num.excluded = "rate"
    _years(text, numbers)
    _document_lists(text, numbers)
    _alone(text, numbers, units)
    _ranges(text, numbers, units)
    for num in numbers:
        if num.excluded is None:
            num.qualifier = _qualifier(text, num)
    return [n for n in numbers if not n.merged]


def _year_like(num: Number) -> bool:
    return (num.excluded in (None, "year") and num.value is not None and len(num.text) == 4
            and num.text.isdigit() and 1400 <= int(num.text) <= 2100)


def _years(text: str, numbers: list[Number]) -> None:
    for i, num in enumerate(numbers):
        if num.excluded or not _year_like(num):
            continue
        pair = any(0 <= j < len(numbers) and _year_like(numbers[j])
                   and DASH.fullmatch(text[min(num.end, numbers[j].end):max(num.start, numbers[j].start)])
                   for j in (i - 1, i + 1))
        if pair or _words_before(text, num.start, YEAR_WORDS) or num.unit is None:
            num.excluded, num.unit = "year", None


def _document_lists(text: str, numbers: list[Number]) -> None:
    """Kế hoạch 31, 32, 33-KH/TU: the numbers listed before a document number are ones too."""
    for i in range(len(numbers) - 2, -1, -1):
        nxt, num = numbers[i + 1], numbers[i]
        if nxt.excluded == "document" and num.excluded is None and num.unit is None \
                and re.fullmatch(r"\s*(?:,|và)\s*", text[num.end:nxt.start]):
            num.excluded = "document"


def _alone(text: str, numbers: list[Number], units: Units) -> None:
    """Row numbers of a table laid out one cell per line, and page numbers left in the text."""
    last_row = 0
    for num in numbers:
        if num.excluded or num.unit or not num.text.isdigit() or len(num.text) > 3 or num.text.startswith("0") \
                or not _line_start(text, num.start):
            continue
        end = text.find("\n", num.end)
        rest = text[num.end:len(text) if end < 0 else end].strip()
        following = rest or _next_line(text, num.end)
        if not following[:1].isalpha() or units.pattern.match(following):
            continue
        if following[0].isupper() and int(num.text) in (1, last_row + 1):
            num.excluded, last_row = "table-row", int(num.text)
        elif following[0].islower() and not rest:
            num.excluded = "page"


def _ranges(text: str, numbers: list[Number], units: Units) -> None:
    """75 - 80, 75-80%, 75% - 80%: one number; its unit is the unit after the upper end."""
    for low, high in zip(numbers, numbers[1:]):
        if low.excluded or high.excluded or low.merged:
            continue
        gap = text[low.unit_end if low.unit else low.end:high.start]
        if not DASH.fullmatch(gap) or gap.count("\n") > 1:  # not a dash alone on its line (a table cell)
            continue
        if low.unit and low.unit != high.unit:
            continue
        if not high.value > low.value:
            continue
        low.high, low.unit, low.unit_end, low.end = high.value, high.unit, high.unit_end, high.end
        high.merged = True


def _qualifier(text: str, num: Number) -> str:
    before = text[max(0, num.start - 40):num.start].lower()
    words = []
    while True:
        sign = re.search(rf"([{SIGNS}])\s*$", before)
        if sign:
            words.insert(0, sign.group(1))
            before = before[:sign.start()]
            continue
        found = next((w for w in QUALIFIERS if re.search(rf"(?<![^\W\d_]){re.escape(w)}\s+$", before)), None)
        if not found or len(words) >= 3:
            break
        words.insert(0, found)
        before = re.sub(rf"{re.escape(found)}\s+$", "", before)
    end = num.unit_end if num.unit else num.end
    if re.match(r"\s*trở\s+lên(?![^\W\d_])", text[end:end + 20], re.I):
        words += ["…", "trở lên"] if words else ["trở lên"]
    return " ".join(words)


# --- the figures of a source ---

@dataclass
class Figures:
    singles: set = field(default_factory=set)  # (amount in the base unit, base unit)
    ranges: set = field(default_factory=set)  # (amount low, amount high, base unit)
    values: dict = field(default_factory=dict)  # value as written -> unit ids it is written with
    range_values: dict = field(default_factory=dict)  # (low, high) -> unit ids
    count: int = 0


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text not in (None, "") else None
    except InvalidOperation:
        return None


def figures_of(rows: list[dict[str, str]], units: Units) -> Figures:
    """What the data says: the value and value_high of each figure (in its unit) and the
    document's own '% of target' (reported_pct_of_target, in %)."""
    out = Figures()
    for row in rows:
        out.count += 1
        unit = row.get("unit_id") or ""
        value, high, pct = (_decimal(row.get(c)) for c in ("value", "value_high", "reported_pct_of_target"))
        for v, u in ((value, unit), (high, unit), (pct, "percent")):
            if v is not None:
                out.singles.add(units.amount(v, u))
                out.values.setdefault(v, set()).add(u)
        if value is not None and high is not None:
            (a, base), (b, _) = units.amount(value, unit), units.amount(high, unit)
            out.ranges.add((a, b, base))
            out.range_values.setdefault((value, high), set()).add(unit)
    return out


def mark(num: Number, figures: Figures, units: Units) -> tuple[str, tuple[str, ...]]:
    """(mark, the units the data writes this value in, when it does but in another unit)."""
    if num.high is not None:
        if num.unit:
            (a, base), (b, _) = units.amount(num.value, num.unit), units.amount(num.high, num.unit)
            if (a, b, base) in figures.ranges:
                return "in data", ()
        found = figures.range_values.get((num.value, num.high))
    else:
        if num.unit and units.amount(num.value, num.unit) in figures.singles:
            return "in data", ()
        found = figures.values.get(num.value)
    found = tuple(sorted(found or ()))
    if found and num.unit and num.unit not in LOOSE_UNITS and all(u in units.factor for u in found):
        return "missing", found  # the text's unit is known; the data has the value in other units only
    return ("value only", found) if found else ("missing", ())


# --- the command ---

class UsageError(Exception):
    """Bad input from the command line: the message is printed, the exit code is 2."""


@dataclass
class Coverage:
    text: str  # the document, normalised: for the context of each line, printed, never stored
    numbers: list[Number]  # counted and excluded, in document order
    figures: int  # figures of the source in the data

    @property
    def counted(self) -> list[Number]:
        return [n for n in self.numbers if n.excluded is None]

    def tally(self, mark_: str) -> int:
        return sum(1 for n in self.counted if n.mark == mark_)

    @property
    def found(self) -> int:
        return self.tally("in data") + self.tally("value only")

    def percent(self) -> Decimal:
        """Share of counted numbers found, one decimal, halves rounded up; 0.0 when none."""
        total = len(self.counted)
        if not total:
            return Decimal("0.0")
        return (Decimal(self.found) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def final_line(self) -> str:
        return f"{self.found} of {len(self.counted)} numbers in the data ({self.percent()} %)"


def coverage(paths: Paths, document: Path, source_id: str) -> Coverage:
    dataset = load(paths)
    sources = dataset.tables.get("sources")
    ids = [row.get("id", "") for row in (sources.rows if sources else [])]
    if source_id not in ids:
        raise UsageError(f"unknown source {source_id!r}: use an id of data/catalogues/sources.csv "
                         f"({', '.join(ids)})")
    try:
        text = normalise(document.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {document}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{document} is not UTF-8 text (byte {exc.start}); save it as plain text in UTF-8") \
            from None
    units = units_from(dataset.tables["units"].rows if "units" in dataset.tables else [])
    rows = [row for name in dataset.figure_resources if name in dataset.tables
            for row in dataset.tables[name].rows if row.get("source_id") == source_id]
    figures = figures_of(rows, units)
    numbers = find_numbers(text, units)
    for num in numbers:
        if num.excluded is None:
            num.mark, num.data_units = mark(num, figures, units)
    return Coverage(text, numbers, figures.count)


def context(text: str, start: int, end: int, width: int = 40) -> str:
    """`width` characters either side of a number, whitespace collapsed to one line."""
    def collapse(part: str) -> str:
        return re.sub(r"\s+", " ", part)
    left, right = collapse(text[max(0, start - 10 * width):start]), collapse(text[end:end + 10 * width])
    left = "…" + left[-width:] if len(left) > width else left.lstrip()
    right = right[:width] + "…" if len(right) > width else right.rstrip()
    return left + collapse(text[start:end]) + right


def lines(result: Coverage, missing_only: bool = False, excluded: bool = False) -> list[str]:
    """The report: one line per number (line | number | qualifier | unit | mark | context),
    a tally and the final line `N of M numbers in the data (P %)`."""
    text = result.text
    out = []
    for num in result.numbers:
        if num.excluded is not None:
            if excluded:
                out.append(f"{num.line:>5} | {num.text} | excluded: {num.excluded} | {context(text, num.start, num.end)}")
            continue
        if missing_only and num.mark != "missing":
            continue
        shown_mark = num.mark
        if num.data_units:
            shown_mark += (" (data: " if num.mark == "value only" else " (in data as ") + ", ".join(num.data_units) + ")"
        out.append(" | ".join((f"{num.line:>5}", num.shown, num.qualifier or "-", num.unit or "-", shown_mark,
                               context(text, num.start, num.end))))
    rules: dict[str, int] = {}
    for num in result.numbers:
        if num.excluded:
            rules[num.excluded] = rules.get(num.excluded, 0) + 1
    left_out = ", ".join(f"{k} {v}" for k, v in sorted(rules.items())) or "none"
    out.append(f"in data {result.tally('in data')}, value only {result.tally('value only')}, "
               f"missing {result.tally('missing')}; left out: {left_out}; "
               f"the source has {result.figures} figure(s) in the data")
    out.append(result.final_line())
    return out


def command(paths: Paths, document: str, source_id: str, missing_only: bool = False,
            excluded: bool = False) -> int:
    """`build.py numbers`: print the report; 0, or 2 for bad input (message on stderr)."""
    try:
        result = coverage(paths, Path(document), source_id)
    except UsageError as exc:
        print(f"numbers: {exc}", file=sys.stderr)
        return 2
    for line in lines(result, missing_only, excluded):
        print(line)
    return 0
