"""Counting regions: by the region tree, or by the polyhedral complex when the domain allows it.

Examples
--------
>>> from exact import Network
>>> count_regions(Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])]))
7
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np

from exact.errors import DomainError, ShapeError
from exact.network import Network
from exact.polyhedron import Polyhedron
from tropical.complex import polyhedral_complex
from tropical.enumeration import METHODS, _generate_tree, _parallel_tree, regions
from tropical.regions import check_domain

__all__ = ["count_regions", "estimate_regions"]


def count_regions(net: Network, domain: Polyhedron | None = None, layers: int | None = None,
                  method: str = "tree", backend: str = "cdd",
                  progress: Callable[[int], None] | None = None, workers: int = 1) -> int:
    """The number of regions (with ``workers > 1`` the tree is split over processes).

    ``method="complex"`` builds the polyhedral complex (:mod:`tropical.complex`: filtered exact
    arithmetic, or the exact face lattice when the network is degenerate) when the domain is a
    bounded full-dimensional polytope and every layer is counted, and uses the tree otherwise.

    Parameters
    ----------
    net
        The network.
    domain
        A full-dimensional polyhedron, or ``None`` for ``R^n``.
    layers
        Count only the regions of the first ``layers`` layers.
    method
        ``"tree"`` (the default), ``"tree-lp"``, ``"walk"`` or ``"complex"``.
    backend
        The exact LP backend, ``"cdd"`` or ``"ppl"``.
    progress
        Called with the number of regions found since the last call.
    workers
        Processes for the tree.

    Returns
    -------
    int
        The number of regions: full-dimensional cells of the domain with one activation pattern.

    See Also
    --------
    tropical.enumeration.regions : the regions themselves.
    estimate_regions : a rough estimate for progress lines.

    Notes
    -----
    The cost is that of :func:`tropical.enumeration.regions` (one tree node per full-dimensional
    prefix) or of :func:`tropical.complex.polyhedral_complex` (``method="complex"``); see their notes.

    References
    ----------
    ``003`` Algorithm 2.
    """
    if method == "complex":
        last = net.check_layers(layers)
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
        result = _parallel_tree(net, space, net.check_layers(layers), backend, workers, True, progress)
        assert isinstance(result, int)
        return result
    if method in ("tree", "tree-lp"):
        if method not in METHODS:
            raise ShapeError(f"method: {method!r} is not one of {list(METHODS)}")
        space = check_domain(net, domain, backend)
        total = 0
        for _ in _generate_tree(net, space, net.check_layers(layers), backend, method=method, count_only=True):
            total += 1
            if progress is not None:
                progress(1)
        return total
    return sum(1 for _ in regions(net, domain, layers, method, backend, progress))


def estimate_regions(net: Network, domain: Polyhedron, samples: int = 4096, seed: int = 0) -> int | None:
    """A rough estimate of the number of regions of ``net`` on a bounded ``domain``, for progress lines only.

    ``samples`` points are drawn uniformly from the domain (rejection from its bounding box) and
    their patterns computed in floating point; the estimate is Chao's species-richness estimator
    ``D + f1 (f1 - 1) / (2 (f2 + 1))`` over the ``D`` patterns seen, ``f1`` of them once and ``f2``
    twice. Small regions are rarely hit, so it tends to be low. It decides nothing: no count,
    certificate or verdict uses it. ``None`` when the domain is unbounded or no sample lands in it.

    Parameters
    ----------
    net
        The network.
    domain
        A bounded polytope (an :class:`exact.Polyhedron`).
    samples
        How many points to draw.
    seed
        The seed of the draw (the estimate is reproducible).

    Returns
    -------
    int or None
        The estimate.

    See Also
    --------
    count_regions : the exact count.

    References
    ----------
    A. Chao, "Nonparametric estimation of the number of classes in a population", Scand. J.
    Statist. 11 (1984).

    Examples
    --------
    >>> lines = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])       # the four quadrants
    >>> estimate_regions(lines, Polyhedron.box([-1, -1], [1, 1]))
    4
    """
    n = net.input_dim
    lo, hi = [], []
    for i in range(n):
        e = [int(k == i) for k in range(n)]
        top, bottom = domain.maximize(e, certify=False), domain.minimize(e, certify=False)
        if top.status != "optimal" or bottom.status != "optimal":
            return None
        lo.append(float(Fraction(bottom.value or 0)))
        hi.append(float(Fraction(top.value or 0)))
    x = np.random.default_rng(seed).uniform(lo, hi, size=(samples, n)).T
    A = np.array([[float(v) for v in row] for row in domain.A]) if len(domain.A) else np.zeros((0, n))
    b = np.array([float(v) for v in domain.b])
    x = x[:, np.all(A @ x <= b[:, None] + 1e-12, axis=0)] if len(b) else x
    if x.shape[1] == 0:
        return None
    pre, _ = net.float_forward(x.T)
    bits = [pre[l - 1] >= 0 for l in net.relu_layers]
    if not bits:
        return 1
    _, counts = np.unique(np.packbits(np.vstack(bits), axis=0), axis=1, return_counts=True)
    f1, f2 = int(np.sum(counts == 1)), int(np.sum(counts == 2))
    return len(counts) + (f1 * (f1 - 1)) // (2 * (f2 + 1))
