"""`build.py numbers PATH --source ID`: the coverage of a new document by the data.

The document is made up for the test (a made-up province, "tỉnh Mẫu"), with a number in every
format the tool must read and every kind of number it must leave out. The data is a copy of
the project's with one made-up source and seven figure rows. Every expected value below was
worked out by hand from these lines and rows."""
from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

import build
from cbod import coverage, pipeline
from helpers import append_row, file_hashes

SOURCE = "mau-2026"
DOCUMENT = [
    "Báo cáo số 12/BC-UBT ngày 05/3/2026 của tỉnh Mẫu",                                      # 1
    "I. KẾT QUẢ GIAI ĐOẠN 2021 - 2025",                                                       # 2
    "1. Kinh tế",                                                                             # 3
    "1.1. Tổng sản phẩm tăng bình quân 6,25%/năm; quy mô đạt 1.382,08 tỷ đồng.",              # 4
    "Thu ngân sách ước đạt khoảng 2,5 nghìn tỷ đồng, gấp 05 lần năm 2020.",                   # 5
    "Dân số có 537.978 người, trong đó trên 90% là đồng bào các dân tộc.",                    # 6
    "Độ che phủ rừng phấn đấu đạt 75 - 80% vào năm 2030; đón hơn 1,2 triệu lượt khách.",      # 7
    "Theo Nghị quyết 70/NQ-HĐND và Kế hoạch 31, 32, 33-KH/TT, tỉnh xếp thứ 4 cả nước.",       # 8
    "(3) Mục 2.3 nêu tối thiểu 14 xã đạt chuẩn và 08 cửa khẩu phụ.",                          # 9
    "Sau dịch COVID-19, diện tích trồng mới đạt 1.250 ha.",                                   # 10
    "Thu ngân sách bằng 110% dự toán.",                                                       # 11
    "TT",                                                                                     # 12
    "Chỉ tiêu",                                                                               # 13
    "1",                                                                                      # 14
    "Sản lượng lúa",                                                                          # 15
    "12,5",                                                                                   # 16
    "2",                                                                                      # 17
    "Số hộ nghèo",                                                                            # 18
    "340",                                                                                    # 19
]

# (line, number as read, qualifier, unit, mark) of every number counted, in document order
COUNTED = [
    (4, "6.25", "-", "percent", "missing"),
    (4, "1382.08", "đạt", "billion-vnd", "in data"),
    (5, "2.5", "ước đạt khoảng", "trillion-vnd", "in data"),  # the data has it as 2500 billion-vnd
    (5, "5", "gấp", "times", "missing"),
    (6, "537978", "-", "person", "missing"),
    (6, "90", "trên", "percent", "in data"),
    (7, "75-80", "đạt", "percent", "in data"),
    (7, "1.2", "hơn", "million-visits", "missing"),
    (8, "4", "-", "rank", "in data"),
    (9, "14", "tối thiểu", "commune", "missing (in data as percent)"),
    (9, "8", "-", "-", "value only (data: item)"),
    (10, "1250", "đạt", "ha", "missing"),
    (11, "110", "-", "percent", "in data"),  # the document's own % of target (reported_pct_of_target)
    (16, "12.5", "-", "-", "missing"),
    (19, "340", "-", "-", "missing"),
]
# (line, token, rule) of every number left out
EXCLUDED = [
    (1, "12", "document"), (1, "05", "date"), (1, "3", "date"), (1, "2026", "date"),
    (2, "2021", "year"), (2, "2025", "year"),
    (3, "1", "list"),
    (4, "1.1", "section"),
    (5, "2020", "year"),
    (7, "2030", "year"),
    (8, "70", "document"), (8, "31", "document"), (8, "32", "document"), (8, "33", "document"),
    (9, "3", "list"), (9, "2.3", "section"),
    (10, "19", "code"),
    (14, "1", "table-row"), (17, "2", "table-row"),
]
FINAL = "7 of 15 numbers in the data (46.7 %)"  # 6 in data + 1 value only, of 15; 700/15 = 46.67


