"""One-hidden-layer maps ``g(z) = V ReLU(U z + c) + d`` on the orthant ``z >= 0`` (``MATH.md`` section 5).

This is what the second and third layers of a bottleneck network see: its first layer maps
onto the orthant. Three things are computed exactly:

- :func:`neuron_classes`: each neuron is ``"dead"`` (``U_k <= 0``, ``c_k <= 0``: zero on the orthant),
  ``"linear"`` (``U_k >= 0``, ``c_k >= 0``, not dead: the identity there) or ``"nonlinear"``
  (its hyperplane meets the open orthant);
- :func:`hyperplane_representation` (``004`` Def. 2): the hyperplanes of the nonlinear neurons, each
  normalised (first non-zero entry of ``(U_k, c_k)`` equal to ``+1``) with its vector weight: crossing
  it from the negative to the positive side, the Jacobian of ``g`` jumps by ``w (x) normal``.
  For a neuron with ``(U_k, c_k) = lambda h``, the jump is ``|lambda| V_k (x) normal(h)`` whatever the
  sign of ``lambda``; neurons on the same hyperplane add up, and hyperplanes whose weight cancels
  are not breakpoints and are left out;
- :func:`compare_on_orthant`: two maps are equal on the orthant iff their weighted hyperplanes agree
  and their affine maps agree at one point of the open orthant off every hyperplane (then
  ``g - h`` is affine on the connected open orthant and vanishes near that point). When they
  differ, the comparison says where: a hyperplane whose weights differ, or the reference point.

Examples
--------
>>> from fractions import Fraction as Q
>>> g = OrthantMap(U=[[1, -1], [1, 1], [-1, -1]], c=[0, 1, -1], V=[[2, 1, 5]], d=[0])
>>> neuron_classes(g)
['nonlinear', 'linear', 'dead']
>>> rep = hyperplane_representation(g)
>>> rep.hyperplanes
{(Fraction(1, 1), Fraction(-1, 1), Fraction(0, 1)): (Fraction(2, 1),)}
>>> h = OrthantMap(U=[[-2, 2], [1, 1]], c=[0, 1], V=[[1, 1]], d=[0])    # relu(-2(z1 - z2)) = 2 relu(z2 - z1)
>>> compare_on_orthant(g, h).equal
False
>>> compare_on_orthant(g, h).hyperplane is None     # same weighted hyperplane, different affine parts
True
>>> same = OrthantMap(U=[[-1, 1], [1, 0], [0, 1], [0, 0]], c=[0, 0, 0, 1], V=[[2, 3, -1, 1]], d=[0])
>>> compare_on_orthant(g, same).equal      # 2 relu(z1 - z2) + z1 + z2 + 1 = 2 relu(z2 - z1) + 3 z1 - z2 + 1
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from exact import linalg
from exact.errors import ShapeError
from exact.network import Network
from exact.numbers import Matrix, Vector, to_matrix, to_vector

__all__ = ["OrthantMap", "HyperplaneRepresentation", "OrthantComparison", "neuron_classes",
           "hyperplane_representation", "compare_on_orthant", "orthant_map_of", "generic_orthant_point"]


@dataclass(frozen=True)
class OrthantMap:
    """``g(z) = V ReLU(U z + c) + d`` for ``z`` in the orthant of ``R^m``.

    See Also
    --------
    orthant_map_of : layers 2-3 of a three-layer network as one.
    compare_on_orthant : equality of two of them.

    References
    ----------
    ``004`` section 4.2 (dead, linear and nonlinear neurons of a one-hidden-layer map on the orthant).
    """

    U: Matrix
    c: Vector
    V: Matrix
    d: Vector

    def __init__(self, U: object, c: object, V: object, d: object) -> None:
        U_, c_ = to_matrix(U, "U"), to_vector(c, "c")  # type: ignore[arg-type]
        V_, d_ = to_matrix(V, "V", columns=len(U_)), to_vector(d, "d")  # type: ignore[arg-type]
        if len(c_) != len(U_) or len(d_) != len(V_):
            raise ShapeError(f"orthant map: U is {len(U_)} rows, c has {len(c_)}, V has {len(V_)} rows, "
                             f"d has {len(d_)}")
        object.__setattr__(self, "U", U_)
        object.__setattr__(self, "c", c_)
        object.__setattr__(self, "V", V_)
        object.__setattr__(self, "d", d_)

    @property
    def dim(self) -> int:
        return len(self.U[0]) if self.U else 0

    def __call__(self, z: Sequence[object]) -> Vector:
        point = to_vector(z, "z")
        hidden = [max(Fraction(0), linalg.dot(row, point) + ck) for row, ck in zip(self.U, self.c)]
        return tuple(linalg.dot(row, hidden) + dk for row, dk in zip(self.V, self.d))

    def affine_at(self, z: Sequence[Fraction]) -> tuple[Matrix, Vector]:
        """The affine map of ``g`` on the region of ``z`` (``z`` off every hyperplane).

        Parameters
        ----------
        z
            A point of the orthant off every hyperplane.

        Returns
        -------
        (Matrix, Vector)
            The weight and bias there.

        Examples
        --------
        >>> from fractions import Fraction as Q
        >>> OrthantMap([[1, -1]], [0], [[2]], [0]).affine_at([Q(2), Q(1)])
        (((Fraction(2, 1), Fraction(-2, 1)),), (Fraction(0, 1),))
        """
        active = [linalg.dot(row, z) + ck > 0 for row, ck in zip(self.U, self.c)]
        m, out = self.dim, len(self.V)
        weight = tuple(tuple(sum((self.V[o][k] * self.U[k][i] for k in range(len(self.U)) if active[k]),
                                 Fraction(0)) for i in range(m)) for o in range(out))
        bias = tuple(sum((self.V[o][k] * self.c[k] for k in range(len(self.U)) if active[k]), Fraction(0))
                     + self.d[o] for o in range(out))
        return weight, bias


def orthant_map_of(net: Network) -> OrthantMap:
    """The map the second and third layers of a three-layer network apply to the first layer's output.

    Parameters
    ----------
    net
        A three-layer network without skips or output ReLU.

    Returns
    -------
    OrthantMap
        ``z -> W3 relu(W2 z + b2) + b3``.

    Raises
    ------
    ShapeError
        For any other network.

    References
    ----------
    ``004`` section 4.2 (dead, linear and nonlinear neurons of a one-hidden-layer map on the orthant).

    Examples
    --------
    >>> from exact import Network
    >>> orthant_map_of(Network(1, [([[1]], [0]), ([[2]], [-2]), ([[1]], [0])]))
    OrthantMap(U=((Fraction(2, 1),),), c=(Fraction(-2, 1),), V=((Fraction(1, 1),),), d=(Fraction(0, 1),))
    """
    if net.depth != 3 or net.skips or net.output_relu:
        raise ShapeError(f"orthant_map_of: needs a three-layer network without skips or output ReLU, got {net!r}")
    return OrthantMap(net.layers[1].weight, net.layers[1].bias, net.layers[2].weight, net.layers[2].bias)


def neuron_classes(g: OrthantMap) -> list[str]:
    """``"dead"``, ``"linear"`` or ``"nonlinear"`` for each neuron, on the orthant.

    Parameters
    ----------
    g
        The map ``V relu(U z + c) + d``.

    Returns
    -------
    list of str
        Per neuron: ``"dead"`` when its row and bias are ``<= 0`` (never positive for ``z >= 0``),
        ``"linear"`` when they are ``>= 0``, ``"nonlinear"`` otherwise.

    References
    ----------
    ``004`` section 4.2 (dead, linear and nonlinear neurons of a one-hidden-layer map on the orthant).

    Examples
    --------
    >>> neuron_classes(OrthantMap([[-1, 0], [1, 2], [1, -1]], [0, 1, 0], [[1, 1, 1]], [0]))
    ['dead', 'linear', 'nonlinear']
    """
    classes = []
    for row, ck in zip(g.U, g.c):
        if all(v <= 0 for v in row) and ck <= 0:
            classes.append("dead")
        elif all(v >= 0 for v in row) and ck >= 0:
            classes.append("linear")
        else:
            classes.append("nonlinear")
    return classes


@dataclass(frozen=True)
class HyperplaneRepresentation:
    """Weighted hyperplanes ``{(normal..., offset): weight}`` meeting the open orthant (``004`` Def. 2).

    See Also
    --------
    hyperplane_representation : computes it.

    References
    ----------
    ``004`` Def. 2.
    """

    hyperplanes: dict[Vector, Vector]


def _normalised(row: Sequence[Fraction], offset: Fraction) -> tuple[Vector, Fraction]:
    """``(h, |lambda|)`` with ``(row, offset) = lambda h`` and ``h``'s first non-zero entry ``+1``."""
    vec = tuple(row) + (offset,)
    lead = next(v for v in vec if v != 0)
    return tuple(v / lead for v in vec), abs(lead)


