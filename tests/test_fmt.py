from decimal import Decimal

import pytest

from cbod.render import fmt
from cbod.text import fold, slugify


@pytest.mark.parametrize("value, vi, en", [
    (Decimal("28618"), "28.618", "28,618"),
    (Decimal("4.46"), "4,46", "4.46"),
    (Decimal("1382.08"), "1.382,08", "1,382.08"),
    (Decimal("28618.5"), "28.618,5", "28,618.5"),
    (Decimal("1234567.125"), "1.234.567,125", "1,234,567.125"),
    (Decimal("999"), "999", "999"),
    (Decimal("-3.37"), "-3,37", "-3.37"),
    (Decimal("0.5"), "0,5", "0.5"),
    (Decimal("7.0"), "7,0", "7.0"),  # a published trailing zero is kept, never rounded away
])
def test_number_per_language(value, vi, en):
    assert fmt.number(value, "vi") == vi
    assert fmt.number(value, "en") == en


def test_value_text_keeps_qualifier_range_and_unit():
    s_vi = {"comparator": {"gt": "trên", "eq": "", "about": "khoảng"}}
    s_en = {"comparator": {"gt": "more than", "eq": "", "about": "about"}}
    usd = {"name_vi": "tỷ USD", "name_en": "billion USD"}
    pct = {"name_vi": "%", "name_en": "%"}
    rec = {"value": Decimal("4.4"), "value_high": None, "comparator": "gt"}
    assert fmt.value_text(rec, usd, "vi", s_vi) == "trên 4,4 tỷ USD"
    assert fmt.value_text(rec, usd, "en", s_en) == "more than 4.4 billion USD"
    rng = {"value": Decimal("75"), "value_high": Decimal("80"), "comparator": "about"}
    assert fmt.value_text(rng, pct, "vi", s_vi) == "khoảng 75–80%"


@pytest.mark.parametrize("text, slug", [
    ("Đầu tư công", "dau-tu-cong"),
    ("Du lịch", "du-lich"),
    ("Thu ngân sách (tỷ đồng)", "thu-ngan-sach-ty-dong"),
    ("Trùng Khánh – Đức Long", "trung-khanh-duc-long"),
])
def test_slugify_folds_d_stroke(text, slug):
    assert slugify(text) == slug


def test_fold_removes_all_marks():
    assert fold("Đầu tư, ngân sách, kim ngạch, Đức") == "Dau tu, ngan sach, kim ngach, Duc"


def test_interactive_charts_use_the_same_number_locale():
    """charts.js repeats the d3 locale for the runtime; it must say what fmt.D3_LOCALE says."""
    import json
    import re
    from pathlib import Path

    from cbod.render.fmt import D3_LOCALE
    js = (Path(__file__).resolve().parent.parent / "site_src/docs/assets/js/charts.js").read_text(encoding="utf-8")
    block = re.search(r"var LOCALES = \{(.*?)\n  \};", js, re.S).group(1)
    found = {}
    for lang, body in re.findall(r"(\w+): (\{.*?\})", block):
        found[lang] = json.loads(re.sub(r"(\w+):", r'"\1":', body))
    assert found == D3_LOCALE