def _figure(indicator, value, unit, locator, **more):
    row = {"indicator_id": indicator, "period_start": "2025", "period_end": "2025", "aggregation": "year",
           "kind": "actual", "comparator": "eq", "value": value, "unit_id": unit, "source_id": SOURCE,
           "locator": locator, "locator_en": locator}
    row.update(more)
    return row


@pytest.fixture
def mau(project, tmp_path):
    """The project's data plus the made-up source and its figures; the document outside it."""
    root = project.root
    append_row(root / "data/catalogues/sources.csv", {
        "id": SOURCE, "short_vi": "Báo cáo thử (2026)", "short_en": "Test report (2026)",
        "title_vi": "Báo cáo thử của tỉnh Mẫu", "title_en": "Test report of Mẫu province",
        "issuer_vi": "Tỉnh Mẫu", "issuer_en": "Mẫu province", "doc_type": "resolution", "date": "2026-03-05",
        "covers_vi": "Thử", "covers_en": "Test", "seed_file": "bao-cao-mau.txt"})
    budget, society = root / "data/figures/budget.csv", root / "data/figures/socioeconomic.csv"
    append_row(budget, _figure("thu-ngan-sach", "1382.08", "billion-vnd", "I.1.1",
                               reported_pct_of_target="110"))
    append_row(budget, _figure("thu-ngan-sach", "2500", "billion-vnd", "I.1, dòng 5", kind="estimate",
                               comparator="about"))
    append_row(society, _figure("ty-le-che-phu-rung", "75", "percent", "I.1, dòng 7", period_start="2030",
                                period_end="2030", kind="target", value_high="80"))
    append_row(society, _figure("so-cua-khau-phu", "8", "item", "Mục 2.3"))
    append_row(society, _figure("so-xa-dat-chuan-quoc-gia-ve-y-te", "14", "percent", "Mục 2.3"))
    append_row(society, _figure("dan-so", "90", "percent", "I.1, dòng 6", comparator="gt"))
    append_row(society, _figure("xep-hang-dti", "4", "rank", "I.1, dòng 8"))
    doc = tmp_path / "bao-cao-mau.txt"
    doc.write_text("\n".join(DOCUMENT) + "\n", encoding="utf-8")
    return project, doc


