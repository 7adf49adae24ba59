"""Grouping by theme: the seeds' themes as the issue states them, config-driven, overridable."""

from __future__ import annotations

import json
from pathlib import Path

from dossier.classify import Membership, classify, theme_matcher, theme_mentions
from dossier.config import Theme
from dossier.memo import Memo
from dossier.model import Document
from tests.conftest import SEEDS, run_build_here

THEMES = (
    Theme("osce", "OSCE", "", ("Ministerial Council",)),
    Theme("open-skies", "Open Skies", "", ("TOS", "observation flights")),
)


def _themes_by_date(site: Path) -> dict[str | None, list[set[str]]]:
    documents = json.loads((site / "dossier.json").read_text(encoding="utf-8"))["documents"]
    found: dict[str | None, list[set[str]]] = {}
    for document in documents:
        found.setdefault(document["date"], []).append({theme["id"] for theme in document["themes"]})
    return found


def _build(root: Path, seeds: Path = SEEDS):
    return run_build_here("build", "--seeds", seeds, "--content", root / "content", "--out", root / "site")


def test_the_seeds_fall_into_the_themes_the_dossier_expects(built_site: Path) -> None:
    themes = _themes_by_date(built_site)
    assert themes["2021-06-18"] == [{"open-skies", "russia-belarus"}]
    assert themes["2022-12-01"] == [{"osce"}]
    assert themes["2020-06-19"] == [{"russia-belarus", "open-skies"}]
    assert themes["2022-03-16"] == [{"osce"}]
    documents = json.loads((built_site / "dossier.json").read_text(encoding="utf-8"))["documents"]
    independence = next(d for d in documents if d["title"].startswith("Today, Belarus"))
    assert [theme["id"] for theme in independence["themes"]] == ["russia-belarus"]


def test_memberships_carry_a_score_and_central_flag_and_the_theme_list_counts(built_site: Path) -> None:
    dossier = json.loads((built_site / "dossier.json").read_text(encoding="utf-8"))
    lodz = next(d for d in dossier["documents"] if d["date"] == "2022-12-01")
    (osce,) = lodz["themes"]
    assert osce["central"] is True and 0.5 <= osce["score"] <= 1
    counts = {theme["id"]: theme["count"] for theme in dossier["themes"]}
    assert counts == {"open-skies": 3, "osce": 8, "russia-belarus": 5}
    assert lodz["related"] and all(related["reasons"] for related in lodz["related"])
    assert "alexander-lukashevich" in lodz["entities"] and "osce" in lodz["entities"]


def test_a_new_content_folder_gets_the_default_config_to_edit(tmp_path: Path) -> None:
    _build(tmp_path)
    assert "themes:" in (tmp_path / "content" / "themes.yaml").read_text(encoding="utf-8")
    assert "people:" in (tmp_path / "content" / "entities.yaml").read_text(encoding="utf-8")


def test_a_fourth_theme_is_a_config_edit(tmp_path: Path) -> None:
    _build(tmp_path)
    themes_file = tmp_path / "content" / "themes.yaml"
    themes_file.write_text(
        themes_file.read_text(encoding="utf-8")
        + "  - id: armenia\n    title: Armenia\n    intro: Talks with Yerevan.\n    terms: [Armenia, Mirzoyan]\n",
        encoding="utf-8",
    )
    _build(tmp_path)
    dossier = json.loads((tmp_path / "site" / "dossier.json").read_text(encoding="utf-8"))
    armenia = [d["title"] for d in dossier["documents"] if any(t["id"] == "armenia" for t in d["themes"])]
    assert len(armenia) == 1 and "Armenia Ararat Mirzoyan" in armenia[0]
    assert (tmp_path / "site" / "themes" / "armenia.html").is_file()


def test_themes_set_by_hand_override_the_classifier_and_unmatched_documents_are_other(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "by-hand.md").write_text(
        "---\ntitle: A note on the Union State\nthemes: [osce]\n---\n\nThe Union State and Minsk.\n", encoding="utf-8"
    )
    (content / "unrelated.md").write_text("---\ntitle: Weather\n---\n\nIt rained.\n", encoding="utf-8")
    _build(tmp_path)
    dossier = json.loads((tmp_path / "site" / "dossier.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in dossier["documents"]}
    assert by_id["by-hand"]["themes"] == [{"id": "osce", "score": 1.0, "central": True, "by_hand": True}]
    assert by_id["unrelated"]["themes"] == []
    assert {"id": "other", "title": "Other", "count": 1, "url": "themes/other.html"} in dossier["themes"]
    assert "Weather" in (tmp_path / "site" / "themes" / "other.html").read_text(encoding="utf-8")


def test_a_mention_in_the_title_counts_three_times() -> None:
    mentions = theme_mentions("OSCE meets", "The Ministerial Council; observation flights.", theme_matcher(THEMES))
    assert mentions == {"osce": 4, "open-skies": 1}


def test_classify_returns_new_documents_with_their_memberships() -> None:
    document = Document(id="a", title="Talks", body="", text="The OSCE, the OSCE.", digest="a")
    (classified,), problems = classify([document], THEMES, Memo(None))
    assert classified.memberships == (Membership("osce", 0.33, central=False),)
    assert document.memberships == () and problems == [], "the document given is not changed"


def test_a_theme_set_twice_by_hand_is_one_membership() -> None:
    document = Document(id="a", title="Note", body="", themes=("osce", "osce", "nato"), path="note.md")
    (classified,), problems = classify([document], THEMES, Memo(None))
    assert classified.memberships == (Membership("osce", 1.0, central=True, by_hand=True),)
    assert [str(problem) for problem in problems] == ["note.md: theme 'nato' is not in themes.yaml; ignored"]


def test_a_short_item_naming_three_themes_once_each_joins_all_three() -> None:
    short = Document(
        id="s",
        title="OSCE agenda",
        body="",
        text="The minister spoke on the Open Skies treaty and the Union State with Belarus.",
    )
    themes = (*THEMES, Theme("russia-belarus", "Russia–Belarus", "", ("Union State",)))
    (classified,), _ = classify([short], themes, Memo(None))
    assert {m.theme for m in classified.memberships} == {"osce", "open-skies", "russia-belarus"}


def test_a_passing_mention_in_a_long_statement_does_not_make_a_theme() -> None:
    long = Document(
        id="l",
        title="Statement",
        body="",
        text=" ".join(["The OSCE Ministerial Council met and the OSCE chair spoke."] * 20)
        + " Open Skies came up once.",
    )
    (classified,), _ = classify([long], THEMES, Memo(None))
    assert [m.theme for m in classified.memberships] == ["osce"]
