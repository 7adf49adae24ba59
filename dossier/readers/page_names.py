"""A saved page's headline and the site's name (its outlet).

A page names its article many times: in the headline it shows, and in metadata written for
browsers, search engines and social networks (<title>, og:title, twitter:title, JSON-LD's
headline). These differ: the <title> carries the site's name or a section ("… | CBC News", "… |
District"), a social title may be another wording written to be shared ("The Modern Ambitions
Behind Neon" for "Why Neon Is the Ultimate Symbol of the 20th Century"), and the first heading
of the page may be a promotion ("Take your next trip with Atlas Obscura!"), a blog's name
("Minecraft News") or the site's logo ("Salon"). The headline a reader sees wins: the heading
that one of the metadata titles also names, whatever its level; else the first <h1> when the
metadata agrees with it; else a metadata title, without the site's name.

The site's name is the page's metadata's (og:site_name, JSON-LD's web site, application-name,
the rest of its <title> beside the headline; the publisher's and the apps' names after them),
spelled out where another name writes it in full ("The New York Times" for the app's
"NYTimes"); else the address's host.
"""

from __future__ import annotations

import itertools
import re
import urllib.parse
from collections.abc import Iterable

from lxml import etree

from dossier.clean.lines import comparable, tidy
from dossier.readers.page_json_ld import is_article, is_publisher, is_website, page_json_ld
from dossier.readers.page_layout import headline_element, visible_text

# Between a title and the site's name in a page's <title>: "Headline | Site", "Headline — Site",
# "Site :: Headline"; a colon only before the last part ("…: новости, фото").
_TITLE_SEPARATOR = re.compile(r"\s+[|—–·»]\s+|\s+-\s+|\s*::\s*|:\s+(?=[^:]*$)")
# A title's part that only says what kind of page it is.
_GENERIC_TITLE_WORDS = frozenset(
    ["news", "latest", "photo", "photos", "video", "videos", "новости", "фото", "видео", "последние"]
)
# What content systems put where a site's name should be.
_NOT_OUTLETS = {"hosted", "home", "homepage", "index", "article", "главная"}
_LONGEST_OUTLET = 60
# Meta tags that title the article (Open Graph, Twitter cards, Dublin Core, plain "title").
_TITLE_METAS = ("og:title", "twitter:title", "title", "dc.title", "headline")
# Meta tags that name the site's apps, which may be a short name ("NYTimes").
_APP_METAS = ("apple-mobile-web-app-title", "al:iphone:app_name", "al:android:app_name")
# Headings, and what a page marks as its headline without one (<span itemprop="headline">).
_HEADINGS = "//h1 | //h2 | //h3 | //h4 | //h5 | //h6 | //*[@itemprop='headline'][not(self::meta)]"
# The ending of a name that is an address: "Salon.com", "Globalnews.ca", "bbc.co.uk".
_DOMAIN_ENDING = re.compile(r"\.[a-z]{2,4}(?:\.[a-z]{2})?$", re.IGNORECASE)


def page_headline(tree: etree._Element, titles: list[str], sites: list[str]) -> etree._Element | None:
    """The headline the page shows: a heading one of its metadata titles names (an <h1> before
    other headings, then page order), not the site's name; else its article's first <h1>."""
    named = [heading for heading in _headings(tree) if _is_named(visible_text(heading), titles, sites)]
    named.sort(key=lambda heading: heading.tag != "h1")
    return named[0] if named else headline_element(tree)


def metadata_titles(tree: etree._Element) -> list[str]:
    """The titles the page's metadata gives its article, the most trusted first: Open Graph,
    Twitter, meta "title", JSON-LD's article headline and name, the <title>."""
    metas = [value for name in _TITLE_METAS for value in _meta_values(tree, name)]
    articles = [item for item in page_json_ld(tree) if is_article(item)]
    ld = [item[key] for item in articles for key in ("headline", "name") if isinstance(item.get(key), str)]
    return _distinct([*metas, *ld, *_page_title_element(tree)])


