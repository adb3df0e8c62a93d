"""Numbers, values and periods written the way each language writes them.

vi: 28.618,5   en: 28,618.5   — data files keep plain machine numbers. The separators are
the language's number format (site.yml), the same d3-format locale the charts use.
"""
from __future__ import annotations

import functools
from decimal import Decimal

from .languages import Language
from .text import period_span


def number(value: Decimal | int | float | None, lang: Language) -> str:
    """Exact: every digit of the stored value is kept, nothing is rounded."""
    if value is None:
        return ""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    sign = "-" if d < 0 else ""
    text = format(abs(d), "f")
    whole, _, frac = text.partition(".")
    thousands, decimal = lang.separators
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = thousands.join(groups)
    if frac:
        out += decimal + frac
    return sign + out


def unit_name(unit: dict, lang: Language, n) -> str:
    """The unit's name after the number n, in the plural form the language gives n
    ('1 school', '2 schools'): column name_<category>_<code>, or name_<code>."""
    return unit.get(f"name_{lang.plural(n)}_{lang}") or unit[f"name_{lang}"]


def plural(forms: dict, n, lang: Language) -> str:
    """A plural message of a strings file ({one: "{n} figure", other: "{n} figures"}) for n."""
    return forms[lang.plural(n)].format(n=number(n, lang))


def value_text(rec: dict, unit: dict, lang: Language, s: dict) -> str:
    """'trên 4,4 tỷ USD', '75–80 %', 'about 1,200 visits', 'at least 1 school'."""
    low = number(rec["value"], lang)
    last = rec["value"]
    if rec.get("value_high") is not None:
        low = f"{low}–{number(rec['value_high'], lang)}"
        last = rec["value_high"]
    comparator = s["comparator"][rec["comparator"]]
    unit_name_ = unit_name(unit, lang, last)
    spaced = "" if unit_name_ == "%" else " "
    text = f"{low}{spaced}{unit_name_}"
    return f"{comparator} {text}" if comparator else text


def period_text(rec: dict, lang: Language, s: dict) -> str:
    span = period_span(rec["period_start"], rec["period_end"])
    return span if rec["period_start"] == rec["period_end"] else f"{span} ({s['aggregation'][rec['aggregation']]})"


def computed(value: float | None, lang: Language, places: int = 2) -> str:
    """A number this site computed (a growth rate, a ratio), shown with a few decimals.
    Figures from the documents never pass through here: they are shown exactly by `number`."""
    if value is None:
        return ""
    d = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places)).normalize()
    return number(d, lang)


@functools.lru_cache(maxsize=256)
def date_text(value: str, lang: Language) -> str:
    """A document date as precise as it is written: '2025' stays the year, '2025-12' is the
    month ('tháng 12 năm 2025', 'December 2025'), '2020-05-12' the day ('12 tháng 5, 2020',
    'May 12, 2020'), in the language's own (CLDR) long format."""
    from datetime import date

    from babel.dates import format_date, format_skeleton

    parts = [int(p) for p in str(value or "").split("-") if p.isdigit()]
    if len(parts) == 3:
        return format_date(date(*parts), "long", locale=lang.babel)
    if len(parts) == 2:
        return format_skeleton("yMMMM", date(parts[0], parts[1], 1), locale=lang.babel)
    return str(value or "")