def hyperplane_representation(g: OrthantMap) -> HyperplaneRepresentation:
    """The weighted hyperplanes of ``g`` on the orthant (cancelling weights dropped).

    Parameters
    ----------
    g
        The map ``V relu(U z + c) + d``.

    Returns
    -------
    HyperplaneRepresentation
        ``{(normal..., offset): weight}``, each hyperplane scaled to a leading ``+1``; only the
        neurons that change sign on the open orthant count.

    References
    ----------
    ``004`` Def. 2.

    Examples
    --------
    >>> hyperplane_representation(OrthantMap([[1, -1], [-2, 2]], [0, 0], [[1, 1]], [0])).hyperplanes
    {(Fraction(1, 1), Fraction(-1, 1), Fraction(0, 1)): (Fraction(3, 1),)}
    """
    weights: dict[Vector, list[Fraction]] = {}
    for k, kind in enumerate(neuron_classes(g)):
        if kind != "nonlinear":
            continue
        h, size = _normalised(g.U[k], g.c[k])
        acc = weights.setdefault(h, [Fraction(0)] * len(g.V))
        for o in range(len(g.V)):
            acc[o] += size * g.V[o][k]
    return HyperplaneRepresentation({h: tuple(w) for h, w in weights.items() if any(w)})


def generic_orthant_point(hyperplanes: Sequence[Vector], dim: int) -> Vector:
    """A point of the open orthant on none of the hyperplanes ``(normal..., offset)``.

    Points of the moment curve ``(s, s^2, ..., s^m)``, ``s = 1, 2, ...``: a hyperplane (not the
    whole space) meets it in at most ``m`` points, so ``m * len(hyperplanes) + 1`` tries suffice.

    Parameters
    ----------
    hyperplanes
        Rows ``(normal..., offset)``, none of them all zero in the normal.
    dim
        The dimension ``m``.

    Returns
    -------
    tuple of Fraction
        A point with positive coordinates on none of the hyperplanes.

    References
    ----------
    ``004`` section 4.2 (dead, linear and nonlinear neurons of a one-hidden-layer map on the orthant).

    Examples
    --------
    >>> generic_orthant_point([(Fraction(1), Fraction(-1), Fraction(0))], 2)    # (1, 1) lies on z1 = z2
    (Fraction(2, 1), Fraction(4, 1))
    """
    s = 1
    while True:
        z = tuple(Fraction(s) ** (i + 1) for i in range(dim))
        if all(linalg.dot(h[:-1], z) + h[-1] != 0 for h in hyperplanes):
            return z
        s += 1


