"""Text helpers shared by stages: ASCII slugs (đ -> d), search folding, and the plain,
language-free way a period or a comparator is written outside the pages."""
from __future__ import annotations

import functools
import re
import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


@functools.lru_cache(maxsize=65536)  # sort keys ask for the same names again and again
def fold(text: str) -> str:
    """Remove Vietnamese tone and vowel marks, including đ -> d (which Unicode does not decompose)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """'Đầu tư công' -> 'dau-tu-cong'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def heading_slug(value: str, separator: str = "-") -> str:
    """Heading anchors for Python-Markdown's toc extension (mkdocs.yml): ASCII, đ -> d."""
    return slugify(value).replace("-", separator)


# Comparators as signs, for plain-text places that are the same in both languages
# (the prefilled correction form, the data diff of a pull request).
COMPARATOR_SIGNS = {"eq": "", "gt": ">", "ge": "≥", "lt": "<", "le": "≤", "about": "~", "nearly": "≈"}


def period_span(start, end, dash: str = "–") -> str:
    """'2024' for one year, '2021–2025' for a period."""
    return str(start) if str(start) == str(end) else f"{start}{dash}{end}"


def plain_value(row: dict) -> str:
    """A figure as the CSV writes it, with its comparator as a sign: '> 4.4 billion-usd', '75–80 percent'."""
    comparator = str(row.get("comparator") or "")
    sign = COMPARATOR_SIGNS.get(comparator, comparator)
    text = (f"{sign} " if sign else "") + str(row.get("value") if row.get("value") is not None else "")
    if row.get("value_high") not in (None, ""):
        text += f"–{row['value_high']}"
    return f"{text} {row.get('unit_id') or ''}".strip()


_ORDINALS = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_ROMAN = re.compile(r"^[IVXLC]+$")
_TOKEN = re.compile(r"[A-Za-z]+|\d+")


def _roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(text, text[1:] + " "):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def section_key(locator: str) -> tuple:
    """A locator's place in its document, from its numbering: 'Phần thứ nhất, II.1.4 (…)'
    before 'Phần thứ hai, III.2 (…), chỉ tiêu (10)', 'chỉ tiêu (9)' before 'chỉ tiêu (10)',
    the parts before the appendix ('Phụ lục'). Headings in parentheses are left out of the
    comparison except as the last tie-breaker; numbers, Roman numerals, Vietnamese ordinals
    and section letters (a, b, c) compare as numbers."""
    numbering = re.sub(r"\((?!\d+\))[^()]*(\([^()]*\)[^()]*)*\)", " ", locator)  # drop headings, keep "(10)"
    key = []
    for token in _TOKEN.findall(fold(numbering)):
        if token.isdigit():
            key.append((0, int(token)))
        elif _ROMAN.match(token):
            key.append((0, _roman(token)))
        elif token.lower() in _ORDINALS:
            key.append((0, _ORDINALS[token.lower()]))
        elif len(token) == 1 and token.islower():
            key.append((0, ord(token) - ord("a") + 1))
        else:
            key.append((1, token.lower()))
    return tuple(key), fold(locator).lower()