def page_title(headline: etree._Element | None, titles: list[str], sites: list[str]) -> str | None:
    """The article's title: the headline the page shows when its metadata names it or agrees
    with it (shares most of its words), or gives no title; else the first metadata title without
    the site's name; None when the page names its article nowhere."""
    shown = visible_text(headline) if headline is not None else ""
    agreed = not titles or any(_is_named(shown, [title], sites) or _shares_most_words(shown, title) for title in titles)
    if shown and agreed and not _is_site_name(shown, sites):
        return shown
    return without_site_name(titles[0], sites) if titles else None


def without_site_name(title: str, sites: list[str]) -> str:
    """The title without its parts at either end that name the site or say only "news,
    photos" ("… | The Japan Times", "…: новости, фото", "CBC News - …"), as it is written between."""
    site_words = {word for site in sites for word in comparable(site).split()}
    pieces = _pieces(title)
    start, end = 0, len(pieces)

    def names_the_site(piece: str) -> bool:
        words = set(comparable(piece).split())
        return bool(words) and words <= site_words | _GENERIC_TITLE_WORDS

    while end - start > 1 and names_the_site(pieces[end - 1][0]):
        end -= 1
    while end - start > 1 and names_the_site(pieces[start][0]):
        start += 1
    return " ".join(title[pieces[start][1] : pieces[end - 1][2]].split())


def site_names(tree: etree._Element, extracted: str | None) -> list[str]:
    """The names the page's metadata gives the site, the most trusted first: og:site_name,
    JSON-LD's web site, the web app's name, JSON-LD's publisher, the apps' names, then the one
    the extractor found."""
    items = page_json_ld(tree)
    publishers = [item for item in items if is_publisher(item)]
    publishers += [publisher for item in items if is_article(item) for publisher in _dicts(item.get("publisher"))]
    names = [
        *_meta_values(tree, "og:site_name"),
        *_names(item for item in items if is_website(item)),
        *_meta_values(tree, "application-name"),
        *_names(publishers),
        *(value for name in _APP_METAS for value in _meta_values(tree, name)),
        *([extracted] if extracted else []),
    ]
    return _distinct(name for name in names if _may_be_outlet(name))


def page_outlet(sites: list[str], titles: list[str], title: str, url: str | None) -> str | None:
    """The site's name: the most trusted its metadata gives, or what the <title> says beside the
    headline, written out in full where another name spells it out ("NYTimes" is The New York
    Times); never the headline or a CMS's word; else the address's host."""
    beside = [rest for given in titles if (rest := _beside_title(given, title)) and _may_be_outlet(rest)]
    names = [name for name in [*sites, *beside] if not _is_headline(name, title)]
    if not names:
        host = urllib.parse.urlsplit(url or "").hostname
        return host.removeprefix("www.") if host else None
    spelled_out = [other for other in names if _spells_out(other, names[0])]
    return _capitalised(spelled_out[0] if spelled_out else names[0])


def _capitalised(name: str) -> str:
    """The name opening with a capital as a name does, when its first word is all in lower
    case ("the Guardian", "nationalpost"); not an address ("cleveland.com") or a brand that
    writes a capital inside ("iNews")."""
    first = name.split()[0]
    if not first.islower() or not first.isalpha() or _DOMAIN_ENDING.search(name):
        return name
    return name[0].upper() + name[1:]


def _page_title_element(tree: etree._Element) -> list[str]:
    """The page's <title>: the first that says something, not an icon's in an <svg> (a page
    may leave the one in its <head> empty and write another in its body)."""
    for title in tree.xpath("//title[not(ancestor::svg)]"):
        if text := visible_text(title):
            return [text]
    return []


def _headings(tree: etree._Element) -> list[etree._Element]:
    return [heading for heading in tree.xpath(_HEADINGS) if visible_text(heading)]


def _is_named(text: str, titles: list[str], sites: list[str]) -> bool:
    """Whether one of the titles is the text, maybe with parts cut at either end (the site's
    name, a section: "… | District") that say less than it does; and the text is not the
    site's name ("Salon", the logo's <h1>)."""
    words = comparable(text)
    if not words or _is_site_name(text, sites):
        return False
    for title in titles:
        pieces = [comparable(piece) for piece, _, _ in _pieces(title)]
        total = sum(len(piece.split()) for piece in pieces)
        for start, end in itertools.combinations(range(len(pieces) + 1), 2):
            kept = " ".join(pieces[start:end])
            if kept == words and 2 * len(kept.split()) >= total:
                return True
    return False