@dataclass(frozen=True)
class OrthantComparison:
    """The outcome of :func:`compare_on_orthant`.

    When ``equal`` is false, ``hyperplane`` is a hyperplane (``(normal..., offset)``) whose weights
    differ, or ``None`` when the hyperplanes agree and the affine maps differ at ``reference``.

    See Also
    --------
    compare_on_orthant : gives it.

    References
    ----------
    ``004`` Def. 2 and the hyperplane-representation lemma.
    """

    equal: bool
    reference: Vector
    hyperplane: Vector | None = None


def compare_on_orthant(g: OrthantMap, h: OrthantMap) -> OrthantComparison:
    """Decide ``g = h`` on the orthant exactly, from their hyperplane representations.

    Two such maps agree on the orthant exactly when their weighted hyperplanes agree and their
    affine maps agree at one point off every hyperplane.

    Parameters
    ----------
    g, h
        Maps ``V relu(U z + c) + d`` of the same input and output dimensions.

    Returns
    -------
    OrthantComparison
        ``equal``, the reference point used, and a hyperplane whose weights differ when there is one.

    Raises
    ------
    ShapeError
        For different dimensions.

    References
    ----------
    ``004`` Def. 2 and the hyperplane-representation lemma.

    Examples
    --------
    >>> g = OrthantMap([[1, -1]], [0], [[2]], [0])                 # 2 relu(z1 - z2)
    >>> h = OrthantMap([[2, -2], [-1, -1]], [0, -1], [[1, 7]], [0])  # relu(2 (z1 - z2)) and a dead neuron
    >>> compare_on_orthant(g, h).equal
    True
    """
    if g.dim != h.dim or len(g.V) != len(h.V):
        raise ShapeError(f"compare_on_orthant: maps R^{g.dim} -> R^{len(g.V)} and R^{h.dim} -> R^{len(h.V)}")
    rg, rh = hyperplane_representation(g).hyperplanes, hyperplane_representation(h).hyperplanes
    everything = sorted(set(rg) | set(rh))
    cutting = [hp for hp in everything] + [_normalised(row, ck)[0] for row, ck in zip(g.U + h.U, g.c + h.c)
                                           if any(row)]
    reference = generic_orthant_point(cutting, g.dim)
    for hp in everything:
        zero = tuple(Fraction(0) for _ in range(len(g.V)))
        if rg.get(hp, zero) != rh.get(hp, zero):
            return OrthantComparison(False, reference, hp)
    if g.affine_at(reference) != h.affine_at(reference):
        return OrthantComparison(False, reference, None)
    return OrthantComparison(True, reference)
