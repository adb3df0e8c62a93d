"""site_src/site.yml, the editorial settings: checked like the data, with the key that is
wrong and what to write instead. `check_structure` runs before the model is built (the
languages must be usable); `site_references` is a domain rule (ids must exist)."""
from __future__ import annotations

import re
from typing import Iterator

from ..load import SITE_CONFIG
from ..problems import Problem
from .domain import rule
from ..yamlfile import read_yaml

LANGUAGE_KEYS = ("code", "prefix", "name", "locale", "number")


def _p(key: str, value, en: str, vi: str) -> Problem:
    return Problem(SITE_CONFIG, None, key, "site-config", None if value is None else str(value), en, vi)


def check_structure(site: dict) -> list[Problem]:
    problems = []
    if not site:
        return problems  # an unreadable file is reported by load
    repo = site.get("repository")
    if not isinstance(repo, str) or not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
        problems.append(_p("repository", repo, "must be a GitHub repository written owner/name",
                           "phải là kho GitHub dạng chủ/tên"))
    if not isinstance(site.get("headline"), list) or not all(isinstance(h, str) for h in site["headline"]):
        problems.append(_p("headline", site.get("headline"), "must be a list of indicator ids",
                           "phải là danh sách mã chỉ tiêu"))
    if not isinstance(site.get("main_series"), int) or site["main_series"] < 1:
        problems.append(_p("main_series", site.get("main_series"), "must be a whole number, 1 or more",
                           "phải là số nguyên từ 1 trở lên"))
    problems += _nav_problems(site.get("nav"), "nav")
    if not isinstance(site.get("profile_topic"), str):
        problems.append(_p("profile_topic", site.get("profile_topic"), "must be a topic id",
                           "phải là mã chủ đề"))
    langs = site.get("languages")
    if not isinstance(langs, list) or not langs:
        problems.append(_p("languages", None, "must list at least one language", "cần ít nhất một ngôn ngữ"))
        return problems
    codes = []
    for i, lang in enumerate(langs):
        key = f"languages[{i}]"
        if not isinstance(lang, dict) or any(k not in lang for k in LANGUAGE_KEYS):
            problems.append(_p(key, None, f"each language needs {', '.join(LANGUAGE_KEYS)}",
                               f"mỗi ngôn ngữ cần {', '.join(LANGUAGE_KEYS)}"))
            continue
        codes.append(lang["code"])
        if not re.fullmatch(r"[a-z]{2,3}", str(lang["code"])):
            problems.append(_p(f"{key}.code", lang["code"], "must be a two- or three-letter language code",
                               "phải là mã ngôn ngữ hai hoặc ba chữ cái"))
        expected = "" if i == 0 else f"{lang['code']}/"
        if lang["prefix"] != expected:
            problems.append(_p(f"{key}.prefix", lang["prefix"],
                               f"must be '{expected}' (the first language is served at the root, "
                               "each other one in a folder named by its code)",
                               f"phải là '{expected}'"))
        number = lang["number"]
        if not isinstance(number, dict) or not all(isinstance(number.get(k), str) for k in ("decimal", "thousands")):
            problems.append(_p(f"{key}.number", number, "needs 'decimal' and 'thousands' marks",
                               "cần dấu thập phân ('decimal') và dấu phân cách hàng nghìn ('thousands')"))
    if len(set(codes)) != len(codes):
        problems.append(_p("languages", ", ".join(map(str, codes)), "a language is listed twice",
                           "một ngôn ngữ bị khai báo hai lần"))
    return problems


def _nav_problems(entries, key: str) -> list[Problem]:
    """Each entry is {key: page.md} or {key: [entries]}, and each key has a title in every
    strings file (cbod/strings/<code>.yml, `nav`)."""
    from ..strings import STRINGS

    if not isinstance(entries, list) or not entries:
        return [_p(key, None, "must be a list of {key: page} or {key: [entries]}", "phải là danh sách mục menu")]
    problems = []
    titles = {f.stem: (read_yaml(f) or {}).get("nav", {})
              for f in sorted(STRINGS.glob("*.yml"))}
    for i, entry in enumerate(entries):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict) or len(entry) != 1:
            problems.append(_p(where, entry, "must be one key and its page or list", "phải là một khóa và trang"))
            continue
        ((name, target),) = entry.items()
        for code, nav in titles.items():
            if name not in nav:
                problems.append(_p(where, name, f"no title for this key under nav in strings/{code}.yml",
                                   f"chưa có tên mục này trong nav của strings/{code}.yml"))
        if isinstance(target, list):
            problems += _nav_problems(target, where)
        elif not (isinstance(target, str) and target.endswith(".md")):
            problems.append(_p(where, target, "the page must be a .md path", "trang phải là đường dẫn .md"))
    return problems


@rule
def site_references(ctx: dict) -> Iterator[Problem]:
    """The indicators and topic named in site.yml exist in the catalogues."""
    site = ctx.get("site") or {}
    for i, ind in enumerate(site.get("headline") or []):
        if ind not in ctx["indicators"]:
            yield _p(f"headline[{i}]", ind,
                     "no such id in data/catalogues/indicators.csv: correct it or remove the line",
                     "không có mã này trong data/catalogues/indicators.csv")
    topic = site.get("profile_topic")
    if topic is not None and topic not in ctx["topics"]:
        yield _p("profile_topic", topic, "no such id in data/catalogues/topics.csv",
                 "không có mã này trong data/catalogues/topics.csv")
