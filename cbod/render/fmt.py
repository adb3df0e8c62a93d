"""Numbers, values and periods written the way each language writes them.

vi: 28.618,5   en: 28,618.5   — data files keep plain machine numbers. The separators are
the language's number format (site.yml), the same d3-format locale the charts use.
"""
from __future__ import annotations

from decimal import Decimal

from ..languages import Language
from ..text import period_span


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
