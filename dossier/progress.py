"""A progress bar for long stages, shown only when there are many items and a terminal to show it on."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sized
from typing import TypeVar

Item = TypeVar("Item")

# Below this many items a stage is over before a bar would help.
_MANY = 50


def progress_bar(items: Iterable[Item], label: str) -> Iterable[Item]:
    many = not isinstance(items, Sized) or len(items) >= _MANY
    if not many or not sys.stderr.isatty():  # no bar in CI, pipes, or a benchmark
        return items
    from tqdm import tqdm  # imported for a bar shown only: a fiftieth of a second of every build

    return tqdm(items, desc=label, unit="file", leave=False, file=sys.stderr)
