"""Text helpers shared by stages: ASCII slugs (đ -> d), search folding, and the plain,
language-free way a period or a comparator is written outside the pages."""
from __future__ import annotations

import re
import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


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
