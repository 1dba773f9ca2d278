"""The joint network of two networks: one network computing ``f_a(x) - f_b(x)`` whose neurons are both's.

Every region of the joint network is a cell on which both networks are affine, which is what the
exhaustive equivalence deciders and the exact distance enumerate (``MATH.md`` section 4).

Examples
--------
>>> from exact import Network
>>> identity = Network(1, [([[1]], [0])])
>>> absolute = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
>>> joint_network(identity, absolute).evaluate([-2])       # -2 - |-2|
(Fraction(-4, 1),)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from exact import linalg
from exact.errors import ShapeError
from exact.network import Layer, Network, Skip, precompose
from exact.numbers import Matrix, Vector
from exact.polyhedron import Polyhedron

__all__ = ["joint_network", "on_hull", "hull_point"]

#: ``(origin, directions)``: the affine plane ``x = origin + sum_j y_j directions[j]``
Plane = tuple[Vector, tuple[Vector, ...]]


def on_hull(a: Network, b: Network, domain: Polyhedron) -> tuple[Plane, Network, Network, Polyhedron]:
    """Both networks restricted to the affine hull of a flat domain, and the domain in the hull's coordinates.

    The hull is :meth:`exact.Polyhedron.affine_slice` (its origin in the domain's relative interior);
    ``y -> f(origin + D y)`` is :func:`exact.network.precompose`. The restricted domain is
    full-dimensional, so the deciders of a full-dimensional domain apply to it. With no directions
    (a one-point domain) the networks come back unchanged and so does the domain.

    Parameters
    ----------
    a, b
        Networks with the domain's input dimension.
    domain
        A non-empty polyhedron.

    Returns
    -------
    (plane, Network, Network, Polyhedron)
        The plane ``(origin, directions)``, both restricted networks and the preimage of the domain.

    See Also
    --------
    hull_point : a point of the restricted domain back in the input space.

    Examples
    --------
    >>> relu_sum = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])      # relu(x) + relu(y)
    >>> plane, on_a, _, segment = on_hull(relu_sum, relu_sum, Polyhedron.box([-1, 3], [1, 3]))   # y = 3
    >>> on_a.input_dim, on_a.evaluate([1]), [str(v) for v in hull_point(plane, [1])]
    (1, (Fraction(4, 1),), ['1', '3'])
    """
    origin, directions = domain.affine_slice()
    if not directions:
        return (origin, ()), a, b, domain
    columns = tuple(zip(*directions))
    return ((origin, directions), precompose(a, columns, origin), precompose(b, columns, origin),
            domain.affine_preimage(columns, origin))


def hull_point(plane: Plane, y: Sequence[Fraction | int]) -> Vector:
    """``origin + sum_j y_j directions[j]``: a point of a plane's coordinates in the input space.

    Parameters
    ----------
    plane
        ``(origin, directions)``, as :func:`on_hull` gives it.
    y
        The point's coordinates on the plane.

    Returns
    -------
    tuple of Fraction
        The point in the input space.

    See Also
    --------
    on_hull

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> hull_point(((Q(0), Q(2)), ((Q(1), Q(0)),)), [Q(1, 2)])
    (Fraction(1, 2), Fraction(2, 1))
    """
    origin, directions = plane
    return tuple(o + sum((Fraction(v) * d[i] for v, d in zip(y, directions)), Fraction(0))
                 for i, o in enumerate(origin))


def _affine_output(net: Network) -> Network:
    """The same function with an affine output layer (an output ReLU becomes hidden, then identity)."""
    if not net.output_relu:
        return net
    m = net.output_dim
    return Network(net.input_dim, list(net.layers) + [Layer(linalg.identity(m), tuple(Fraction(0) for _ in range(m)))],
                   net.skips)


def _with_hidden(net: Network) -> Network:
    """The same function with at least one hidden layer (``x = relu(x) - relu(-x)``)."""
    if net.depth >= 2:
        return net
    n = net.input_dim
    eye = linalg.identity(n)
    first = Layer(eye + tuple(tuple(-v for v in row) for row in eye), tuple(Fraction(0) for _ in range(2 * n)))
    W = net.layers[0].weight
    last = Layer(tuple(tuple(row) + tuple(-v for v in row) for row in W), net.layers[0].bias)
    return Network(n, [first, last])


def _padded(net: Network, depth: int) -> Network:
    """The same function with ``depth`` layers: identity layers inserted before the output.

    They act on the last hidden layer's post-activations, which are nonnegative, so the
    ReLU is the identity there; skips into the output keep pointing at the (moved) output.
    """
    extra = depth - net.depth
    if extra <= 0:
        return net
    width = net.widths[-2]
    hidden = list(net.layers[:-1]) + [Layer(linalg.identity(width), tuple(Fraction(0) for _ in range(width)))
                                      for _ in range(extra)]
    skips = [Skip(s.source, s.target + extra if s.target == net.depth else s.target, s.weight) for s in net.skips]
    out = net.layers[-1]
    # skips into the old last hidden-to-output path stay valid: targets below the output are unchanged
    return Network(net.input_dim, hidden + [out], skips)


def joint_network(a: Network, b: Network) -> Network:
    """A network computing ``f_a - f_b`` whose ReLU neurons are both networks' (side by side).

    Parameters
    ----------
    a, b
        Networks with the same input and output dimensions (depths may differ: the shorter one is
        padded with identity layers; output ReLUs become hidden layers).

    Returns
    -------
    Network
        The joint network. Its regions are the common refinements of ``a``'s and ``b``'s regions,
        on each of which ``f_a - f_b`` is affine.

    Raises
    ------
    ShapeError
        When the input or output dimensions differ.

    See Also
    --------
    fibers.equivalence.decide_equivalence : enumerates these regions.

    References
    ----------
    ``MATH.md`` section 4 (the joint network of two networks).

    Examples
    --------
    >>> from exact import Network
    >>> a, b = Network(1, [([[2]], [1])]), Network(1, [([[1]], [0]), ([[1]], [0])])   # 2x + 1 and relu(x)
    >>> joint = joint_network(a, b)
    >>> [joint.evaluate([x]) for x in (-1, 3)]     # (2x + 1) - relu(x)
    [(Fraction(-1, 1),), (Fraction(4, 1),)]
    """
    if a.input_dim != b.input_dim or a.output_dim != b.output_dim:
        raise ShapeError(f"networks: dimensions {a.input_dim}->{a.output_dim} and {b.input_dim}->{b.output_dim} "
                         "differ")
    a2, b2 = _with_hidden(_affine_output(a)), _with_hidden(_affine_output(b))
    depth = max(a2.depth, b2.depth)
    a2, b2 = _padded(a2, depth), _padded(b2, depth)
    layers = []
    for l in range(1, depth + 1):
        la, lb = a2.layers[l - 1], b2.layers[l - 1]
        if l == 1:
            weight: Matrix = la.weight + lb.weight
            bias = la.bias + lb.bias
        elif l < depth:
            weight = _block(la.weight, lb.weight)
            bias = la.bias + lb.bias
        else:
            weight = tuple(tuple(ra) + tuple(-v for v in rb) for ra, rb in zip(la.weight, lb.weight))
            bias = tuple(x - y for x, y in zip(la.bias, lb.bias))
        layers.append(Layer(weight, bias))
    skips: dict[tuple[int, int], Matrix] = {}
    for net, side in ((a2, 0), (b2, 1)):
        for s in net.skips:
            P = net.skip_weight(s)
            key = (s.source, s.target)
            rows_a, rows_b = a2.widths[s.target - 1], b2.widths[s.target - 1]
            if s.source == 0:
                cols = [P[i] for i in range(len(P))]
                block = (tuple(cols) + linalg.zeros(rows_b, a2.input_dim)) if side == 0 else (
                    linalg.zeros(rows_a, a2.input_dim) + tuple(cols))
            else:
                ca, cb = a2.widths[s.source], b2.widths[s.source]
                block = _block(P, linalg.zeros(rows_b, cb)) if side == 0 else _block(linalg.zeros(rows_a, ca), P)
            skips[key] = linalg.add(skips[key], block) if key in skips else block
    return Network(a.input_dim, layers, [Skip(k, l, P) for (k, l), P in skips.items()])


def _block(A: Matrix, B: Matrix) -> Matrix:
    ca = len(A[0]) if A else 0
    cb = len(B[0]) if B else 0
    return tuple(tuple(r) + tuple(Fraction(0) for _ in range(cb)) for r in A) + tuple(
        tuple(Fraction(0) for _ in range(ca)) + tuple(r) for r in B)
