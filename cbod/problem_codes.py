"""Every code a `Problem` can carry, in one place: a bilingual title and one line on what to do.

`Problem` refuses a code that is not listed here. The codes come from this project's checks
(load.py, validate/) or pass through from Frictionless, which validates the Table Schema;
a Frictionless error of a type not listed becomes `frictionless-error`, its own type named in
the message. data/README.md shows the list as a table: after editing it, run
`python -m cbod.problem_codes` to rewrite that table (tests/test_problem_codes.py checks that
the code, this list and the table agree).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT, FRICTIONLESS, BOTH = "check", "Frictionless", "check, Frictionless"


@dataclass(frozen=True)
class Code:
    title_en: str
    title_vi: str
    fix_en: str
    fix_vi: str
    origin: str  # PROJECT: this project's checks; FRICTIONLESS: the Table Schema validation; BOTH
    severity: str = "error"  # "warning": reported, never fails the build (Problem checks it agrees)


CODES: dict[str, Code] = {
    # --- reading the files (cbod/load.py) ---
    "package-error": Code(
        "datapackage.json or a schema file cannot be read", "không đọc được datapackage.json hoặc tệp lược đồ",
        "fix the JSON syntax the message points to (a missing comma or bracket)",
        "sửa lỗi cú pháp JSON mà thông báo chỉ ra (thiếu dấu phẩy, dấu ngoặc)", BOTH),
    "unsafe-path": Code(
        "a path leads outside data/", "đường dẫn ra ngoài thư mục data/",
        "write the resource's path or schema as a relative path inside data/, without '..'",
        "ghi path hoặc schema của tài nguyên là đường dẫn tương đối trong data/, không dùng '..'", PROJECT),
    "missing-file": Code(
        "a listed file does not exist", "tệp được khai báo không tồn tại",
        "restore the file, or correct or remove its resource in datapackage.json",
        "khôi phục tệp, hoặc sửa hay xóa tài nguyên đó trong datapackage.json", PROJECT),
    "encoding-error": Code(
        "the file is not UTF-8 text", "tệp không phải văn bản UTF-8",
        "save the file again as 'CSV UTF-8' from the spreadsheet",
        "lưu lại tệp từ bảng tính dưới dạng 'CSV UTF-8'", BOTH),
    "csv-error": Code(
        "the CSV cannot be parsed", "không phân tích được tệp CSV",
        "look at the row named (often a quotation mark left open), or save the file again from a spreadsheet",
        "xem dòng được nêu (thường là dấu ngoặc kép chưa đóng), hoặc lưu lại tệp từ bảng tính", PROJECT),
    "site-config": Code(
        "site_src/site.yml is wrong", "site_src/site.yml bị sai",
        "correct the key named (languages, headline, profile_topic...) as the message says",
        "sửa khóa được nêu (languages, headline, profile_topic...) theo thông báo", PROJECT),
    # --- the package against the files (cbod/validate/structure.py) ---
    "unlisted-file": Code(
        "a CSV under data/ is not in datapackage.json", "tệp CSV trong data/ chưa có trong datapackage.json",
        "add a resource for it to datapackage.json, or delete the file",
        "thêm tài nguyên cho tệp vào datapackage.json, hoặc xóa tệp", PROJECT),
    "package-metadata": Code(
        "the package's homepage or licence is missing", "thiếu homepage hoặc giấy phép của gói dữ liệu",
        "give datapackage.json a homepage (https://…/) and a licence with a path",
        "ghi homepage (https://…/) và một giấy phép có path trong datapackage.json", PROJECT),
    "schema-error": Code(
        "datapackage.json is not a valid Data Package", "datapackage.json không phải Data Package hợp lệ",
        "correct the descriptor or Table Schema as the message says (a field type, a key)",
        "sửa mô tả gói hoặc lược đồ bảng theo thông báo (kiểu cột, khóa)", BOTH),
    # --- Frictionless, passed through: the header ---
    "extra-label": Code(
        "a column the schema does not define", "cột không có trong lược đồ",
        "delete the column, or add the field to the schema first",
        "xóa cột, hoặc thêm trường đó vào lược đồ trước", FRICTIONLESS),
    "missing-label": Code(
        "a column of the schema is missing", "thiếu một cột của lược đồ",
        "add the column back to the header (it may stay empty where allowed)",
        "thêm lại cột vào dòng tiêu đề (được để trống nếu cột cho phép)", FRICTIONLESS),
    "incorrect-label": Code(
        "a column name differs from the schema", "tên cột khác với lược đồ",
        "rename the header cell exactly as the schema spells it",
        "đổi tên ô tiêu đề đúng như lược đồ", FRICTIONLESS),
    "duplicate-label": Code(
        "a column name appears twice", "tên cột bị lặp",
        "delete or rename one of the two columns", "xóa hoặc đổi tên một trong hai cột", FRICTIONLESS),
    "blank-label": Code(
        "a column has no name", "cột không có tên",
        "name the column, or delete it if it holds nothing", "đặt tên cột, hoặc xóa nếu cột trống", FRICTIONLESS),
    "blank-header": Code(
        "the header row is empty", "dòng tiêu đề trống",
        "put the column names in the first row", "ghi tên các cột ở dòng đầu tiên", FRICTIONLESS),
    # --- Frictionless: rows and cells ---
    "blank-row": Code(
        "an empty row", "dòng trống",
        "delete the empty row", "xóa dòng trống", FRICTIONLESS),
    "missing-cell": Code(
        "a row has fewer cells than the header", "dòng thiếu ô so với tiêu đề",
        "add the missing commas or cells so the row has every column",
        "thêm dấu phẩy hoặc ô còn thiếu để dòng có đủ các cột", FRICTIONLESS),
    "extra-cell": Code(
        "a row has more cells than the header", "dòng thừa ô so với tiêu đề",
        "remove the extra cell, or quote a text that contains a comma",
        "xóa ô thừa, hoặc đặt trong ngoặc kép văn bản có dấu phẩy", FRICTIONLESS),
    "type-error": Code(
        "a value of the wrong type", "giá trị sai kiểu",
        "write numbers the machine way (1382.08, no thousands separator) and years as whole numbers",
        "viết số dạng máy (1382.08, không phân cách hàng nghìn), năm là số nguyên", FRICTIONLESS),
    "constraint-error": Code(
        "a value breaks a rule of its column", "giá trị vi phạm quy tắc của cột",
        "fill a required cell, or use one of the allowed values or the pattern the message names",
        "điền ô bắt buộc, hoặc dùng giá trị/mẫu được phép mà thông báo nêu", FRICTIONLESS),
    "unique-error": Code(
        "a value repeated in a column that must be unique", "giá trị lặp ở cột phải duy nhất",
        "give the row its own id, or delete the repeated row", "đặt mã riêng cho dòng, hoặc xóa dòng lặp",
        FRICTIONLESS),
    "primary-key": Code(
        "a row repeats another in every key column", "dòng trùng dòng khác ở mọi cột khóa",
        "delete the repeated row, or correct one of its key cells",
        "xóa dòng lặp, hoặc sửa một ô khóa", FRICTIONLESS),
    "foreign-key": Code(
        "an id that its catalogue does not have", "mã không có trong danh mục",
        "correct the id, or add a row for it to the catalogue named",
        "sửa mã, hoặc thêm một dòng cho mã đó vào danh mục được nêu", FRICTIONLESS),
    # --- Frictionless: the resource itself ---
    "resource-error": Code(
        "a resource of datapackage.json is malformed", "một tài nguyên trong datapackage.json bị sai",
        "correct the resource's name, path or schema as the message says",
        "sửa name, path hoặc schema của tài nguyên theo thông báo", FRICTIONLESS),
    "field-error": Code(
        "a field of a Table Schema is malformed", "một trường trong lược đồ bảng bị sai",
        "correct the field's name, type or constraints in the schema",
        "sửa tên, kiểu hoặc ràng buộc của trường trong lược đồ", FRICTIONLESS),
    "format-error": Code(
        "the file is not in the format declared", "tệp không đúng định dạng khai báo",
        "save the table as CSV and give its path the .csv extension",
        "lưu bảng dưới dạng CSV, đường dẫn có đuôi .csv", FRICTIONLESS),
    "source-error": Code(
        "the file's contents cannot be read as a table", "không đọc được nội dung tệp thành bảng",
        "open the file in a spreadsheet and save it again as 'CSV UTF-8'",
        "mở tệp bằng bảng tính và lưu lại dưới dạng 'CSV UTF-8'", FRICTIONLESS),
    "frictionless-error": Code(
        "another error found by Frictionless", "lỗi khác do Frictionless phát hiện",
        "read the message (it names Frictionless' error type) and correct the file or datapackage.json",
        "đọc thông báo (có tên loại lỗi của Frictionless) rồi sửa tệp hoặc datapackage.json", PROJECT),
    # --- the domain rules (cbod/validate/domain.py) ---
    "period-order": Code(
        "the period ends before it starts", "kỳ kết thúc trước khi bắt đầu",
        "swap period_start and period_end, or correct the wrong year",
        "đổi chỗ period_start và period_end, hoặc sửa năm sai", PROJECT),
    "period-aggregation": Code(
        "the aggregation does not fit the period", "cách tổng hợp không khớp với kỳ",
        "one year: 'year'; several years: 'period_total' or 'annual_average', as the document says",
        "một năm: 'year'; nhiều năm: 'period_total' hoặc 'annual_average', theo văn bản", PROJECT),
    "range-comparator": Code(
        "a range with a comparator other than eq or about", "khoảng giá trị đi với comparator khác eq/about",
        "for a range, use comparator 'eq' (or 'about' when the document says about)",
        "với khoảng giá trị, dùng comparator 'eq' (hoặc 'about' nếu văn bản ghi khoảng)", PROJECT),
    "range-order": Code(
        "the top of a range is not above its bottom", "cận trên không lớn hơn cận dưới",
        "put the lower number in value and the higher in value_high",
        "ghi số nhỏ ở value, số lớn ở value_high", PROJECT),
    "percent-bounds": Code(
        "a percentage out of any sensible range", "tỷ lệ phần trăm ngoài khoảng hợp lý",
        "check the unit (percent, or a count?) and the decimal point against the document",
        "đối chiếu đơn vị (phần trăm hay số lượng?) và dấu thập phân với văn bản", PROJECT),
    "share-bounds": Code(
        "a share of a whole below 0 or above 100 %", "tỷ trọng dưới 0 hoặc trên 100%",
        "check the value and its unit against the document", "đối chiếu giá trị và đơn vị với văn bản", PROJECT),
    "share-sum": Code(
        "the shares of a whole do not add up to 100 %", "tổng các tỷ trọng khác 100%",
        "check each share against the document; if it says so, keep them and add a note",
        "đối chiếu từng tỷ trọng với văn bản; nếu văn bản ghi như vậy, giữ nguyên và thêm ghi chú", PROJECT,
        "warning"),
    "reported-on-target": Code(
        "a verdict written on a target or plan row", "đánh giá ghi ở dòng mục tiêu hoặc kế hoạch",
        "move reported_status or reported_pct_of_target to the result row (actual or estimate)",
        "chuyển reported_status hoặc reported_pct_of_target sang dòng kết quả (actual/estimate)", PROJECT),
    "missing-translation": Code(
        "a text given in one language only", "văn bản chỉ có một ngôn ngữ",
        "write the text in every language (name_vi and name_en, note_vi and note_en…)",
        "viết đủ mọi ngôn ngữ (name_vi và name_en, note_vi và note_en…)", PROJECT),
    "whitespace": Code(
        "spaces at the start or end of a cell", "khoảng trắng ở đầu hoặc cuối ô",
        "delete the spaces", "xóa các khoảng trắng", PROJECT),
    "unknown-resource": Code(
        "a topic names a figures table that does not exist", "chủ đề trỏ tới bảng số liệu không tồn tại",
        "use the name of a figures resource of datapackage.json (socioeconomic, budget, trade, tourism)",
        "dùng tên một bảng số liệu trong datapackage.json (socioeconomic, budget, trade, tourism)", PROJECT),
    "wrong-file": Code(
        "a figure in the file of another topic", "số liệu nằm sai tệp chủ đề",
        "move the row to the figures file of its indicator's topic",
        "chuyển dòng sang tệp số liệu của chủ đề của chỉ tiêu", PROJECT),
    "unit-base": Code(
        "a unit's base is not a base unit", "đơn vị gốc không phải là gốc",
        "point base_unit_id at a unit that is its own base (factor 1)",
        "ghi base_unit_id là một đơn vị gốc của chính nó (hệ số 1)", PROJECT),
    "term-order": Code(
        "a term's last end year is before its first", "năm cuối của nhiệm kỳ nhỏ hơn năm đầu",
        "swap end_first and end_last in terms.csv, or correct the wrong year",
        "đổi chỗ end_first và end_last trong terms.csv, hoặc sửa năm sai", PROJECT),
    "term-overlap": Code(
        "two terms of one kind share an end year", "hai nhiệm kỳ cùng loại trùng năm",
        "change end_first or end_last so each end year is in one row of each kind",
        "sửa end_first hoặc end_last để mỗi năm chỉ thuộc một dòng mỗi loại", PROJECT),
    "no-term": Code(
        "a target or plan that no term holds", "mục tiêu hoặc kế hoạch không thuộc nhiệm kỳ nào",
        "add a row for its term or plan year to catalogues/terms.csv",
        "thêm một dòng cho nhiệm kỳ hoặc năm kế hoạch vào catalogues/terms.csv", PROJECT),
    "related-self": Code(
        "an indicator named as related to itself", "chỉ tiêu liên quan đến chính nó",
        "remove the indicator's own id from its related column",
        "xóa mã của chính chỉ tiêu khỏi cột related", PROJECT),
    "related-unknown": Code(
        "a related indicator that the catalogue does not have", "chỉ tiêu liên quan không có trong danh mục",
        "write existing indicator ids, separated by ';'",
        "ghi mã chỉ tiêu có sẵn, cách nhau bởi ';'", PROJECT),
    "related-repeated": Code(
        "a related indicator written twice", "chỉ tiêu liên quan bị ghi hai lần",
        "write each related id once", "mỗi mã liên quan chỉ ghi một lần", PROJECT),
    "unused-indicator": Code(
        "an indicator no figure uses", "chỉ tiêu chưa có số liệu",
        "add its figures, or remove the indicator from the catalogue",
        "thêm số liệu, hoặc xóa chỉ tiêu khỏi danh mục", PROJECT, "warning"),
}

START = "<!-- problem-codes: start (generated by `python -m cbod.problem_codes`; do not edit) -->"
END = "<!-- problem-codes: end -->"


def markdown_table() -> str:
    """The list as a Markdown table, in the order above (by stage)."""
    lines = ["| code | problem · vấn đề | what to do · cách sửa | from |", "|---|---|---|---|"]
    for code, c in CODES.items():
        shown = f"`{code}`" + ("<br>warning · cảnh báo" if c.severity == "warning" else "")
        lines.append(f"| {shown} | {c.title_en}<br>*{c.title_vi}* | {c.fix_en}<br>*{c.fix_vi}* | {c.origin} |")
    return "\n".join(lines)


def with_table(readme: str) -> str:
    """`readme` with the text between START and END replaced by the current table."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{markdown_table()}\n{END}{tail}"


if __name__ == "__main__":  # python -m cbod.problem_codes [README]: rewrite the table
    readme = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent / "data" / "README.md")
    readme.write_text(with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