def run(capsys, project, *args):
    code = build.main(["--root", str(project.root), "numbers", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def report_rows(lines):
    """The number lines of a report, split into their six columns."""
    return [tuple(part.strip() for part in line.split(" | ", 5)) for line in lines[:-2]]


def test_every_number_read_marked_and_counted(mau, capsys):
    project, doc = mau
    code, lines, err = run(capsys, project, doc, "--source", SOURCE)
    assert code == 0 and err == ""
    rows = report_rows(lines)
    assert [(int(r[0]), *r[1:5]) for r in rows] == COUNTED
    assert lines[-1] == FINAL
    assert lines[-2].startswith("in data 6, value only 1, missing 8; ")
    assert "the source has 7 figure(s) in the data" in lines[-2]


def test_excluded_numbers_and_their_rules(mau, capsys):
    project, doc = mau
    code, lines, _ = run(capsys, project, doc, "--source", SOURCE, "--excluded")
    assert code == 0
    excluded = [(int(r[0]), r[1], r[2].removeprefix("excluded: ")) for r in report_rows(lines)
                if r[2].startswith("excluded: ")]
    assert excluded == EXCLUDED
    assert "left out: code 1, date 3, document 5, list 2, section 2, table-row 2, year 4;" in lines[-2]
    assert lines[-1] == FINAL  # showing them does not count them


def test_missing_only(mau, capsys):
    project, doc = mau
    code, lines, _ = run(capsys, project, doc, "--source", SOURCE, "--missing")
    assert code == 0
    assert [(int(r[0]), r[1]) for r in report_rows(lines)] == [
        (line, number) for line, number, _, _, mark in COUNTED if mark.startswith("missing")]
    assert lines[-1] == FINAL  # the count is the same


def test_context_is_short_and_on_one_line(mau, capsys):
    project, doc = mau
    _, lines, _ = run(capsys, project, doc, "--source", SOURCE)
    rows = report_rows(lines)
    context = dict(((r[0], r[1]), r[5]) for r in rows)
    assert context[("4", "1382.08")] == ("…ẩm tăng bình quân 6,25%/năm; quy mô đạt 1.382,08 tỷ đồng. "
                                         "Thu ngân sách ước đạt khoảng 2…")  # the next line joined
    assert context[("19", "340")] == "…tiêu 1 Sản lượng lúa 12,5 2 Số hộ nghèo 340"  # the end: no "…"
    for r in rows:  # at most 40 characters either side, two "…", and the number as written
        assert len(r[5]) <= 2 * 40 + 2 + len("75 - 80%"), r


def test_nothing_is_written(mau, capsys):
    project, doc = mau
    before = file_hashes(project.root)
    run(capsys, project, doc, "--source", SOURCE)
    assert file_hashes(project.root) == before


def test_marks_are_per_source(mau, capsys):
    """The same document against another source, whose three figures (20000 người, 50 %, 3 di
    tích) are none of its numbers: every number is missing."""
    project, doc = mau
    _, lines, _ = run(capsys, project, doc, "--source", "hd-ctr06-2025")
    assert {r[4] for r in report_rows(lines)} == {"missing"}
    assert lines[-1] == "0 of 15 numbers in the data (0.0 %)"


def test_unknown_source_and_unreadable_file(mau, capsys, tmp_path):
    project, doc = mau
    code, lines, err = run(capsys, project, doc, "--source", "no-such-source")
    assert code == 2 and lines == []
    assert "unknown source 'no-such-source'" in err and "nq70-hdnd-2025" in err
    code, lines, err = run(capsys, project, tmp_path / "absent.txt", "--source", SOURCE)
    assert code == 2 and "cannot read" in err and lines == []
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Dân số 537.978 người".encode("cp1258", errors="replace"))
    code, _, err = run(capsys, project, latin1, "--source", SOURCE)
    assert code == 2 and "is not UTF-8" in err
    with pytest.raises(SystemExit) as exc:  # --source is required
        build.main(["--root", str(project.root), "numbers", str(doc)])
    assert exc.value.code == 2


def test_a_document_with_no_figures(mau, capsys, tmp_path):
    project, _ = mau
    doc = tmp_path / "empty.txt"
    doc.write_text("Nghị quyết số 5 ngày 01/02/2026, nhiệm kỳ 2026 - 2030.\r\n", encoding="utf-8-sig")
    code, lines, _ = run(capsys, project, doc, "--source", SOURCE)
    assert code == 0 and lines[-1] == "0 of 0 numbers in the data (0.0 %)"


def test_the_percentage_rounds_halves_up():
    """1 of 16 is 6.25 %: shown 6.3 (halves up), where Python's round() would give 6.2."""
    numbers = [coverage.Number(0, 1, 1, "1", mark="in data")] + \
        [coverage.Number(0, 1, 1, "1", mark="missing") for _ in range(15)]
    assert coverage.Coverage("", numbers, 1).final_line() == "1 of 16 numbers in the data (6.3 %)"


def test_help_lists_every_rule(capsys):
    with pytest.raises(SystemExit) as exc:
        build.main(["numbers", "--help"])
    assert exc.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for rule in ("date", "document", "section", "list", "code", "year", "table-row", "page", "rate"):
        assert f" {rule} " in out, rule
    assert "N of M numbers in the data (P %)" in out
    assert "2021 - 2025, 2021-2025 and (1499 - 2024) are periods, not ranges" in out


@pytest.mark.parametrize("token, value", [
    ("1.382,08", "1382.08"), ("537.978", "537978"), ("4,46", "4.46"), ("05", "5"), ("28.618", "28618"),
    ("1.004.222.478", "1004222478"), ("0,88", "0.88"), ("4.0", "4.0"),
])
def test_vietnamese_numbers(token, value):
    read, rule = coverage.read_number(token, line_start=False)
    assert rule is None and read == Decimal(value)


@pytest.mark.parametrize("token, line_start, rule", [
    ("2.1", True, "section"), ("1.2.3", False, "section"), ("0206.3853.971", False, "code"), ("1,2.3", False, "code"),
])
def test_not_numbers(token, line_start, rule):
    assert coverage.read_number(token, line_start) == (None, rule)


def _read(text):
    units = coverage.units_from([
        {"id": "percent", "name_vi": "%", "base_unit_id": "percent", "factor": "1"},
        {"id": "person", "name_vi": "người", "base_unit_id": "person", "factor": "1"},
        {"id": "billion-vnd", "name_vi": "tỷ đồng", "base_unit_id": "billion-vnd", "factor": "1"},
        {"id": "km2", "name_vi": "km²", "base_unit_id": "km2", "factor": "1"},
        {"id": "doctor-per-10k", "name_vi": "bác sĩ/vạn dân", "base_unit_id": "doctor-per-10k", "factor": "1"},
    ])
    return coverage.find_numbers(coverage.normalise(text), units)


def test_layouts_of_real_documents():
    """Line breaks inside a figure, a page number inside a sentence, a unit with a digit,
    a rate, a table row that does not follow the previous one, a time."""
    numbers = _read("tăng\n1.382,08 tỷ\n\nđồng; có\n17\nxã mới; diện tích 4.500km2; duy trì 15 bác sĩ/1 vạn dân\n"
                    "1\nTổng\n5\nTỉ lệ\nlúc 15:00 có 3 - \n5% và 2025 -2030")
    read = [(n.shown, n.unit, n.excluded) for n in numbers]
    assert read == [
        ("1382.08", "billion-vnd", None),  # the unit wraps onto a later line
        ("17", None, "page"),  # alone on its line, the sentence goes on in lower case
        ("4500", "km2", None),  # the 2 of km2 is part of the unit, not a number
        ("15", "doctor-per-10k", None),  # the 1 of "/1 vạn dân" too
        ("1", None, "table-row"),
        ("5", None, None),  # not 2, the row after 1: a value, not a row number
        ("15", None, "date"), ("00", None, "date"),
        ("3-5", "percent", None),  # a range across a line break
        ("2025", None, "year"), ("2030", None, "year"),
    ]


def test_ranges_and_periods_without_spaces():
    numbers = _read("giai đoạn 2021-2025 đạt 75-80%; 2.000 người; 10 - 8 người; 1500 người")
    assert [(n.shown, n.unit, n.excluded) for n in numbers] == [
        ("2021", None, "year"), ("2025", None, "year"),  # a period, not the range 2021-2025
        ("75-80", "percent", None),
        ("2000", "person", None),  # a dot and three digits: not a year
        ("10", None, None), ("8", "person", None),  # the upper end is not higher: two numbers
        ("1500", "person", None),  # four digits in 1400-2100, but a unit follows: not a year
    ]


# --- the worked example of CONTRIBUTING.md ("Add a whole new document") works as written ---

GUIDE = Path(__file__).resolve().parent.parent / "CONTRIBUTING.md"
# the figure columns in the order the guide's rows are written (the header of data/figures/*.csv)
GUIDE_COLUMNS = ("indicator_id,period_start,period_end,aggregation,kind,comparator,value,value_high,unit_id,"
                 "base_period,price_basis,source_id,locator,locator_en,reported_status,reported_pct_of_target,"
                 "note_vi,note_en").split(",")


def _blocks(section: str) -> list[tuple[str, str]]:
    """(language, body) of the fenced blocks of one section of the guide."""
    return re.findall(r"```(\w+)\n(.*?)```", section, re.S)


def _guide_sections() -> tuple[str, str]:
    text = GUIDE.read_text(encoding="utf-8")
    vi = text.split("### Thêm một văn bản mới, từng bước")[1].split("## English")[0]
    en = text.split("### Add a whole new document, step by step")[1]
    return vi, en


def test_the_guide_example_is_the_same_in_both_languages():
    vi, en = _guide_sections()
    same = [(kind, body) for kind, body in _blocks(vi) if kind in ("text", "csv")]
    assert same and same == [(kind, body) for kind, body in _blocks(en) if kind in ("text", "csv")]


def test_the_guide_example_passes_the_check_and_the_tool(project, tmp_path, capsys):
    """The source row, figure rows and terms row of the guide pass `make check`; the tool finds
    6 of the 7 numbers of the example document (the tourism revenue, 5.000 tỷ đồng on line 10,
    is the one the guide leaves for step 9), then all 7 once that row is added."""
    vi, _ = _guide_sections()
    blocks = _blocks(vi)
    document = blocks[0][1]
    csv_blocks = [body for kind, body in blocks if kind == "csv"]
    source_row, figure_rows, terms_row = csv_blocks
    root = project.root
    (root / "data/catalogues/sources.csv").open("a", encoding="utf-8").write(source_row)
    (root / "data/catalogues/terms.csv").open("a", encoding="utf-8").write(terms_row)
    target = None
    for line in figure_rows.splitlines():
        if line.startswith("# "):
            target = root / line[2:]
        else:
            append_row(target, dict(zip(GUIDE_COLUMNS, next(csv.reader([line])))))
    result = pipeline.check(project)
    assert result.ok, "\n".join(result.report.lines())
    doc = tmp_path / "nq99-hdnd-2026.txt"
    doc.write_text(document, encoding="utf-8")
    code, lines, _ = run(capsys, project, doc, "--source", "nq99-hdnd-2026", "--missing")
    assert code == 0
    assert [r[:5] for r in report_rows(lines)] == [("10", "5000", "-", "billion-vnd", "missing")]
    assert lines[-1] == "6 of 7 numbers in the data (85.7 %)"
    append_row(root / "data/figures/tourism.csv", {
        "indicator_id": "tong-thu-tu-khach-du-lich", "period_start": "2027", "period_end": "2027",
        "aggregation": "year", "kind": "plan", "comparator": "eq", "value": "5000", "unit_id": "billion-vnd",
        "source_id": "nq99-hdnd-2026", "locator": "Điều 1, mục 2 (Chỉ tiêu năm 2027), chỉ tiêu (4)",
        "locator_en": "Article 1, item 2 (2027 targets), target (4)"})
    _, lines, _ = run(capsys, project, doc, "--source", "nq99-hdnd-2026")
    assert lines[-1] == "7 of 7 numbers in the data (100.0 %)"
    assert pipeline.check(project).ok


def test_a_value_in_another_unit():
    """A unit the text states and the data does not: missing, with the data's units shown;
    a loose one (điểm: "834 điểm trường" are school sites, not a score): value only."""
    units = coverage.units_from([
        {"id": "item", "name_vi": "đơn vị", "base_unit_id": "item", "factor": "1"},
        {"id": "score", "name_vi": "điểm", "base_unit_id": "score", "factor": "1"},
        {"id": "commune", "name_vi": "xã", "base_unit_id": "commune", "factor": "1"},
    ])
    figures = coverage.figures_of([{"value": "834", "unit_id": "item"}], units)
    sites, communes = coverage.find_numbers("có 834 điểm trường và 834 xã", units)
    assert (sites.unit, communes.unit) == ("score", "commune")
    assert coverage.mark(sites, figures, units) == ("value only", ("item",))
    assert coverage.mark(communes, figures, units) == ("missing", ("item",))


def test_the_one_of_a_rate():
    numbers = _read("bình quân 4 người/1 hộ")
    assert [(n.shown, n.unit, n.excluded) for n in numbers] == [("4", "person", None), ("1", None, "rate")]
