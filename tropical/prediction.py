"""Cached prediction (Algorithm 3 of ``003``), exact.

The predictor finds the pattern of ``x`` (a forward pass), looks its affine map up in
the cache, and computes it with the affine-map engine on a miss. The map stored is
``F^(L) - G^(L)`` (``H - G`` for an affine output layer): Algorithm 3 as printed stores
``F^(L)_A x + f^(L)_b``, which is not the network's map when ``G^(L) != 0``
(see the erratum of claim ``003.alg3.cached-prediction``).

Examples
--------
>>> from exact import Network
>>> net = Network(1, [([[-1]], [0]), ([[-1]], [0])])      # f(x) = -relu(-x)
>>> predictor = CachedPredictor(net)
>>> predictor.predict([1]), predictor.predict([2]), predictor.predict([-3])
((Fraction(0, 1),), (Fraction(0, 1),), (Fraction(-3, 1),))
>>> predictor.hits, predictor.misses
(1, 2)
"""

from __future__ import annotations

from collections.abc import Iterable

from exact.network import AffineMap, Network, Pattern
from exact.numbers import Vector, to_vector

__all__ = ["CachedPredictor", "region_map"]


def region_map(net: Network, pattern: Pattern) -> AffineMap:
    """The network's affine map on a pattern's region: ``F - G`` of the last layer of the recurrences.

    Computed by the one affine-map engine (:meth:`exact.Network.local_affine_map`).

    Parameters
    ----------
    net
        The network.
    pattern
        A pattern of all its ReLU layers.

    Returns
    -------
    AffineMap
        The network's map on the pattern's (closed) region.

    References
    ----------
    ``003`` section 7 and Algorithm 3 (caching the regions' affine maps for prediction).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(1, [([[-1]], [0]), ([[-1]], [0])])      # -relu(-x): x for x <= 0, 0 for x >= 0
    >>> region_map(net, ((1,),)).weight, region_map(net, ((0,),)).weight
    (((Fraction(1, 1),),), ((Fraction(0, 1),),))
    """
    return net.local_affine_map(pattern)


class CachedPredictor:
    """Exact predictions with a ``pattern -> affine map`` cache and hit/miss counts.

    See Also
    --------
    region_map : the map cached per pattern.

    References
    ----------
    ``003`` section 7 and Algorithm 3 (caching the regions' affine maps for prediction).
    """

    def __init__(self, net: Network) -> None:
        self.net = net
        self.cache: dict[Pattern, AffineMap] = {}
        self.hits = 0
        self.misses = 0

    def predict(self, x: Iterable[object]) -> Vector:
        """``f(x)`` exactly, through the cached map of ``x``'s region.

        Parameters
        ----------
        x
            A point.

        Returns
        -------
        tuple of Fraction
            ``f(x)``.

        See Also
        --------
        predict_many

        References
        ----------
        ``003`` section 7 and Algorithm 3 (caching the regions' affine maps for prediction).
        """
        point = to_vector(x, "x")
        pattern = self.net.pattern(point)
        amap = self.cache.get(pattern)
        if amap is None:
            self.misses += 1
            amap = region_map(self.net, pattern)
            self.cache[pattern] = amap
        else:
            self.hits += 1
        return amap(point)

    def predict_many(self, points: Iterable[Iterable[object]]) -> list[Vector]:
        """``f`` at every point, through the cache.

        Parameters
        ----------
        points
            Points.

        Returns
        -------
        list of tuple of Fraction
            ``f`` at each.

        References
        ----------
        ``003`` section 7 and Algorithm 3 (caching the regions' affine maps for prediction).

        Examples
        --------
        >>> from exact import Network
        >>> CachedPredictor(Network(1, [([[1]], [0]), ([[1]], [0])])).predict_many([[2], [-1]])
        [(Fraction(2, 1),), (Fraction(0, 1),)]
        """
        return [self.predict(p) for p in points]

    @property
    def hit_rate(self) -> float:
        """Fraction of cached answers (a report, not a decision)."""
        total = self.hits + self.misses
        return self.hits / total if total else 0.0
