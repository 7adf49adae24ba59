"""The fidelity measure itself (bench/fidelity/): its scores on inputs whose answer is known, its
own reading of Telegram exports, and the corpus it runs on, every file of which SOURCES.md names."""

from __future__ import annotations

import json

import pytest

from bench.fidelity.corpus import REAL, not_article_cases, page_cases
from bench.fidelity.scoring import body_score, opens_with_title, outlet_right, same_day, same_title
from bench.fidelity.telegram import is_hashtags_only, posts_in, shown_as_code


def test_body_score_counts_tokens_as_often_as_they_occur():
    score = body_score("the cat sat", "the cat sat on the mat")
    assert (score.precision, score.recall) == (1.0, 0.5)  # "the" twice in the truth, once extracted
    assert score.f1 == pytest.approx(2 / 3)


def test_body_score_ignores_case_and_markup_and_reads_cyrillic():
    assert body_score("**Lavrov** met _Makei_.", "lavrov met makei").f1 == 1.0
    score = body_score("Лавров встретился", "Лавров встретился с Макеем")
    assert (score.precision, score.recall) == (1.0, 0.5)


def test_body_score_of_nothing_or_of_other_words_is_zero():
    assert body_score("", "a body").f1 == 0.0
    assert body_score("menus and footers", "the article").f1 == 0.0


def test_titles_match_with_white_space_aside_but_not_case_or_quotes():
    assert same_title("Lavrov\u00a0meets  Makei\n", "Lavrov meets Makei")
    assert not same_title("lavrov meets makei", "Lavrov meets Makei")
    assert not same_title("It's “here”", 'It\'s "here"')
    assert not same_title(None, "Lavrov meets Makei")


def test_a_date_is_right_on_the_day_the_page_states_and_only_then():
    assert same_day("2024-05-01T23:10:00", "2024-05-01")
    assert same_day("2012-05-10", ["2012-05-10", "2026-04-24"])
    assert not same_day("2024-05-02", "2024-05-01")
    assert same_day(None, None)
    assert not same_day("2023-01-01", None)  # a page that states no date: any date is invented
    assert not same_day(None, "2024-05-01")


def test_an_outlet_is_right_when_it_names_the_site_whole():
    assert outlet_right("the Guardian", ["The Guardian"])
    assert outlet_right("Газета «Коммерсантъ»", ["Коммерсантъ"])
    assert not outlet_right("apnews.com", ["AP News"])
    assert not outlet_right("HeraldSun", ["Herald Sun"])
    assert not outlet_right("Heraldry Sun", ["Herald"])  # a name counts as whole words only
    assert not outlet_right(None, ["Reuters"])


def test_hashtag_only_titles_are_told_from_titles_with_words():
    assert is_hashtags_only("#OSCE #Vienna")
    assert is_hashtags_only("#ОБСЕ, #Вена")
    assert not is_hashtags_only("#OSCE statement in Vienna")


def test_code_counts_as_shown_only_inside_a_code_span_or_block():
    assert shown_as_code("Run `make site` first", "make site")
    assert shown_as_code("Before:\n\n```python\nprint(1)\n    x = 2\n```\n", "print(1)\n    x = 2")
    assert not shown_as_code("Run make site first", "make site")


def test_html_export_posts_carry_their_sender_to_joined_messages(tmp_path):
    export = tmp_path / "messages.html"
    export.write_text(
        '<div class="page_header"><div class="content"><div class="text bold">Chat</div></div></div>'
        '<div class="history">'
        '<div class="message service" id="message-1"><div class="body details">1 May 2024</div></div>'
        '<div class="message default clearfix" id="message5"><div class="body">'
        '<div class="from_name">Anna</div><div class="text">Run <code>make</code></div></div></div>'
        '<div class="message default clearfix joined" id="message6"><div class="body">'
        '<div class="text">and again</div></div></div>'
        '<div class="message default clearfix" id="message7"><div class="body"><div class="from_name">Chat</div>'
        '<div class="media_wrap"><div class="media_poll"><div class="question bold">Where?</div>'
        '<div class="answer">- Vienna <span class="details">2 votes</span></div></div></div></div></div>'
        "</div>",
        encoding="utf-8",
    )
    posts = posts_in(export)
    assert [(post.number, post.sender) for post in posts] == [(5, "Anna"), (6, "Anna"), (7, "Chat")]
    assert posts[0].code == ("make",)
    assert posts[2].poll == ("Where?", "Vienna")


