r"""Strict, bounded YAML reading for scenario files and ``--set`` values.

PyYAML's ``safe_load`` accepts three things a scenario must not contain:

* **duplicate keys** in one mapping: the later silently replaces the earlier (a second
  ``policy:`` block drops a CO2 cap). :class:`StrictLoader` rejects them and names the line
  of both occurrences;
* **alias bombs**: a few aliases of aliases expand to :math:`k^n` nodes (``n`` levels of
  ``k`` references each) once the document is walked. The loader computes the expanded node
  count of the composed graph, :math:`N(v) = 1 + \sum_{c \in \mathrm{children}(v)} N(c)`
  (memoised per node, so cheap even for a bomb), and refuses more than
  :data:`MAX_EXPANDED_NODES`;
* **unbounded size and depth**: a file above :data:`MAX_BYTES` or nesting deeper than
  :data:`MAX_DEPTH` is refused before it can exhaust memory or the recursion limit.

Symbols: :math:`v` a node of the composed YAML graph, :math:`N(v)` the number of nodes it
expands to when aliases are replaced by copies, :math:`k, n` the fan-out and the depth of
an alias chain.

Every refusal is a :class:`yaml.MarkedYAMLError` (line and column of the offending node) or a
:class:`yaml.YAMLError`, so callers report it like any other YAML syntax error.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, SequenceNode

MAX_BYTES = 1_000_000
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 200_000


class StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that rejects duplicate keys and bounds depth and alias expansion."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        depth = getattr(self, "_depth", 0)
        if depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, f"nested deeper than {MAX_DEPTH} levels; a scenario needs a few",
                mark)
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth

    def construct_mapping(self, node: Node, deep: bool = False) -> dict:
        if isinstance(node, MappingNode):
            self.flatten_mapping(node)  # merge keys (<<) first, as SafeLoader does
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                try:
                    key = self.construct_object(key_node, deep=True)
                    hash(key)
                except (TypeError, ConstructorError):
                    continue  # the base class reports unhashable keys
                line = key_node.start_mark.line + 1
                if key in seen and key_node.tag != "tag:yaml.org,2002:merge":
                    raise ConstructorError(
                        None, None, f"duplicate key '{key}' (first on line {seen[key]}, again "
                        f"on line {line}); keep one and merge the two blocks",
                        key_node.start_mark)
                seen.setdefault(key, line)
        return super().construct_mapping(node, deep=deep)


def expanded_size(node: Node, memo: dict[int, int] | None = None) -> int:
    """Number of nodes ``node`` expands to with every alias replaced by a copy (memoised)."""
    memo = {} if memo is None else memo
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = 1  # a recursive alias counts once while it is being measured
    total = 1
    if isinstance(node, SequenceNode):
        total += sum(expanded_size(child, memo) for child in node.value)
    elif isinstance(node, MappingNode):
        total += sum(expanded_size(k, memo) + expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = total
    return total


def load(text: str) -> Any:
    """Parse one YAML document strictly (see the module docstring).

    Parameters
    ----------
    text : str
        The document.

    Returns
    -------
    object
        What ``yaml.safe_load`` would return for a document that passes the checks.

    Raises
    ------
    yaml.YAMLError
        Syntax errors, duplicate keys, too deep, too large or too many alias expansions
        (a :class:`yaml.MarkedYAMLError` where a line is known).
    """
    if len(text) > MAX_BYTES:
        raise yaml.YAMLError(f"{len(text):,} characters, more than the {MAX_BYTES:,} a "
                             "scenario may have")
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        size = expanded_size(node)
        if size > MAX_EXPANDED_NODES:
            raise yaml.composer.ComposerError(
                None, None, f"the aliases (*name) expand to {size:,} values, more than "
                f"{MAX_EXPANDED_NODES:,}; write the values out instead", node.start_mark)
        return loader.construct_document(node)
    except RecursionError:
        raise yaml.YAMLError("nested too deeply to read") from None
    finally:
        loader.dispose()
