"""The memo: a stage's outputs kept under the digest of their inputs, for this build and the next."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import dossier.memo as memo_module
from dossier.memo import LATEST, Memo, digest
from dossier.memo_file import read_table

MADE: list[str] = []


def shout(word: str) -> str:
    MADE.append(word)
    return word.upper()


def test_a_digest_tells_its_parts_apart() -> None:
    assert digest("ab", "c") != digest("a", "bc") and digest("a", "b") != digest("b", "a")
    assert digest("a", ("b", 1)) == digest("a", ("b", 1)), "anything else by its repr"
    assert digest(b"x") == digest("x"), "text and its UTF-8 bytes are one input"


def test_map_makes_what_the_memo_lacks_and_only_that() -> None:
    MADE.clear()
    memo = Memo(None)
    assert memo.map("shout", shout, ["a", "b"], ["ka", "kb"], 0.0) == ["A", "B"]
    assert memo.map("shout", shout, ["b", "c"], ["kb", "kc"], 0.0) == ["B", "C"]
    assert MADE == ["a", "b", "c"]
    assert memo.made == {"shout": 3}


def test_an_output_kept_is_returned_without_being_made() -> None:
    MADE.clear()
    memo = Memo(None)
    memo.keep("shout", "ka", "made elsewhere")
    assert memo.map("shout", shout, ["a"], ["ka"], 0.0) == ["made elsewhere"] and MADE == []


def test_what_a_build_asked_for_is_saved_for_the_next_and_the_rest_dropped(tmp_path: Path) -> None:
    first = Memo(tmp_path / "memo")
    first.map("shout", shout, ["a", "b"], ["ka", "kb"], 0.0)
    first.save()
    first.map("shout", shout, ["b"], ["kb"], 0.0)
    first.save()
    MADE.clear()
    second = Memo(tmp_path / "memo")
    assert second.map("shout", shout, ["a", "b"], ["ka", "kb"], 0.0) == ["A", "B"]
    assert MADE == ["a"], "b was kept across builds; a, not asked for by the last build, was not"
    assert [path.name for path in (tmp_path / "memo").iterdir()] == ["shout.pickle"]


def test_a_stages_latest_output_is_the_next_builds_whatever_its_inputs(tmp_path: Path) -> None:
    """keep_latest replaces the one before; the next build, `build`'s (a new Memo) or serve's,
    gets it from latest()."""
    first = Memo(tmp_path / "memo")
    assert first.latest("model") is None
    first.keep_latest("model", "of build 1")
    first.keep_latest("model", "of build 1, updated")
    first.save()
    assert first.latest("model") == "of build 1, updated"
    second = Memo(tmp_path / "memo")
    assert second.latest("model") == "of build 1, updated"
    second.keep_latest("model", "of build 2")
    second.save()
    assert Memo(tmp_path / "memo").latest("model") == "of build 2"


def test_a_build_appends_what_it_added_and_dropped(tmp_path: Path) -> None:
    words = [f"word{n}" for n in range(200)]
    memo = Memo(tmp_path / "memo")
    memo.map("shout", shout, words, words, 0.0)
    memo.save()
    (table,) = (tmp_path / "memo").iterdir()
    assert table.name == "shout.pickle"
    whole = table.read_bytes()
    memo.map("shout", shout, [*words[1:], "one more"], [*words[1:], "one more"], 0.0)
    memo.save()
    grown = table.read_bytes()
    assert grown.startswith(whole), "appended: what the file held is not written again"
    assert len(grown) - len(whole) < len(whole) / 20, "only the output added and the key dropped"
    MADE.clear()
    again = Memo(tmp_path / "memo")
    assert again.map("shout", shout, [*words[1:], "one more"], [*words[1:], "one more"], 0.0)[-1] == "ONE MORE"
    assert MADE == [] and "word0" not in again._tables["shout"], "word0, dropped, is not read back"


def _saved(path: Path) -> tuple[dict, int | None]:
    return read_table(path, memo_module.CODE)


def test_a_file_mostly_superseded_is_written_whole_again(tmp_path: Path) -> None:
    memo = Memo(tmp_path / "memo")
    for build in range(5):  # each build replaces all ten outputs
        keys = [f"{build}-{n}" for n in range(10)]
        memo.map("shout", shout, keys, keys, 0.0)
        memo.save()
        held = _saved(tmp_path / "memo" / "shout.pickle")[1]
        assert held is not None and held <= memo_module.SUPERSEDED_SHARE * 10
    assert sorted(_saved(tmp_path / "memo" / "shout.pickle")[0]) == keys


def test_a_file_stays_bounded_when_each_build_is_a_new_process(tmp_path: Path) -> None:
    """As `build` runs: each build reads the file, and counts what it holds from its records."""
    sizes = []
    for build in range(12):  # each build replaces three of ten outputs
        keys = [f"kept-{n}" if n < 7 else f"{build}-{n}" for n in range(10)]
        memo = Memo(tmp_path / "memo")
        memo.map("shout", shout, keys, keys, 0.0)
        memo.save()
        sizes.append((tmp_path / "memo" / "shout.pickle").stat().st_size)
        held = _saved(tmp_path / "memo" / "shout.pickle")[1]
        assert held is not None and held <= memo_module.SUPERSEDED_SHARE * 10
    assert max(sizes[6:]) <= 2 * max(sizes[:6]), "written whole again, not grown for ever"


def test_what_an_earlier_build_made_is_looked_up_without_being_kept(tmp_path: Path) -> None:
    memo = Memo(tmp_path / "memo")
    memo.map("shout", shout, ["a", "b"], ["ka", "kb"], 0.0)
    memo.save()
    memo = Memo(tmp_path / "memo")
    memo.map("shout", shout, ["b"], ["kb"], 0.0)
    assert memo.kept("shout", ["ka", "kc"]) == ["A", None]
    memo.save()
    assert _saved(tmp_path / "memo" / "shout.pickle")[0] == {"kb": "B"}


def test_a_stages_latest_output_is_kept_alone_in_its_file(tmp_path: Path) -> None:
    """Relate keeps one output, its latest, at each build: the file never holds the one before."""
    for build in range(3):
        memo = Memo(tmp_path / "memo")
        assert memo.latest("model") == (None if build == 0 else f"model of build {build - 1}")
        memo.keep_latest("model", f"model of build {build}")
        memo.save()
        assert _saved(tmp_path / "memo" / "model.pickle") == ({LATEST: f"model of build {build}"}, 1)


def test_a_file_cut_short_keeps_what_it_held_before_and_is_written_whole_next(tmp_path: Path) -> None:
    memo = Memo(tmp_path / "memo")
    memo.map("shout", shout, ["a"], ["ka"], 0.0)
    memo.save()
    memo.map("shout", shout, ["a", "b"], ["ka", "kb"], 0.0)
    memo.save()
    table = tmp_path / "memo" / "shout.pickle"
    table.write_bytes(table.read_bytes()[:-5])  # a build killed while appending
    MADE.clear()
    read = Memo(tmp_path / "memo")
    assert read.map("shout", shout, ["a", "b"], ["ka", "kb"], 0.0) == ["A", "B"] and MADE == ["b"]
    read.save()
    assert _saved(table) == ({"ka": "A", "kb": "B"}, 2), "written whole, readable to its end"


def test_two_memos_on_one_folder_each_append_whole_records(tmp_path: Path) -> None:
    """Content folders side by side share the memo folder, and their builds may run at once."""
    words = [f"word{n}" for n in range(10)]
    first, second = Memo(tmp_path / "memo"), Memo(tmp_path / "memo")
    first.map("shout", shout, words, words, 0.0)
    first.save()
    second.map("shout", shout, [*words, "c"], [*words, "c"], 0.0)  # reads the table first saved
    first.map("shout", shout, [*words, "d"], [*words, "d"], 0.0)
    first.save()
    second.save()
    table, held = _saved(tmp_path / "memo" / "shout.pickle")
    assert table == {word: word.upper() for word in [*words, "d", "c"]} and held == 12, "both records read"


def test_what_a_build_killed_while_writing_a_table_left_goes_at_the_next_save(tmp_path: Path) -> None:
    memo = Memo(tmp_path / "memo")
    memo.map("shout", shout, ["a"], ["ka"], 0.0)
    memo.save()
    left = tmp_path / "memo" / ".pages.pickle.4242-0.dossier-tmp"  # as atomic_file names it
    left.write_bytes(b"half a table")
    Memo(tmp_path / "memo").save()
    assert sorted(path.name for path in (tmp_path / "memo").iterdir()) == ["shout.pickle"]


def test_a_memo_of_another_version_or_unreadable_is_ignored(tmp_path: Path, monkeypatch) -> None:
    kept = Memo(tmp_path / "memo")
    kept.map("shout", shout, ["a"], ["ka"], 0.0)
    kept.save()
    monkeypatch.setattr(memo_module, "CODE", "another version of Dossier")
    MADE.clear()
    assert Memo(tmp_path / "memo").map("shout", shout, ["a"], ["ka"], 0.0) == ["A"] and MADE == ["a"]
    for path in (tmp_path / "memo").iterdir():
        path.write_bytes(b"not a pickle")
    MADE.clear()
    assert Memo(tmp_path / "memo").map("shout", shout, ["a"], ["ka"], 0.0) == ["A"] and MADE == ["a"]


def test_a_memo_without_a_folder_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    memo = Memo(None)
    memo.map("shout", shout, ["a"], ["ka"], 0.0)
    memo.save()
    assert list(tmp_path.iterdir()) == []


class Box:
    def __init__(self, number: int):
        self.number = number


def test_a_table_read_from_the_folder_is_out_of_the_cycle_collectors_sight(tmp_path: Path) -> None:
    """The collector would walk every output read again at each collection: they are frozen, yet
    an output dropped from the table is still freed at once (reference counting)."""
    first = Memo(tmp_path)
    first.map("stage", Box, [1, 2], ["a", "b"], 0.0)
    first.save()
    try:
        read = Memo(tmp_path)
        (box,) = read.map("stage", Box, [1], ["a"], 0.0)
        assert box.number == 1 and "stage" not in read.made
        assert not any(tracked is box for tracked in gc.get_objects()), "in no generation of the collector"
        dropped = weakref.ref(read._tables["stage"]["b"])
        read.save()  # "b" was not asked for: dropped
        assert dropped() is None
    finally:
        gc.unfreeze()