def test_an_html_export_with_one_sender_is_a_channel_whose_posts_name_none(tmp_path):
    export = tmp_path / "messages.html"
    post = (
        '<div class="message default clearfix" id="message{0}"><div class="body">'
        '<div class="from_name">Russia in OSCE</div><div class="text">Post {0}</div></div></div>'
    )
    export.write_text(f'<div class="history">{post.format(1)}{post.format(2)}</div>', encoding="utf-8")
    assert [(post.number, post.sender) for post in posts_in(export)] == [(1, None), (2, None)]


def test_json_posts_are_read_from_a_whole_accounts_export_and_channels_have_no_senders(tmp_path):
    export = tmp_path / "result.json"
    messages = [
        {"id": 1, "type": "service", "action": "create_channel"},
        {"id": 2, "type": "message", "from": "MFA", "text": ["See ", {"type": "pre", "text": "x = 1"}]},
        {"id": 3, "type": "message", "from": "MFA", "text": ""},
    ]
    export.write_text(json.dumps({"chats": {"list": [{"type": "public_channel", "messages": messages}]}}))
    posts = posts_in(export)
    assert [(post.number, post.sender, post.code) for post in posts] == [(2, None, ("x = 1",))]


def test_a_body_opens_with_the_headline_when_its_first_line_is_it_in_any_markup():
    for body in ("# Talks end\n\nThe talks ended.", "**Talks end**\nThe talks ended.", "\nTalks end\nThe talks ended."):
        assert opens_with_title(body, "Talks end"), body
    for body in ("Talks end on Tuesday.\n\nThe talks ended.", "The talks ended.\n\n# Talks end", ""):
        assert not opens_with_title(body, "Talks end"), body


def test_json_posts_carry_their_reply_their_first_lines_links_and_only_real_edits(tmp_path):
    hidden = {"type": "text_link", "text": "\u200b", "href": "https://t.example/preview"}
    later = {"type": "text_link", "text": "the statement", "href": "https://t.example/later"}
    messages = [
        {"id": 1, "type": "message", "date": "2018-10-13T15:09:43", "edited": "1970-01-01T05:00:00", "text": "Hi"},
        {
            "id": 2,
            "type": "message",
            "date": "2018-10-13T15:10:00",
            "edited": "2018-10-13T15:11:00",
            "reply_to_message_id": 1,
            "text": [hidden, "  \n", {"type": "bold", "text": "Title"}, "\nSee ", later],
        },
        {"id": 3, "type": "message", "date": "2018-10-13T15:12:00", "text": ["Title\nSee ", later]},
    ]
    export = tmp_path / "result.json"
    export.write_text(json.dumps({"type": "private_group", "messages": messages}))
    posts = posts_in(export)
    assert [(post.reply_to, post.first_line_links, post.edited) for post in posts] == [
        (None, (), None),
        (1, ("https://t.example/preview",), "2018-10-13T15:11:00"),
        (None, (), None),
    ]


def test_every_page_of_the_corpus_has_its_ground_truth():
    pages = {path.name.removesuffix(".html.gz") for path in (REAL / "pages").glob("*.html.gz")}
    truths = {path.name.removesuffix(".truth.json") for path in (REAL / "pages").glob("*.truth.json")}
    assert pages == truths
    for case in page_cases():
        assert case.title and case.outlets and case.body, case.name
    not_articles = {path.name.removesuffix(".html.gz") for path in (REAL / "not-articles").glob("*.html.gz")}
    assert not_articles == {case.name for case in not_article_cases()} and not_articles


def test_sources_names_the_origin_of_every_file_of_the_corpus():
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    files = [path.relative_to(REAL).as_posix() for path in REAL.rglob("*") if path.is_file()]
    unnamed = [name for name in files if name != "SOURCES.md" and f"`{name}`" not in sources]
    assert files and not unnamed
