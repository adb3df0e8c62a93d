"""Numbers, values and periods written the way each language writes them.

vi: 28.618,5   en: 28,618.5   — data files keep plain machine numbers.
"""
from __future__ import annotations

from decimal import Decimal

from ..text import period_span

# d3-format locales for Vega: the static SVGs drawn here, and (as LOCALES in
# assets/js/charts.js, kept equal by tests/test_fmt.py) the interactive charts.
D3_LOCALE = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}
# The numbers in the text of the pages follow the same locale.
SEPARATORS = {lang: (loc["thousands"], loc["decimal"]) for lang, loc in D3_LOCALE.items()}


def number(value: Decimal | int | float | None, lang: str) -> str:
    """Exact: every digit of the stored value is kept, nothing is rounded."""
    if value is None:
        return ""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    sign = "-" if d < 0 else ""
    text = format(abs(d), "f")
    whole, _, frac = text.partition(".")
    thousands, decimal = SEPARATORS[lang]
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = thousands.join(groups)
    if frac:
        out += decimal + frac
    return sign + out


def value_text(rec: dict, unit: dict, lang: str, s: dict) -> str:
    """'trên 4,4 tỷ USD', '75–80 %', 'about 1,200 visits'."""
    low = number(rec["value"], lang)
    if rec.get("value_high") is not None:
        low = f"{low}–{number(rec['value_high'], lang)}"
    comparator = s["comparator"][rec["comparator"]]
    unit_name = unit[f"name_{lang}"]
    spaced = "" if unit_name == "%" else " "
    text = f"{low}{spaced}{unit_name}"
    return f"{comparator} {text}" if comparator else text


def period_text(rec: dict, lang: str, s: dict) -> str:
    span = period_span(rec["period_start"], rec["period_end"])
    return span if rec["period_start"] == rec["period_end"] else f"{span} ({s['aggregation'][rec['aggregation']]})"


def computed(value: float | None, lang: str, places: int = 2) -> str:
    """A number this site computed (a growth rate, a ratio), shown with a few decimals.
    Figures from the documents never pass through here: they are shown exactly by `number`."""
    if value is None:
        return ""
    d = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places)).normalize()
    return number(d, lang)
