"""YAML as Dossier reads it: safe types only, no aliases, and no nesting past a hundred levels.

An alias (`*name`) makes YAML share one value in many places; nine nested lists of nine
aliases each are a billion entries once anything walks them as text (the "billion laughs").
Front matter and config never need one, so a file that uses one is refused, with its line.
"""

from __future__ import annotations

import yaml
from frontmatter.default_handlers import YAMLHandler

# libyaml's parser when it is there: 10,000 content files are read on every build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> object:
    """The data of one YAML document; yaml.YAMLError (with a mark where known) when it is not
    valid YAML or uses an alias."""
    _refuse_deep_nesting(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _refuse_deep_nesting(text: str) -> None:
    """libyaml builds nodes recursively and crashes the process on lists in lists 50,000 deep.
    No front matter or config nests a hundred levels; the events are read first, flat."""
    if sum(text.count(char) for char in "-:[{?") <= MAX_DEPTH:  # every level opens with one
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(
                    problem=f"nested over {MAX_DEPTH} levels deep", problem_mark=event.start_mark
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


MAX_DEPTH = 100


def _refuse_aliases(root: yaml.Node) -> None:
    """An alias is a node reached twice: each node is visited once, so a bomb costs no more
    than its own text."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            raise yaml.MarkedYAMLError(
                problem="an anchor (&name) that an alias (*name) repeats; Dossier does not expand YAML aliases",
                problem_mark=node.start_mark,
            )
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            pending.extend(part for pair in node.value for part in pair)


class FrontMatterYAML(YAMLHandler):
    """python-frontmatter's YAML handler, reading with load_yaml."""

    def load(self, fm: str, **kwargs: object) -> dict:
        data = load_yaml(fm)
        if data is not None and not isinstance(data, dict):
            raise ValueError("must be a mapping of keys to values, not a list or a single value")
        return data or {}
