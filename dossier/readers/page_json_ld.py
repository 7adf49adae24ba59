"""The JSON-LD a saved page carries (<script type="application/ld+json">): what it says of the
article (its headline, its date) and of the site (its name, its publisher's name).

A page's JSON-LD describes many things at once, at its top level, in a list or in an "@graph":
the article, the site, the publisher, breadcrumbs, the author, lists of other stories each with
their own headline and date. Which object is which is told by its "@type".
"""

from __future__ import annotations

import json
import re

from lxml import etree

# Types that describe the article itself ("NewsArticle", "ReportageNewsArticle", "BlogPosting",
# "SocialMediaPosting", "AnalysisNewsArticle", "WebPage").
# An HTML parser keeps what wraps a script for XHTML as its text: "<![CDATA[ … ]]>", maybe
# behind "//" so that JavaScript reads it as a comment.
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_ARTICLE_TYPE_ENDINGS = ("Article", "Posting", "Report", "WebPage")
# Types that describe whoever publishes the site, which may have a name of its own ("Clemson
# University" publishes "Clemson News").
_PUBLISHER_TYPES = frozenset(["NewsMediaOrganization", "Organization", "Corporation"])


def json_ld_scripts(tree: etree._Element) -> list[etree._Element]:
    return tree.xpath('//script[@type="application/ld+json"]')


def json_ld_objects(text: str) -> list[dict]:
    """The objects a JSON-LD script describes, at its top level and in its "@graph"; none when
    it does not parse (a page's script may be cut short or hold a template's placeholders)."""
    try:
        data = json.loads(_CDATA.sub("", text))
    except ValueError:
        return []
    top = listed(data)
    items = [*top, *(item for entry in top if isinstance(entry, dict) for item in listed(entry.get("@graph")))]
    return [item for item in items if isinstance(item, dict)]


def page_json_ld(tree: etree._Element) -> list[dict]:
    """Every object the page's JSON-LD describes, in page order."""
    return [item for script in json_ld_scripts(tree) for item in json_ld_objects(script.text or "")]


def is_article(item: dict) -> bool:
    return any(str(name).endswith(_ARTICLE_TYPE_ENDINGS) for name in listed(item.get("@type")))


def is_website(item: dict) -> bool:
    return "WebSite" in listed(item.get("@type"))


def is_publisher(item: dict) -> bool:
    return any(str(name) in _PUBLISHER_TYPES for name in listed(item.get("@type")))


def listed(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
