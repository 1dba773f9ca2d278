"""Counting regions: by the region tree, or by the polyhedral complex when the domain allows it.

Examples
--------
>>> from exact import Network
>>> count_regions(Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])]))
7
"""

from __future__ import annotations

from collections.abc import Callable

from exact.errors import DomainError, ShapeError
from exact.network import Network
from exact.polyhedron import Polyhedron
from tropical.complex import polyhedral_complex
from tropical.enumeration import METHODS, _generate_tree, _parallel_tree, _prefix, regions
from tropical.regions import check_domain

__all__ = ["count_regions"]


def count_regions(net: Network, domain: Polyhedron | None = None, layers: int | None = None,
                  method: str = "tree", backend: str = "cdd",
                  progress: Callable[[int], None] | None = None, workers: int = 1) -> int:
    """The number of regions (with ``workers > 1`` the tree is split over processes).

    ``method="complex"`` builds the polyhedral complex (:mod:`tropical.complex`: filtered exact
    arithmetic, or the exact face lattice when the network is degenerate) when the domain is a
    bounded full-dimensional polytope and every layer is counted, and uses the tree otherwise.
    """
    if method == "complex":
        last = _prefix(net, layers)
        if domain is not None and last == net.depth:
            try:
                counted = polyhedral_complex(net, domain).f_vector()[-1]
            except DomainError:      # an unbounded or lower-dimensional domain: the tree handles it
                counted = None
            if counted is not None:
                if progress is not None:
                    progress(counted)
                return counted
        method = "tree"
    if workers > 1 and method == "tree":
        space = check_domain(net, domain, backend)
        result = _parallel_tree(net, space, _prefix(net, layers), backend, workers, True, progress)
        assert isinstance(result, int)
        return result
    if method in ("tree", "tree-lp"):
        if method not in METHODS:
            raise ShapeError(f"method: {method!r} is not one of {list(METHODS)}")
        space = check_domain(net, domain, backend)
        total = 0
        for _ in _generate_tree(net, space, _prefix(net, layers), backend, method=method, count_only=True):
            total += 1
            if progress is not None:
                progress(1)
        return total
    return sum(1 for _ in regions(net, domain, layers, method, backend, progress))
