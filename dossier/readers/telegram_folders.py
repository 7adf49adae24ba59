"""The folders of a Telegram Desktop export that hold no seeds: a chat's media, and what a whole
account's export has of its own.

A chat's export ("Export chat history"), ChatExport_<date>/:
 result.json, or messages.html, messages2.html, ...
 photos/ files/ video_files/ ...          the chat's media
 css/ js/ images/                         the HTML pages' style, script and icons

A whole account's ("Export Telegram data"), in the folder the export was given:
 result.json                              every chat, under "chats" and "left_chats" (the JSON form)
 export_results.html                      the table of contents (the HTML form)
 css/ js/ images/                         the pages' style, script and icons
 lists/                                   contacts.html, chats.html, sessions.html, other_data.json, ...
 profile_pictures/ stories/               the account's own
 chats/chat_001/                          each chat: messages.html, ... (HTML), and its photos/, files/, ...

Each chat is read as a chat's own export is (telegram.py, telegram_html.py). The rest is the
export's, never a seed: its files would be published as documents, or named as bad input.
"""

from __future__ import annotations

import re
from pathlib import Path

# The folders Telegram Desktop writes a chat's media into, beside its messages: their files are
# the export's, never seeds of their own.
MEDIA_FOLDERS = (
    "photos",
    "files",
    "video_files",
    "voice_messages",
    "round_video_messages",
    "stickers",
    "animations",
    "contacts",
    "profile_pictures",
)
# Beside an HTML export's pages, in a chat's export and at the top of an account's.
PAGE_FOLDERS = ("css", "js", "images")
# At the top of an account's export, beside its chats.
ACCOUNT_FOLDERS = (*PAGE_FOLDERS, "lists", "profile_pictures", "stories")
CHATS = "chats"
_CHAT_FOLDER = re.compile(r"chat_\d+")


def account_folders(root: Path) -> list[Path]:
    """What an account's export at root holds that is no seed: its own folders, and each chat's media."""
    try:
        chats = sorted(folder for folder in (root / CHATS).iterdir() if _CHAT_FOLDER.fullmatch(folder.name))
    except OSError:  # no chats/ (an export of the account's lists alone), or it can't be listed
        chats = []
    return [root / folder for folder in ACCOUNT_FOLDERS] + [chat / media for chat in chats for media in MEDIA_FOLDERS]


def account_of_chat(page: Path) -> Path | None:
    """The account's export a chat's page is in (its chats/chat_001/messages.html); None for a
    chat's own export."""
    chat = page.parent
    if _CHAT_FOLDER.fullmatch(chat.name) and chat.parent.name == CHATS:
        return chat.parent.parent
    return None


def chat_page_folders(page: Path) -> list[Path]:
    """Beside a chat's HTML page, its media and the pages' style, script and icons; above it, in
    an account's export, the account's own folders. Not the other chats' media: each chat's
    pages claim their own, and a thousand chats would list a thousand folders each."""
    beside = [page.parent / folder for folder in (*MEDIA_FOLDERS, *PAGE_FOLDERS)]
    account = account_of_chat(page)
    return beside + ([account / folder for folder in ACCOUNT_FOLDERS] if account else [])