def _pieces(title: str) -> list[tuple[str, int, int]]:
    """The parts of a title between separators, each with where it starts and ends."""
    pieces, start = [], 0
    for separator in _TITLE_SEPARATOR.finditer(title):
        pieces.append((title[start : separator.start()], start, separator.start()))
        start = separator.end()
    pieces.append((title[start:], start, len(title)))
    return [(piece, first, last) for piece, first, last in pieces if piece.strip()] or [(title, 0, len(title))]


def _beside_title(given: str, title: str) -> str | None:
    """What a metadata title says beside the article's title, in one part: "The New York Times"
    in "United States to Lift Sudan Sanctions - The New York Times"."""
    pieces = _pieces(given)
    if len(pieces) < 2:
        return None
    first, last = pieces[0], pieces[-1]
    if comparable(given[: pieces[-2][2]]) == comparable(title):
        return " ".join(last[0].split())
    if comparable(given[pieces[1][1] :]) == comparable(title):
        return " ".join(first[0].split())
    return None


def _spells_out(name: str, short: str) -> bool:
    """Whether `name` is `short` written out: each of its words, in order, whole or by its
    first letter, makes `short` ("The New York Times" of "NYTimes", "National Post" of
    "nationalpost", "The Washington Post" of "Washington Post"); not another name that shares
    words ("BBC: World News & Stories" is not "BBC News", "Clemson University" not "Clemson News")."""
    words = comparable(name).split()
    words = words[1:] if words[:1] == ["the"] else words
    letters = _letters(short)
    if not words or _letters(name) == letters:
        return False
    return _made_of(letters, tuple(words))


def _made_of(letters: str, words: tuple[str, ...]) -> bool:
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    return any(letters.startswith(part) and _made_of(letters[len(part) :], rest) for part in {word, word[0]})


def _letters(text: str) -> str:
    return comparable(text).replace(" ", "")


def _shares_most_words(headline: str, other: str) -> bool:
    words, others = set(comparable(headline).split()), set(comparable(other).split())
    return bool(words) and len(words & others) >= len(words) / 2


def _is_site_name(text: str, sites: list[str]) -> bool:
    """Whether the text is one of the site's names, maybe without its address's ending ("Salon"
    of "Salon.com")."""
    letters = _letters(text)
    return any(letters in (_letters(site), _letters(_DOMAIN_ENDING.sub("", site))) for site in sites)


def _names(items: Iterable[dict]) -> list[str]:
    return [item["name"] for item in items if isinstance(item.get("name"), str)]


def _is_headline(name: str, title: str) -> bool:
    """The headline itself, or most of it, given as the site's name."""
    return comparable(name) in comparable(title) and len(name.split()) > 3


def _may_be_outlet(name: str) -> bool:
    """A name a site may go by: not a handle ("@cbc"), a CMS's word ("Hosted", "article"), an
    address or a sentence."""
    name = " ".join(tidy(name).split())
    return (
        bool(name)
        and not name.startswith(("@", "http://", "https://"))
        and name.casefold() not in _NOT_OUTLETS
        and len(name) <= _LONGEST_OUTLET
    )


def _meta_values(tree: etree._Element, name: str) -> list[str]:
    """The content of the page's <meta property|name|itemprop="name">, tidied, in page order."""
    found = []
    for meta in tree.iter("meta"):
        names = {(meta.get(attribute) or "").strip().casefold() for attribute in ("property", "name", "itemprop")}
        value = " ".join(tidy(meta.get("content") or "").split())
        if name in names and value:
            found.append(value)
    return found


def _dicts(value: object) -> list[dict]:
    return [item for item in (value if isinstance(value, list) else [value]) if isinstance(item, dict)]


def _distinct(names: Iterable[str]) -> list[str]:
    """The names tidied, each once, in their order."""
    seen, kept = set(), []
    for name in names:
        name = " ".join(tidy(name).split())
        if name and name not in seen:
            seen.add(name)
            kept.append(name)
    return kept
