"""The tropical recurrences of ``003`` (eq. 14, with skips eqs. 49-54), per pattern and symbolic.

With ``A = A+ - A-`` entrywise, ``F^(0)_A = I, G^(0)_A = 0, H^(0)_A = I`` and zero vectors,

    G^(l+1)_A = A+ G^(l)_A + A- F^(l)_A      g^(l+1) = A+ g^(l) + A- f^(l)
    H^(l+1)_A = A+ F^(l)_A + A- G^(l)_A      h^(l+1) = A+ f^(l) + A- g^(l) + b
    F^(l+1)   = H where the neuron is active, G where inactive (F = H without ReLU)

so that ``H - G`` is the pre-activation and ``F - G`` the post-activation (Prop. 2.1).

Skips ``(k -> l+1)`` with matrix ``P`` add ``A P (F^(k) - G^(k))`` to the pre-activation.
Two variants do this:

- ``"paper"``: eqs. (49)-(54), adding ``A+- P (F^(k) - G^(k))`` to ``H`` and ``G``;
- ``"tropical"``: adding ``(AP)+ F^(k) + (AP)- G^(k)`` to ``H`` and ``(AP)+ G^(k) + (AP)- F^(k)``
  to ``G``, nonnegative combinations only, so that ``F``, ``G``, ``H`` stay tropical
  polynomials (convex, max of affine terms). Both give the same ``H - G`` and ``F - G``.
  ``(AP)`` is split into its parts, so a projection ``P`` with negative entries is allowed.

Examples
--------
>>> from exact import Network
>>> net = Network(2, [([[-4, 1], [-4, -1]], [2, 3]), ([[1, "1/2"]], [0])])
>>> rec = pattern_recurrences(net, "10")
>>> rec[1].H_A, rec[1].h_b
(((Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(0, 1))), (Fraction(2, 1), Fraction(3, 1)))
>>> rec[1].pre_activation().weight == net.local_affine_map("10", layers=1, pre_activation=True).weight
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import flint

from exact import linalg
from exact.errors import PatternError, ShapeError
from exact.network import AffineMap, Network, Pattern
from exact.numbers import Matrix, Vector, to_vector
from exact.polyhedron import Polyhedron

__all__ = [
    "LayerRecurrence",
    "pattern_recurrences",
    "split_signs",
    "bits_to_signs",
    "signs_to_bits",
    "TropicalPolynomial",
    "TropicalForm",
    "tropical_form",
    "VARIANTS",
]

VARIANTS = ("paper", "tropical")


def bits_to_signs(pattern: Pattern, convention: str = "algorithm") -> tuple[tuple[int, ...], ...]:
    """Convert bits (1 = active) to the ``v in {-1, +1}`` vectors of ``003``.

    ``convention="algorithm"`` follows Theorem 2.2 and Algorithm 1 of ``003``: ``+1``
    selects ``G`` and the inequality ``H - G <= 0``, so ``+1`` means **inactive**.
    ``convention="walkthrough"`` follows the inequalities (41) and (44) of its section 3
    walkthrough, where ``+1`` means **active**. (The walkthrough's eq. (40) selects ``G``
    for ``+1`` while its (41) treats ``+1`` as active: the paper disagrees with itself.)

    Parameters
    ----------
    pattern
        The bits (1 = active).
    convention
        ``"algorithm"`` or ``"walkthrough"``.

    Returns
    -------
    tuple of tuple of int
        The ``+-1`` vectors.

    References
    ----------
    ``003`` Algorithm 1 (signs ``v``); ``000`` Def. 2.1 (the 0/1 codeword).

    Examples
    --------
    >>> bits_to_signs(((1, 0),))
    ((-1, 1),)
    >>> bits_to_signs(((1, 0),), convention="walkthrough")
    ((1, -1),)
    """
    active = -1 if _convention(convention) == "algorithm" else 1
    return tuple(tuple(active if b else -active for b in group) for group in pattern)


def signs_to_bits(signs: Iterable[Iterable[int]], convention: str = "algorithm") -> Pattern:
    """Inverse of :func:`bits_to_signs`.

    Parameters
    ----------
    signs
        The ``+-1`` vectors.
    convention
        ``"algorithm"`` or ``"walkthrough"``.

    Returns
    -------
    Pattern
        The bits.

    Raises
    ------
    PatternError
        For entries other than ``-1`` and ``+1``.

    References
    ----------
    ``003`` Algorithm 1 (signs ``v``); ``000`` Def. 2.1 (the 0/1 codeword).

    Examples
    --------
    >>> signs_to_bits(bits_to_signs(((1, 0),)))
    ((1, 0),)

    >>> signs_to_bits([[-1, 1]]), signs_to_bits([[-1, 1]], convention="walkthrough")
    (((1, 0),), ((0, 1),))
    """
    active = -1 if _convention(convention) == "algorithm" else 1
    result = []
    for group in signs:
        row = []
        for s in group:
            if s not in (-1, 1):
                raise PatternError(f"signs: {s!r} is not -1 or +1")
            row.append(int(s == active))
        result.append(tuple(row))
    return tuple(result)


def _convention(name: str) -> str:
    if name not in ("algorithm", "walkthrough"):
        raise PatternError(f"convention: {name!r} is not 'algorithm' or 'walkthrough'")
    return name


def split_signs(matrix: flint.fmpq_mat) -> tuple[flint.fmpq_mat, flint.fmpq_mat]:
    """``(A+, A-)`` with ``A = A+ - A-`` and both entrywise nonnegative.

    Parameters
    ----------
    matrix
        A python-flint matrix.

    Returns
    -------
    (fmpq_mat, fmpq_mat)
        The positive and negative parts.

    References
    ----------
    ``003`` section 2 (``A = A+ - A-``).

    Examples
    --------
    >>> import flint
    >>> plus, minus = split_signs(flint.fmpq_mat(1, 2, [3, -2]))
    >>> plus.entries(), minus.entries()
    ([3, 0], [0, 2])
    """
    zero = flint.fmpq(0)
    entries = matrix.entries()
    rows, cols = matrix.nrows(), matrix.ncols()
    plus = flint.fmpq_mat(rows, cols, [v if v > zero else zero for v in entries])
    minus = flint.fmpq_mat(rows, cols, [-v if v < zero else zero for v in entries])
    return plus, minus


@dataclass(frozen=True)
class LayerRecurrence:
    """``F_A, f_b, G_A, g_b, H_A, h_b`` of one layer for one pattern (exact).

    See Also
    --------
    pattern_recurrences : gives one per layer.

    References
    ----------
    ``003`` Prop. 2.1, eqs. (8)-(16); with skips eqs. (46)-(54).
    """

    F_A: Matrix
    f_b: Vector
    G_A: Matrix
    g_b: Vector
    H_A: Matrix
    h_b: Vector

    def pre_activation(self) -> AffineMap:
        """``H - G``: the layer's pre-activation on the pattern's region.

        Returns
        -------
        AffineMap
            ``H - G``.

        See Also
        --------
        post_activation
        """
        return _difference(self.H_A, self.h_b, self.G_A, self.g_b)

    def post_activation(self) -> AffineMap:
        """``F - G``: the layer's post-activation on the pattern's region.

        Returns
        -------
        AffineMap
            ``F - G``.

        See Also
        --------
        pre_activation
        """
        return _difference(self.F_A, self.f_b, self.G_A, self.g_b)


def _difference(A: Matrix, a: Vector, B: Matrix, b: Vector) -> AffineMap:
    return AffineMap(
        tuple(tuple(x - y for x, y in zip(r, s)) for r, s in zip(A, B)), tuple(x - y for x, y in zip(a, b))
    )


def pattern_recurrences(
    net: Network, pattern: Pattern | str, layers: int | None = None, variant: str = "paper"
) -> tuple[LayerRecurrence, ...]:
    """The matrices of eq. (14) (skips: eqs. 51-54) for every layer ``0..layers`` on a pattern.

    ``result[l]`` is layer ``l`` (``result[0]`` holds the initial values (15)-(16)). A layer
    without ReLU (the output, unless ``output_relu``) takes ``F = H``.

    Parameters
    ----------
    net
        The network.
    pattern
        The bits (1 = active) of the ReLU layers among the first ``layers``.
    layers
        The last layer to compute.
    variant
        ``"paper"`` (eqs. 48-50 as printed), ``"tropical"`` (the skip terms split by sign, so that
        ``F``, ``G``, ``H`` stay tropical polynomials) or another of ``VARIANTS``.

    Returns
    -------
    tuple of LayerRecurrence
        ``result[l]`` for ``l = 0..layers``.

    Raises
    ------
    PatternError
        When the pattern does not fit the ReLU layers among the first ``layers``.
    ShapeError
        For an unknown ``variant``.

    References
    ----------
    ``003`` Prop. 2.1, eqs. (8)-(16) and (46)-(54).

    Examples
    --------
    >>> from exact import Network
    >>> rec = pattern_recurrences(Network(1, [([[2], [-1]], [-1, 3]), ([[1, 1]], [0])]), ((1, 0),))
    >>> rec[1].pre_activation().weight                    # H - G of layer 1 is z = (2x - 1, -x + 3)
    ((Fraction(2, 1),), (Fraction(-1, 1),))
    """
    if variant not in VARIANTS:
        raise ShapeError(f"variant: {variant!r} is not one of {list(VARIANTS)}")
    last = layers if layers is not None else net.depth
    groups = net.check_pattern(pattern, last)
    bits = dict(zip(net.relu_layers, groups))
    n0 = net.input_dim
    eye = linalg.to_fmpq_mat(linalg.identity(n0))
    zero_m = flint.fmpq_mat(n0, n0)
    zero_v = flint.fmpq_mat(n0, 1)
    states: list[tuple[flint.fmpq_mat, ...]] = [(eye, zero_v, zero_m, zero_v, eye, zero_v)]
    weights, biases, into = net.flint_matrices()
    for l in range(1, last + 1):
        A = weights[l - 1]
        plus, minus = split_signs(A)
        F, f, G, g, _, _ = states[l - 1]
        G_new = plus * G + minus * F
        g_new = plus * g + minus * f
        H_new = plus * F + minus * G
        h_new = plus * f + minus * g + biases[l - 1]
        for source, P in into.get(l, ()):
            Fk, fk, Gk, gk, _, _ = states[source]
            if variant == "paper":
                G_new = G_new + minus * P * (Fk - Gk)
                g_new = g_new + minus * P * (fk - gk)
                H_new = H_new + plus * P * (Fk - Gk)
                h_new = h_new + plus * P * (fk - gk)
            else:
                AP_plus, AP_minus = split_signs(A * P)
                G_new = G_new + AP_plus * Gk + AP_minus * Fk
                g_new = g_new + AP_plus * gk + AP_minus * fk
                H_new = H_new + AP_plus * Fk + AP_minus * Gk
                h_new = h_new + AP_plus * fk + AP_minus * gk
        if l in bits:
            F_new, f_new = _select(bits[l], H_new, h_new, G_new, g_new)
        else:
            F_new, f_new = H_new, h_new
        states.append((F_new, f_new, G_new, g_new, H_new, h_new))
    return tuple(
        LayerRecurrence(
            linalg.from_fmpq_mat(F), _column(f), linalg.from_fmpq_mat(G), _column(g),
            linalg.from_fmpq_mat(H), _column(h),
        )
        for F, f, G, g, H, h in states
    )


def _select(
    bits: Sequence[int], H: flint.fmpq_mat, h: flint.fmpq_mat, G: flint.fmpq_mat, g: flint.fmpq_mat
) -> tuple[flint.fmpq_mat, flint.fmpq_mat]:
    rows, cols = H.nrows(), H.ncols()
    F = flint.fmpq_mat(rows, cols)
    f = flint.fmpq_mat(rows, 1)
    for i, bit in enumerate(bits):
        src, src_b = (H, h) if bit else (G, g)
        for j in range(cols):
            F[i, j] = src[i, j]
        f[i, 0] = src_b[i, 0]
    return F, f


def _column(vec: flint.fmpq_mat) -> Vector:
    return tuple(Fraction(int(v.p), int(v.q)) for v in vec.entries())


# ------------------------------------------------------------------------------ symbolic form
@dataclass(frozen=True)
class TropicalPolynomial:
    """``max_t (c_t . x + d_t)``: a tropical polynomial with rational exponents and coefficients.

    ``terms`` is a sorted tuple of ``(c_t, d_t)``. Tropical sum is ``max``, tropical product
    is ``+`` (Minkowski sum of the terms), and a nonnegative scalar scales every term.

    References
    ----------
    ``003`` section 2 and Prop. 2.1 (the network as a tropical rational function ``F = max(H, G)``;
    Prop. 5.1 of L. Zhang et al., ICML 2018).

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> relu = TropicalPolynomial.affine((Q(1),), Q(0)).maximum(TropicalPolynomial.zero(1))
    >>> relu(["-3"]), relu(["2"]), len((relu + relu).terms)
    (Fraction(0, 1), Fraction(2, 1), 3)
    """

    dim: int
    terms: tuple[tuple[Vector, Fraction], ...]

    @staticmethod
    def affine(slope: Sequence[Fraction], constant: Fraction) -> TropicalPolynomial:
        """A single affine term.

        Parameters
        ----------
        slope
            The linear part.
        constant
            The constant.

        Returns
        -------
        TropicalPolynomial
            One term.

        See Also
        --------
        zero
        """
        return TropicalPolynomial(len(slope), ((tuple(slope), Fraction(constant)),))

    @staticmethod
    def zero(dim: int) -> TropicalPolynomial:
        """The constant ``0`` (the tropical unit).

        Parameters
        ----------
        dim
            The dimension.

        Returns
        -------
        TropicalPolynomial
            The constant 0.

        See Also
        --------
        affine
        """
        return TropicalPolynomial(dim, ((tuple(Fraction(0) for _ in range(dim)), Fraction(0)),))

    def __call__(self, x: Sequence[object]) -> Fraction:
        point = to_vector(x, "x")
        return max(sum((c * v for c, v in zip(slope, point)), Fraction(0)) + d for slope, d in self.terms)

    def __add__(self, other: TropicalPolynomial) -> TropicalPolynomial:
        terms = {
            (tuple(a + b for a, b in zip(s1, s2)), d1 + d2) for s1, d1 in self.terms for s2, d2 in other.terms
        }
        return TropicalPolynomial(self.dim, tuple(sorted(terms)))

    def scale(self, factor: Fraction) -> TropicalPolynomial:
        """``factor * p`` for ``factor >= 0`` (``0`` gives the zero polynomial).

        Parameters
        ----------
        factor
            A non-negative rational.

        Returns
        -------
        TropicalPolynomial
            The scaled polynomial.

        See Also
        --------
        maximum
        """
        if factor < 0:
            raise ShapeError(f"factor: {factor} must be nonnegative to keep a tropical polynomial")
        if factor == 0:
            return TropicalPolynomial.zero(self.dim)
        return TropicalPolynomial(self.dim, tuple(sorted((tuple(factor * c for c in s), factor * d)
                                                          for s, d in self.terms)))

    def maximum(self, other: TropicalPolynomial) -> TropicalPolynomial:
        """The tropical sum ``max(p, q)``.

        Parameters
        ----------
        other
            A tropical polynomial.

        Returns
        -------
        TropicalPolynomial
            ``max(p, q)``.

        See Also
        --------
        scale
        """
        return TropicalPolynomial(self.dim, tuple(sorted(set(self.terms) | set(other.terms))))

    def pruned(self, domain: Polyhedron | None = None) -> TropicalPolynomial:
        """Drop the terms that are nowhere the unique maximum (on ``domain``); same function.

        A term is kept iff ``{x : term(x) > every other term(x)}`` has interior (exact LP).

        Parameters
        ----------
        domain
            Where the terms are compared (``None``: ``R^n``).

        Returns
        -------
        TropicalPolynomial
            The same function with fewer terms.

        See Also
        --------
        tropical_form
        """
        terms = list(dict.fromkeys(self.terms))
        if len(terms) <= 1:
            return TropicalPolynomial(self.dim, tuple(terms))
        kept = []
        for i, (slope, const) in enumerate(terms):
            A = [tuple(o - s for o, s in zip(other, slope)) for j, (other, _) in enumerate(terms) if j != i]
            b = [const - oc for j, (_, oc) in enumerate(terms) if j != i]
            region = Polyhedron(self.dim, A, b)
            if domain is not None:
                region = region.intersection(domain)
            if region.is_full_dimensional():
                kept.append((slope, const))
        return TropicalPolynomial(self.dim, tuple(sorted(kept)))


@dataclass(frozen=True)
class TropicalForm:
    """``F``, ``G``, ``H`` of every neuron of every layer as tropical polynomials (``F - G = nu``).

    See Also
    --------
    tropical_form : computes it.

    References
    ----------
    ``003`` section 2 and Prop. 2.1 (the network as a tropical rational function ``F = max(H, G)``;
    Prop. 5.1 of L. Zhang et al., ICML 2018).
    """

    F: tuple[tuple[TropicalPolynomial, ...], ...]
    G: tuple[tuple[TropicalPolynomial, ...], ...]
    H: tuple[tuple[TropicalPolynomial, ...], ...]


def _combine(row_plus: Sequence[Fraction], row_minus: Sequence[Fraction], first: Sequence[TropicalPolynomial],
             second: Sequence[TropicalPolynomial], dim: int) -> TropicalPolynomial:
    """``sum_j row_plus[j] first[j] + row_minus[j] second[j]`` (tropical products of powers)."""
    total = TropicalPolynomial.zero(dim)
    for c, p in zip(row_plus, first):
        if c:
            total = total + p.scale(c)
    for c, p in zip(row_minus, second):
        if c:
            total = total + p.scale(c)
    return total


def tropical_form(net: Network, domain: Polyhedron | None = None, prune: bool = True) -> TropicalForm:
    """The symbolic tropical form of every neuron (for small networks: term counts grow fast).

    Uses the ``"tropical"`` skip variant so that every ``F``, ``G``, ``H`` is a tropical
    polynomial; with ``prune`` the terms that are never the unique maximum (on ``domain``)
    are removed after every operation, which does not change the functions.

    Parameters
    ----------
    net
        The network.
    domain
        Prune terms that are never the unique maximum on it (``None``: on ``R^n``).
    prune
        Prune at all.

    Returns
    -------
    TropicalForm
        ``F``, ``G``, ``H`` per layer and neuron.

    References
    ----------
    ``003`` section 2 and Prop. 2.1 (the network as a tropical rational function ``F = max(H, G)``;
    Prop. 5.1 of L. Zhang et al., ICML 2018).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])   # |x|
    >>> form = tropical_form(net)
    >>> [form.F[2][0](x) - form.G[2][0](x) for x in ([-3], [0], [2])]
    [Fraction(3, 1), Fraction(0, 1), Fraction(2, 1)]
    """
    n0 = net.input_dim
    unit = [tuple(Fraction(int(i == j)) for j in range(n0)) for i in range(n0)]
    F0 = tuple(TropicalPolynomial.affine(unit[i], Fraction(0)) for i in range(n0))
    G0 = tuple(TropicalPolynomial.zero(n0) for _ in range(n0))
    Fs, Gs, Hs = [F0], [G0], [F0]
    relu = set(net.relu_layers)

    def tidy(p: TropicalPolynomial) -> TropicalPolynomial:
        return p.pruned(domain) if prune else p

    for l, layer in enumerate(net.layers, start=1):
        A = layer.weight
        Gl, Hl = [], []
        for i, row in enumerate(A):
            plus = [max(v, Fraction(0)) for v in row]
            minus = [max(-v, Fraction(0)) for v in row]
            g = _combine(plus, minus, Gs[l - 1], Fs[l - 1], n0)
            h = _combine(plus, minus, Fs[l - 1], Gs[l - 1], n0)
            for source, P in net.skips_into(l):
                AP = linalg.matmul((row,), P)[0]
                ap_plus = [max(v, Fraction(0)) for v in AP]
                ap_minus = [max(-v, Fraction(0)) for v in AP]
                g = g + _combine(ap_plus, ap_minus, Gs[source], Fs[source], n0)
                h = h + _combine(ap_plus, ap_minus, Fs[source], Gs[source], n0)
            h = h + TropicalPolynomial.affine(tuple(Fraction(0) for _ in range(n0)), layer.bias[i])
            Gl.append(tidy(g))
            Hl.append(tidy(h))
        Fl = [tidy(h.maximum(g)) for h, g in zip(Hl, Gl)] if l in relu else list(Hl)
        Fs.append(tuple(Fl))
        Gs.append(tuple(Gl))
        Hs.append(tuple(Hl))
    return TropicalForm(tuple(Fs), tuple(Gs), tuple(Hs))
