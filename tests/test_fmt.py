from decimal import Decimal

import pytest

from cbod import fmt
from cbod.text import fold, slugify
from conftest import EN, VI


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
    assert fmt.number(value, VI) == vi
    assert fmt.number(value, EN) == en


def test_value_text_keeps_qualifier_range_and_unit():
    s_vi = {"comparator": {"gt": "trên", "eq": "", "about": "khoảng"}}
    s_en = {"comparator": {"gt": "more than", "eq": "", "about": "about"}}
    usd = {"name_vi": "tỷ USD", "name_en": "billion USD"}
    pct = {"name_vi": "%", "name_en": "%"}
    rec = {"value": Decimal("4.4"), "value_high": None, "comparator": "gt"}
    assert fmt.value_text(rec, usd, VI, s_vi) == "trên 4,4 tỷ USD"
    assert fmt.value_text(rec, usd, EN, s_en) == "more than 4.4 billion USD"
    rng = {"value": Decimal("75"), "value_high": Decimal("80"), "comparator": "about"}
    assert fmt.value_text(rng, pct, VI, s_vi) == "khoảng 75–80%"


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


def test_interactive_charts_take_the_number_format_from_the_page(built):
    """charts.js holds no copy of the number formats: each chart's figure carries its
    language's format (site.yml), the same one the page text and static SVGs use."""
    import html
    import json
    import re
    from pathlib import Path

    js = (Path(__file__).resolve().parent.parent / "site_src/docs/assets/js/charts.js").read_text(encoding="utf-8")
    assert "thousands:" not in js and "decimal:" not in js
    for lang in (VI, EN):
        page = (built.site / lang.prefix / "indicators/thu-ngan-sach/index.html").read_text(encoding="utf-8")
        (fmt_attr,) = set(re.findall(r"data-number-format='([^']*)'", page))
        assert json.loads(html.unescape(fmt_attr)) == lang.number


def test_plural_category_of_a_number_as_written():
    """Plural categories are cached by the number as written: 1 is 'one' in English, 1.0 and
    1.5 are 'other' though Decimal("1.0") == Decimal("1"); Vietnamese has only 'other'."""
    from decimal import Decimal

    assert [EN.plural(n) for n in (1, Decimal("1"), Decimal("1.0"), Decimal("1.5"), 2, 1.0)] == \
        ["one", "one", "other", "other", "other", "other"]
    assert EN.plural(Decimal("1")) == "one" and EN.plural(Decimal("1.0")) == "other"  # cached either way
    assert {VI.plural(n) for n in (1, Decimal("1"), Decimal("1.0"), 2)} == {"other"}
