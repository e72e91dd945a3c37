"""What several stages of one build compute from the same tree, computed once.

The citation trees, the citable units, the emendations and the web templates' parameters are
functions of the master's tree that the exports, the web and print editions, the EPUB, the DTS
export and the anchors each ask for. While
a build runs (`per_build`) the first call computes and the others share its result; outside a
build every call computes afresh, so an editor tool that changes a tree never reads a stale
result. A stage that changes the tree calls `forget`.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

if TYPE_CHECKING:  # lxml is imported where a tree is met: the command line imports this module at start-up
    from lxml import etree

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Memo:
    results: dict[Hashable, tuple[etree._ElementTree, Any]] = field(default_factory=dict)
    computed: Counter[str] = field(default_factory=Counter)  # how often each function really ran


_active: ContextVar[Memo | None] = ContextVar("tei_edition_memo", default=None)


@contextmanager
def per_build() -> Iterator[Memo]:
    """Share results inside the block (an enclosing block's, when there is one)."""
    current = _active.get()
    if current is not None:
        yield current
        return
    memo = Memo()
    token = _active.set(memo)
    try:
        yield memo
    finally:
        _active.reset(token)


def forget() -> None:
    """The tree changed: results computed from it no longer hold."""
    memo = _active.get()
    if memo is not None:
        memo.results.clear()


def of_tree(key: Callable[..., Hashable] = lambda *args, **kwargs: (args, tuple(sorted(kwargs.items())))
            ) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Share the results of a function whose first argument is the tree inside `per_build`;
    `key` makes the rest of its arguments hashable."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        name = function.__qualname__

        @functools.wraps(function)
        def shared(*args: P.args, **kwargs: P.kwargs) -> R:
            memo = _active.get()
            if memo is None:
                return function(*args, **kwargs)
            from lxml import etree

            tree = args[0]
            assert isinstance(tree, etree._ElementTree)
            slot = (name, id(tree), key(*args[1:], **kwargs))
            held = memo.results.get(slot)
            if held is not None and held[0] is tree:
                return held[1]  # type: ignore[no-any-return]
            result = function(*args, **kwargs)
            memo.computed[name] += 1
            memo.results[slot] = (tree, result)  # the tree held too: its id cannot be reused meanwhile
            return result

        return shared

    return decorate
