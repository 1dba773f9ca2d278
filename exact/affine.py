"""The one engine for the affine maps of a network under fixed activation bits, in integers.

On the closed set of an activation pattern every pre-activation ``z^(l)`` and post-activation
``nu^(l)`` is an affine function of the input ``x`` (``000``/``001`` eq. (3); with skips the
product of ``000`` Prop. C.4). This module computes them layer by layer with no ``Fraction``
in the loop: a map ``x -> (A x + c) / d`` of ``Q^n`` is one integer matrix ``[A | c]``
(python-flint ``fmpz_mat``, a row per neuron, ``n + 1`` columns) and one positive integer ``d``.
Each layer's weights and biases are stored once as integers over their common denominator, so a
layer is one integer matrix product. :meth:`Network.affine_maps` and the region tree of
:mod:`tropical.enumeration` both use it; :mod:`tropical.recurrences` keeps the papers' own form
and is checked against it.

References
----------
``000`` eq. (3) and Prop. C.4 (skips); ``001`` eq. (3).

Examples
--------
>>> from exact.network import Network
>>> net = Network(1, [([[1], [-1]], [0, "1/2"]), ([[1, 1]], [0])])
>>> engine = MaskedMaps(net)
>>> z1 = engine.pre([engine.identity()], 1)      # z = (x, -x + 1/2)
>>> z1.rows(), z1.denominator
([(2, 0), (-2, 1)], 2)
>>> z1.primitive_rows()                          # the same half-planes, coprime
[(1, 0), (-2, 1)]
>>> z2 = engine.pre([engine.identity(), z1.masked((0, 1))], 2)   # only the second neuron active
>>> [str(v) for v in z2.to_affine()([0])]         # relu(1/2) at x = 0
['1/2']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING

import flint

from exact import linalg
from exact.numbers import Matrix, Vector, to_vector

if TYPE_CHECKING:
    from exact.network import Network

__all__ = ["AffineMap", "IntegerMap", "MaskedMaps"]


@dataclass(frozen=True)
class AffineMap:
    """The affine map ``x -> weight x + bias``.

    See Also
    --------
    exact.Network.local_affine_map : the map of a region.

    References
    ----------
    ``000`` eq. (3) and ``001`` eq. (3); ``000`` Prop. C.4 (with skips).
    """

    weight: Matrix
    bias: Vector

    def __call__(self, x: Iterable[object]) -> Vector:
        point = to_vector(x, "x")
        return tuple(v + b for v, b in zip(linalg.matvec(self.weight, point), self.bias))

    @property
    def rank(self) -> int:
        """The rank of the linear part."""
        return linalg.rank(self.weight)


def _common_denominator(rows: Sequence[Sequence[Fraction]]) -> int:
    return linalg.common_denominator(v for row in rows for v in row)


def _integer_matrix(rows: Sequence[Sequence[Fraction]], d: int, columns: int) -> flint.fmpz_mat:
    return flint.fmpz_mat(len(rows), columns, [int(v * d) for row in rows for v in row])


@dataclass(frozen=True)
class IntegerMap:
    """``x -> (A x + c) / denominator`` with ``matrix = [A | c]`` an integer ``fmpz_mat``.

    See Also
    --------
    MaskedMaps : produces them.
    """

    matrix: flint.fmpz_mat
    denominator: int

    def rows(self) -> list[tuple[int, ...]]:
        """The rows ``(a_1, ..., a_n, c)`` as Python integers (over :attr:`denominator`).

        Returns
        -------
        list of tuple of int
            One per output.

        See Also
        --------
        to_affine : the rational map.
        """
        return [tuple(int(v) for v in row) for row in self.matrix.table()]

    def primitive_rows(self) -> list[tuple[int, ...]]:
        """Each row divided by the gcd of its entries (a positive factor: same sign everywhere); zero rows stay.

        Returns
        -------
        list of tuple of int
            The rows, primitive.

        See Also
        --------
        exact.linalg.primitive
        """
        return [linalg.primitive(row) for row in self.rows()]

    def masked(self, bits: Sequence[int]) -> IntegerMap:
        """Rows with bit ``0`` set to zero (the ReLU on a pattern).

        Parameters
        ----------
        bits
            One bit per row.

        Returns
        -------
        IntegerMap
            The masked map.

        See Also
        --------
        MaskedMaps.pre
        """
        cols = self.matrix.ncols()
        entries = self.matrix.entries()
        zero = flint.fmpz(0)
        kept = [entries[i * cols + j] if bit else zero for i, bit in enumerate(bits) for j in range(cols)]
        return IntegerMap(flint.fmpz_mat(len(bits), cols, kept), self.denominator)

    def to_affine(self) -> AffineMap:
        """The map with ``Fraction`` entries (:class:`AffineMap`).

        Returns
        -------
        AffineMap
            The same map.

        See Also
        --------
        rows : the integer rows.
        """
        d = self.denominator
        rows = self.rows()
        return AffineMap(tuple(tuple(Fraction(v, d) for v in row[:-1]) for row in rows),
                         tuple(Fraction(row[-1], d) for row in rows))


class MaskedMaps:
    """The affine maps of a network's layers for chosen bits, in integer homogeneous form.

    ``pre(posts, l)`` is ``z^(l)`` given ``posts[k]`` (``nu^(k)`` for ``k < l``, ``posts[0]`` the
    identity); ``post = pre(...).masked(bits)`` on a ReLU layer, ``pre(...)`` itself otherwise.

    See Also
    --------
    exact.Network.masked_maps : a network's engine (cached).

    References
    ----------
    ``000`` eq. (3) and ``001`` eq. (3); ``000`` Prop. C.4 (with skips).
    """

    def __init__(self, net: Network) -> None:
        self.input_dim = net.input_dim
        n1 = net.input_dim + 1
        self._weights: list[tuple[flint.fmpz_mat, flint.fmpz_mat, int]] = []
        for layer in net.layers:
            d = _common_denominator([*layer.weight, layer.bias])
            weight = _integer_matrix(layer.weight, d, len(layer.weight[0]) if layer.weight else 0)
            # the bias as an (out, n + 1) matrix with the bias in the last column, to add times d_u
            bias = flint.fmpz_mat(len(layer.bias), n1, [int(b * d) if j == n1 - 1 else 0
                                                        for b in layer.bias for j in range(n1)])
            self._weights.append((weight, bias, d))
        self._skips: dict[int, list[tuple[int, flint.fmpz_mat, int]]] = {}
        for target in range(1, net.depth + 1):
            for source, matrix in net.skips_into(target):
                d = _common_denominator(matrix)
                self._skips.setdefault(target, []).append(
                    (source, _integer_matrix(matrix, d, len(matrix[0]) if matrix else 0), d))

    def identity(self) -> IntegerMap:
        """``nu^(0) = x``.

        Returns
        -------
        IntegerMap
            The identity map of the input.

        See Also
        --------
        pre : the next layers.
        """
        n = self.input_dim
        return IntegerMap(flint.fmpz_mat(n, n + 1, [int(i == j) for i in range(n) for j in range(n + 1)]), 1)

    def pre(self, posts: Sequence[IntegerMap], l: int) -> IntegerMap:
        """``z^(l) = W_l (nu^(l-1) + sum of skips P nu^(s)) + b_l`` as an integer map.

        Parameters
        ----------
        posts
            ``nu^(0) .. nu^(l-1)`` as integer maps.
        l
            The layer.

        Returns
        -------
        IntegerMap
            ``z^(l)``.

        See Also
        --------
        exact.Network.affine_maps : what it serves.
        """
        u, du = posts[l - 1].matrix, posts[l - 1].denominator
        for source, P, dp in self._skips.get(l, ()):
            term, dt = P * posts[source].matrix, dp * posts[source].denominator
            common = du * dt // gcd(du, dt)
            u = u * (common // du) + term * (common // dt)
            du = common
        weight, bias, d = self._weights[l - 1]
        return IntegerMap(weight * u + bias * du, d * du)
