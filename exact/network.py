"""Rational ReLU networks: exact evaluation, activation patterns, local affine maps.

Conventions (``MATH.md`` section 1): layers are numbered ``l = 1..L`` as in the
papers (``layers[l-1]`` in Python); ``nu^(0) = x``; layer ``l`` computes
``z^(l) = W_l u^(l) + b_l`` with ``u^(l) = nu^(l-1) + sum_k P_k nu^(k)`` over the
skips ``(k -> l)``; hidden layers apply ReLU, the last layer only when
``output_relu`` is set.

A *pattern* has one bit per ReLU neuron, grouped by ReLU layer: ``1`` = active
(``z >= 0`` on the region), ``0`` = inactive (``z <= 0``). :meth:`Network.pattern`
of a point uses ``z >= 0 -> 1``; a point on a boundary lies in several closed
regions, all of which :meth:`Network.patterns_at` returns.

Examples
--------
>>> net = Network(2, [([["-4", "1"], ["-4", "-1"]], ["2", "3"]), ([[1, "1/2"]], [0])])
>>> net.evaluate(["1/4", 0])
(Fraction(2, 1),)
>>> net.pattern(["1/4", 0])
((1, 1),)
>>> amap = net.local_affine_map(((1, 1),))
>>> amap(["1/4", 0]) == net.evaluate(["1/4", 0])
True
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint

from exact import linalg
from exact.affine import AffineMap, MaskedMaps
from exact.display import html_table
from exact.errors import NotDifferentiableError, PatternError, ShapeError, SkipError
from exact.numbers import Matrix, Vector, to_matrix, to_rational, to_vector
from exact.polyhedron import Polyhedron
from exact.validation import check_int

__all__ = [
    "Layer",
    "Skip",
    "AffineMap",
    "Trace",
    "Network",
    "Pattern",
    "parse_pattern",
    "format_pattern",
    "leaky_relu_network",
    "residual_network",
    "precompose",
]

Pattern = tuple[tuple[int, ...], ...]
# layer weights, layer biases (columns), and per target layer the skips (source, P) as flint matrices
_FlintCache = tuple[list[flint.fmpq_mat], list[flint.fmpq_mat], dict[int, list[tuple[int, flint.fmpq_mat]]]]


@dataclass(frozen=True)
class Layer:
    """One affine layer ``z = W u + b`` (``weight`` is ``n_out x n_in``).

    See Also
    --------
    Network : the network of these layers.
    """

    weight: Matrix
    bias: Vector

    @property
    def in_dim(self) -> int:
        return len(self.weight[0]) if self.weight else 0

    @property
    def out_dim(self) -> int:
        return len(self.bias)


@dataclass(frozen=True)
class Skip:
    """A skip connection adding ``P nu^(source)`` to the input of layer ``target``.

    ``weight`` is ``None`` for the identity (then the widths must agree).

    See Also
    --------
    Network.skips_into : the skips into a layer, with their matrices.

    References
    ----------
    ``003`` section 4, eqs. (46)-(54); ``000`` Prop. C.4.
    """

    source: int
    target: int
    weight: Matrix | None = None


@dataclass(frozen=True)
class Trace:
    """Everything a forward pass computes: ``pre[l-1] = z^(l)``, ``post[l] = nu^(l)``.

    See Also
    --------
    Network.forward : gives it.
    """

    pre: tuple[Vector, ...]
    post: tuple[Vector, ...]

    @property
    def output(self) -> Vector:
        return self.post[-1]


def parse_pattern(text: str) -> Pattern:
    """Parse the command-line form ``"11,10"`` (one group of bits per ReLU layer).

    Parameters
    ----------
    text
        Groups of ``0``/``1`` separated by commas.

    Returns
    -------
    Pattern
        The groups as tuples.

    References
    ----------
    ``000`` Def. 2.1 (the codeword ``J``); ``003`` Algorithm 1 (the same pattern as signs ``v``).

    Examples
    --------
    >>> parse_pattern("11,10")
    ((1, 1), (1, 0))

    >>> parse_pattern("11,10")
    ((1, 1), (1, 0))
    """
    groups = text.strip().split(",")
    if not text.strip() or any(not g or set(g) - {"0", "1"} for g in groups):
        raise PatternError(f"pattern: {text!r} is not groups of 0/1 bits separated by commas")
    return tuple(tuple(int(c) for c in g) for g in groups)


def format_pattern(pattern: Pattern) -> list[str]:
    """The JSON form of a pattern: one string of bits per ReLU layer.

    Parameters
    ----------
    pattern
        A pattern.

    Returns
    -------
    list of str
        One string of bits per group.

    References
    ----------
    ``000`` Def. 2.1 (the codeword ``J``); ``003`` Algorithm 1 (the same pattern as signs ``v``).

    Examples
    --------
    >>> format_pattern(((1, 1), (1, 0)))
    ['11', '10']

    >>> format_pattern(((1, 1), (1, 0)))
    ['11', '10']
    """
    return ["".join(str(b) for b in group) for group in pattern]


class Network:
    """A feed-forward ReLU network with rational weights and optional skips.

    Parameters
    ----------
    input_dim
        ``n_0``.
    layers
        ``(W_l, b_l)`` pairs or :class:`Layer` objects, ``l = 1..L``; entries are
        anything :func:`exact.numbers.to_rational` accepts.
    skips
        :class:`Skip` objects or ``(source, target[, weight])`` tuples.
    output_relu
        Whether the last layer applies ReLU too.

    Raises
    ------
    ShapeError, SkipError, NotExactError
        With the layer and the shapes named.

    References
    ----------
    ``003`` section 2 (ReLU networks) and section 4 (skip connections); ``000`` Prop. C.4 (skips
    with matrices) and appendix C (an output ReLU).

    Examples
    --------
    >>> Network(2, [([[1, 1]], [0, 0])])
    Traceback (most recent call last):
    ...
    exact.errors.ShapeError: layer 1: weight is 1x2 but bias has length 2
    """

    def __init__(
        self,
        input_dim: int,
        layers: Sequence[Layer | tuple[object, object]],
        skips: Sequence[Skip | tuple[object, ...]] = (),
        output_relu: bool = False,
    ) -> None:
        check_int(input_dim, "input_dim", low=1)
        if not layers:
            raise ShapeError("layers: a network needs at least one layer")
        if not isinstance(output_relu, bool):
            raise ShapeError(f"output_relu: {output_relu!r} must be true or false")
        self.input_dim = input_dim
        self.output_relu = output_relu
        built: list[Layer] = []
        width = input_dim
        for index, layer in enumerate(layers, start=1):
            built.append(self._make_layer(index, layer, width))
            width = built[-1].out_dim
        self.layers: tuple[Layer, ...] = tuple(built)
        self.skips: tuple[Skip, ...] = tuple(
            sorted((self._make_skip(s) for s in skips), key=lambda s: (s.target, s.source))
        )
        seen = set()
        for s in self.skips:
            if (s.source, s.target) in seen:
                raise SkipError(f"skip {s.source}->{s.target}: given twice")
            seen.add((s.source, s.target))
        self._flint_cache: _FlintCache | None = None
        self._masked_maps: MaskedMaps | None = None

    # ----------------------------------------------------------------- building
    @staticmethod
    def _make_layer(index: int, layer: Layer | tuple[object, object], width: int) -> Layer:
        raw_weight: object
        raw_bias: object
        if isinstance(layer, Layer):    # a Layer is converted too: its fields may hold anything
            raw_weight, raw_bias = layer.weight, layer.bias
        else:
            try:
                raw_weight, raw_bias = layer
            except (TypeError, ValueError):
                raise ShapeError(f"layer {index}: expected a (weight, bias) pair, got {layer!r}") from None
        weight = to_matrix(raw_weight, f"layer {index} weight")  # type: ignore[arg-type]
        bias = to_vector(raw_bias, f"layer {index} bias")  # type: ignore[arg-type]
        rows = len(weight)
        cols = len(weight[0]) if weight else 0
        if rows == 0:
            raise ShapeError(f"layer {index}: weight has no rows")
        if cols != width:
            raise ShapeError(
                f"layer {index}: weight is {rows}x{cols} but its input has width {width}"
            )
        if len(bias) != rows:
            raise ShapeError(f"layer {index}: weight is {rows}x{cols} but bias has length {len(bias)}")
        return Layer(weight, bias)

    def _make_skip(self, skip: Skip | tuple[object, ...]) -> Skip:
        source: object
        target: object
        raw: object
        if isinstance(skip, Skip):
            source, target, raw = skip.source, skip.target, skip.weight
        else:
            if not isinstance(skip, tuple) or len(skip) not in (2, 3):
                raise SkipError(f"skip: expected (source, target[, weight]), got {skip!r}")
            source, target = skip[0], skip[1]
            raw = skip[2] if len(skip) == 3 else None
        for name, value in (("source", source), ("target", target)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise SkipError(f"skip {source}->{target}: {name} {value!r} is not an int")
        assert isinstance(source, int) and isinstance(target, int)
        depth = len(self.layers)
        if not (0 <= source and source <= target - 2 and target <= depth):
            raise SkipError(
                f"skip {source}->{target}: needs 0 <= source <= target-2 and target <= {depth}"
            )
        widths = self.widths
        need_rows, need_cols = widths[target - 1], widths[source]
        if raw is None:
            if need_rows != need_cols:
                raise SkipError(
                    f"skip {source}->{target}: identity skip between widths {need_cols} and {need_rows}; "
                    "give a projection matrix"
                )
            return Skip(source, target, None)
        weight = to_matrix(raw, f"skip {source}->{target} weight")  # type: ignore[arg-type]
        rows, cols = len(weight), (len(weight[0]) if weight else 0)
        if (rows, cols) != (need_rows, need_cols):
            raise SkipError(
                f"skip {source}->{target}: weight is {rows}x{cols}, expected {need_rows}x{need_cols}"
            )
        return Skip(source, target, weight)

    # ----------------------------------------------------------------- shape
    @property
    def depth(self) -> int:
        """``L``, the number of affine layers."""
        return len(self.layers)

    @property
    def widths(self) -> tuple[int, ...]:
        """``(n_0, n_1, ..., n_L)``."""
        return (self.input_dim,) + tuple(layer.out_dim for layer in self.layers)

    @property
    def output_dim(self) -> int:
        return self.layers[-1].out_dim

    @property
    def relu_layers(self) -> tuple[int, ...]:
        """The indices ``l`` of the layers that apply ReLU."""
        last = self.depth if self.output_relu else self.depth - 1
        return tuple(range(1, last + 1))

    @property
    def neuron_count(self) -> int:
        """The number of ReLU neurons."""
        return sum(self.widths[l] for l in self.relu_layers)

    def skip_weight(self, skip: Skip) -> Matrix:
        """The explicit matrix ``P`` of a skip (the identity when omitted).

        Parameters
        ----------
        skip
            One of the network's skips.

        Returns
        -------
        tuple of tuple of Fraction
            Its matrix.

        References
        ----------
        ``003`` section 4 (skip connections).

        Examples
        --------
        >>> net = Network(1, [([[1]], [0]), ([[2]], [0])], skips=[Skip(0, 2)])
        >>> net.skip_weight(net.skips[0])
        ((Fraction(1, 1),),)
        """
        return skip.weight if skip.weight is not None else linalg.identity(self.widths[skip.source])

    def skips_into(self, target: int) -> tuple[tuple[int, Matrix], ...]:
        """``(source, P)`` for every skip into layer ``target``: its input is ``nu^(target-1) + sum P nu^(source)``.

        The one reading of the skips that every forward pass and engine composes (exact, integer,
        symbolic or float).

        Parameters
        ----------
        target
            A layer ``1..depth``.

        Returns
        -------
        tuple of (int, Matrix)
            The skips into it, in order.

        References
        ----------
        ``003`` section 4 (skip connections).

        Examples
        --------
        >>> net = Network(1, [([[1]], [0]), ([[2]], [0])], skips=[Skip(0, 2)])
        >>> net.skips_into(2), net.skips_into(1)
        (((0, ((Fraction(1, 1),),)),), ())
        """
        return tuple((s.source, self.skip_weight(s)) for s in self.skips if s.target == target)

    def __repr__(self) -> str:
        arch = ",".join(str(w) for w in self.widths)
        extra = f", skips={[(s.source, s.target) for s in self.skips]}" if self.skips else ""
        return f"Network([{arch}]{extra}, output_relu={self.output_relu})"

    def _repr_html_(self) -> str:
        return html_table("Network", [("widths", "-".join(str(w) for w in self.widths)),
                                      ("skips", ", ".join(f"{s.source}->{s.target}" for s in self.skips) or "none"),
                                      ("ReLU neurons", self.neuron_count), ("output ReLU", self.output_relu)])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Network):
            return NotImplemented
        return (
            self.input_dim == other.input_dim
            and self.layers == other.layers
            and tuple((s.source, s.target, self.skip_weight(s)) for s in self.skips)
            == tuple((s.source, s.target, other.skip_weight(s)) for s in other.skips)
            and self.output_relu == other.output_relu
        )

    def __hash__(self) -> int:
        return hash((self.input_dim, self.layers, self.output_relu))

    # ----------------------------------------------------------------- evaluation
    def __getstate__(self) -> dict[str, Any]:
        """Pickle and deep-copy the parameters only: the python-flint caches are rebuilt on first use."""
        state = dict(self.__dict__)
        state["_flint_cache"] = None
        state["_masked_maps"] = None
        return state

    def flint_matrices(self) -> _FlintCache:
        """The weights, biases (columns) and skips into each layer ``(source, P)`` as ``flint.fmpq_mat`` (cached).

        Returns
        -------
        (weights, biases, into)
            Per layer its weight and bias column, and per target layer its skips.

        See Also
        --------
        flint_forward : uses them.
        """
        if self._flint_cache is None:
            weights = [linalg.to_fmpq_mat(layer.weight) for layer in self.layers]
            biases = [linalg.to_fmpq_mat([[b] for b in layer.bias]) for layer in self.layers]
            into: dict[int, list[tuple[int, flint.fmpq_mat]]] = {}
            for l in range(1, self.depth + 1):
                for source, P in self.skips_into(l):
                    into.setdefault(l, []).append((source, linalg.to_fmpq_mat(P)))
            self._flint_cache = (weights, biases, into)
        return self._flint_cache

    def masked_maps(self) -> MaskedMaps:
        """The integer engine of the affine maps under fixed bits (:class:`exact.affine.MaskedMaps`, cached).

        Returns
        -------
        MaskedMaps
            The engine, built once.

        See Also
        --------
        affine_maps, pattern_inequalities : what it serves.

        References
        ----------
        ``000`` eq. (3) and ``001`` eq. (3) (the map on ``G_J``); ``000`` Prop. C.4 (with skips).
        """
        if self._masked_maps is None:
            self._masked_maps = MaskedMaps(self)
        return self._masked_maps

    def _point(self, x: Iterable[object]) -> Vector:
        point = to_vector(x, "x")
        if len(point) != self.input_dim:
            raise ShapeError(f"x: has {len(point)} coordinates, the network's input dimension is {self.input_dim}")
        return point

    def forward(self, x: Iterable[object]) -> Trace:
        """Run the network on ``x`` exactly and keep every pre- and post-activation.

        Parameters
        ----------
        x
            A point of the input space (rational-like values).

        Returns
        -------
        Trace
            ``pre`` and ``post`` per layer.

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
        >>> t = net.forward(["-2/3"])
        >>> [str(v) for v in t.pre[0]], [str(v) for v in t.output]
        (['-2/3', '2/3'], ['2/3'])
        """
        point = self._point(x)
        column = flint.fmpq_mat(len(point), 1, [flint.fmpq(v.numerator, v.denominator) for v in point])
        pre, post = self.flint_forward(column)
        return Trace(tuple(_vec(z) for z in pre), tuple(_vec(v) for v in [column, *post]))

    def float_forward(self, points: Any) -> tuple[list[Any], list[Any]]:
        """:meth:`forward` in float64 on many points at once, for pictures and estimates only.

        Nothing the toolkit decides uses it (exact decisions go through :meth:`forward`,
        :meth:`flint_forward` or the filtered predicates of :mod:`exact.filtered`).

        Parameters
        ----------
        points
            An ``(N, n0)`` array (or nested sequence) of input points.

        Returns
        -------
        (list of numpy.ndarray, list of numpy.ndarray)
            Per layer, the pre- and post-activations, one column per point.

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])          # |x|
        >>> pre, post = net.float_forward([[-2.0], [0.5]])
        >>> post[-1].tolist()
        [[2.0, 0.5]]
        """
        import numpy as np

        post = [np.asarray(points, dtype=float).T]
        pre = []
        relu = set(self.relu_layers)
        for l, layer in enumerate(self.layers, start=1):
            u = post[l - 1]
            for source, P in self.skips_into(l):
                u = u + np.asarray(P, dtype=float) @ post[source]
            z = np.asarray(layer.weight, dtype=float) @ u + np.asarray(layer.bias, dtype=float)[:, None]
            pre.append(z)
            post.append(np.maximum(z, 0) if l in relu else z)
        return pre, post[1:]

    def flint_forward(self, columns: flint.fmpq_mat) -> tuple[list[flint.fmpq_mat], list[flint.fmpq_mat]]:
        """:meth:`forward` on the columns of an ``fmpq_mat`` (one point each), kept in python-flint.

        Returns ``(pre, post)``: one matrix per layer, one column per point. For callers that
        evaluate many exact points and only compare the values (no ``Fraction``).

        Parameters
        ----------
        columns
            One point per column.

        Returns
        -------
        (list, list)
            Per layer, the pre- and post-activations (one column per point).

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
        >>> pre, post = net.flint_forward(flint.fmpq_mat(1, 2, [flint.fmpq(-2, 3), 5]))   # x = -2/3 and 5
        >>> pre[0].tolist(), post[-1].entries()
        ([[-2/3, 5], [2/3, -5]], [2/3, 5])
        """
        weights, biases, into = self.flint_matrices()
        zero = flint.fmpq(0)
        count = columns.ncols()
        ones = flint.fmpq_mat(1, count, [1] * count) if count != 1 else None
        post = [columns]
        pre = []
        relu = set(self.relu_layers)
        for l in range(1, self.depth + 1):
            u = post[l - 1]
            for source, matrix in into.get(l, ()):
                u = u + matrix * post[source]
            z = weights[l - 1] * u + (biases[l - 1] if ones is None else biases[l - 1] * ones)
            pre.append(z)
            if l in relu:
                post.append(flint.fmpq_mat(z.nrows(), count, [v if v > zero else zero for v in z.entries()]))
            else:
                post.append(z)
        return pre, post[1:]

    def evaluate(self, x: Iterable[object]) -> Vector:
        """The exact output ``f(x)``.

        Parameters
        ----------
        x
            A point.

        Returns
        -------
        tuple of Fraction
            ``f(x)``.

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])          # |x|
        >>> net.evaluate(["-3/2"])
        (Fraction(3, 2),)
        """
        return self.forward(x).output

    def evaluate_many(self, points: Iterable[Iterable[object]]) -> list[Vector]:
        """The exact outputs at many points.

        Parameters
        ----------
        points
            Points.

        Returns
        -------
        list of tuple of Fraction
            ``f`` at each.

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])          # |x|
        >>> net.evaluate_many([[-1], [2]])
        [(Fraction(1, 1),), (Fraction(2, 1),)]
        """
        return [self.evaluate(p) for p in points]

    def preactivations(self, x: Iterable[object]) -> tuple[Vector, ...]:
        """``(z^(1), ..., z^(L))`` at ``x``.

        Parameters
        ----------
        x
            A point.

        Returns
        -------
        tuple of tuple of Fraction
            Every layer's pre-activation.

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])          # |x|
        >>> net.preactivations([2])
        ((Fraction(2, 1), Fraction(-2, 1)), (Fraction(2, 1),))
        """
        return self.forward(x).pre

    def pattern(self, x: Iterable[object]) -> Pattern:
        """The activation pattern of ``x`` with the convention ``z >= 0 -> 1``.

        The closed set of this pattern contains ``x``; when ``x`` is on a boundary that
        set may be lower-dimensional: :meth:`patterns_at` gives the regions containing ``x``.

        Parameters
        ----------
        x
            A point.

        Returns
        -------
        Pattern
            One group of bits per ReLU layer.

        References
        ----------
        ``000`` Def. 2.1 (the codeword ``J``); ``003`` Algorithm 1 (the same pattern as signs ``v``).

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])          # |x|
        >>> net.pattern([2]), net.pattern([0])
        (((1, 0),), ((1, 1),))
        """
        pre = self.forward(x).pre
        return tuple(tuple(int(v >= 0) for v in pre[l - 1]) for l in self.relu_layers)

    # ----------------------------------------------------------------- patterns
    def check_pattern(self, pattern: Pattern | str, layers: int | None = None) -> Pattern:
        """Validate a pattern (or its string form) for the ReLU layers among the first ``layers``.

        Parameters
        ----------
        pattern
            Groups of bits, or their string form (``"11,10"``).
        layers
            The first ``layers`` layers only.

        Returns
        -------
        Pattern
            The pattern as tuples.

        Raises
        ------
        PatternError
            When the number of groups or a group's width is wrong.

        References
        ----------
        ``000`` Def. 2.1 (the codeword ``J``); ``003`` Algorithm 1 (the same pattern as signs ``v``).

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])          # |x|
        >>> net.check_pattern("10")
        ((1, 0),)
        """
        if isinstance(pattern, str):
            pattern = parse_pattern(pattern)
        expected = self._relu_widths(layers)
        try:
            groups = tuple(tuple(int(b) for b in g) for g in pattern)
        except (TypeError, ValueError):
            raise PatternError(f"pattern: {pattern!r} is not groups of 0/1 bits") from None
        if len(groups) != len(expected) or any(len(g) != w for g, w in zip(groups, expected)):
            raise PatternError(
                f"pattern: group widths {[len(g) for g in groups]} do not match the ReLU layer widths {list(expected)}"
            )
        if any(b not in (0, 1) for g in groups for b in g):
            raise PatternError(f"pattern: {pattern!r} has a bit that is not 0 or 1")
        return groups

    def _relu_widths(self, layers: int | None) -> tuple[int, ...]:
        last = self.check_layers(layers)
        return tuple(self.widths[l] for l in self.relu_layers if l <= last)

    def check_layers(self, layers: int | None) -> int:
        """The number of leading layers ``layers`` asks for: ``depth`` for ``None``, else checked in ``1..depth``.

        Parameters
        ----------
        layers
            ``None`` or a number of layers.

        Returns
        -------
        int
            The number of layers.

        Raises
        ------
        ShapeError
            When ``layers`` is not an integer between 1 and ``depth``.

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])          # |x|
        >>> net.check_layers(None), net.check_layers(1)
        (2, 1)
        """
        return self.depth if layers is None else check_int(layers, "layers", low=1, high=self.depth)

    def affine_maps(
        self, pattern: Pattern | str, layers: int | None = None
    ) -> tuple[tuple[AffineMap, ...], tuple[AffineMap, ...]]:
        """The affine maps of every pre- and post-activation on the closed set of a pattern.

        Parameters
        ----------
        pattern
            The bits of the ReLU layers among the first ``layers``.
        layers
            The last layer (all by default).

        Returns
        -------
        (pre, post)
            ``pre[l-1]`` gives ``z^(l)`` and ``post[l]`` gives ``nu^(l)`` as affine maps of ``x``
            (``post[0]`` is the identity), for ``l`` up to ``layers``. The skip product of
            ``000`` Prop. C.4 and eq. (3) of ``000``/``001`` are what this recursion unrolls to.

        See Also
        --------
        local_affine_map : one of these maps.

        References
        ----------
        ``000`` eq. (3) and ``001`` eq. (3) (the map on ``G_J``); ``000`` Prop. C.4 (with skips).
        """
        last = self.check_layers(layers)
        groups = self.check_pattern(pattern, last)
        bits = dict(zip(self.relu_layers, groups))
        engine = self.masked_maps()
        post = [engine.identity()]
        pre = []
        for l in range(1, last + 1):
            z = engine.pre(post, l)
            pre.append(z)
            post.append(z.masked(bits[l]) if l in bits else z)
        return tuple(m.to_affine() for m in pre), tuple(m.to_affine() for m in post)

    def local_affine_map(
        self, pattern: Pattern | str, layers: int | None = None, pre_activation: bool = False
    ) -> AffineMap:
        """The affine map the first ``layers`` layers compute on the region of ``pattern``.

        ``000`` eq. (3) / ``001`` eq. (3); with skips, the product of ``000`` Prop. C.4.
        ``pre_activation=True`` gives ``z^(l)`` instead of ``nu^(l)``.

        Parameters
        ----------
        pattern
            The bits of the ReLU layers among the first ``layers``.
        layers
            The last layer (all by default).
        pre_activation
            Give ``z^(layers)`` instead of ``nu^(layers)``.

        Returns
        -------
        AffineMap
            The map.

        References
        ----------
        ``000`` eq. (3) and ``001`` eq. (3) (the map on ``G_J``); ``000`` Prop. C.4 (with skips).

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
        >>> m = net.local_affine_map("01")
        >>> [[str(v) for v in row] for row in m.weight], m.rank
        ([['-1']], 1)
        """
        last = self.check_layers(layers)
        groups = self.check_pattern(pattern, last)
        bits = dict(zip(self.relu_layers, groups))
        engine = self.masked_maps()
        post = [engine.identity()]
        for l in range(1, last + 1):      # as affine_maps, converting only the map asked for
            z = engine.pre(post, l)
            if l == last and pre_activation:
                return z.to_affine()
            post.append(z.masked(bits[l]) if l in bits else z)
        return post[last].to_affine()

    def local_rank(self, pattern: Pattern | str, layers: int | None = None) -> int:
        """The rank of the linear part of :meth:`local_affine_map` (``001`` eq. 4).

        Parameters
        ----------
        pattern
            The bits.
        layers
            The last layer.

        Returns
        -------
        int
            The rank.

        References
        ----------
        ``001`` eq. (4) (the local rank).

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])          # |x|
        >>> net.local_rank("10"), net.local_rank("00")
        (1, 0)
        """
        return self.local_affine_map(pattern, layers).rank

    def pattern_inequalities(
        self, pattern: Pattern | str, layers: int | None = None
    ) -> list[tuple[Vector, Fraction]]:
        """The inequalities ``a . x <= b`` that define the closed set of ``pattern``.

        One inequality per ReLU neuron among the first ``layers`` layers:
        ``-z(x) <= 0`` for active neurons, ``z(x) <= 0`` for inactive ones, with ``z``
        the neuron's pre-activation as an affine map on the pattern (may be redundant).

        Parameters
        ----------
        pattern
            The bits.
        layers
            The last layer.

        Returns
        -------
        list of (tuple of Fraction, Fraction)
            ``(a, b)`` per neuron.

        References
        ----------
        ``003`` Algorithm 1 and Theorem 2.2 (the region of a pattern); ``000`` Def. 2.2 (``G_J``).

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])          # |x|
        >>> net.pattern_inequalities("10")                          # -x <= 0 and -x <= 0
        [((Fraction(-1, 1),), Fraction(0, 1)), ((Fraction(-1, 1),), Fraction(0, 1))]
        """
        last = self.check_layers(layers)
        groups = self.check_pattern(pattern, last)
        pre, _ = self.affine_maps(groups, last)
        rows: list[tuple[Vector, Fraction]] = []
        for l, bits in zip(self.relu_layers, groups):
            amap = pre[l - 1]
            for row, offset, bit in zip(amap.weight, amap.bias, bits):
                if bit:
                    rows.append((tuple(-v for v in row), offset))
                else:
                    rows.append((row, -offset))
        return rows

    def pattern_polyhedron(
        self,
        pattern: Pattern | str,
        layers: int | None = None,
        domain: Polyhedron | None = None,
        backend: str = "cdd",
    ) -> Polyhedron:
        """The closed set ``G_J`` of a pattern (intersected with ``domain``) as a :class:`Polyhedron`.

        Parameters
        ----------
        pattern
            The bits.
        layers
            The last layer.
        domain
            Intersect with it.
        backend
            The polyhedron backend.

        Returns
        -------
        Polyhedron
            ``G_J``.

        References
        ----------
        ``003`` Algorithm 1 and Theorem 2.2 (the region of a pattern); ``000`` Def. 2.2 (``G_J``).

        Examples
        --------
        >>> net = Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])])          # |x|
        >>> net.pattern_polyhedron("01").vertices(), net.pattern_polyhedron("01").rays()
        (((Fraction(0, 1),),), ((Fraction(-1, 1),),))
        """
        rows = self.pattern_inequalities(pattern, layers)
        poly = Polyhedron(
            self.input_dim, [a for a, _ in rows], [b for _, b in rows], backend=backend
        )
        if domain is not None:
            poly = poly.intersection(domain)
        return poly

    def canonical_pattern(self, pattern: Pattern | str, layers: int | None = None) -> Pattern:
        """The pattern with bit ``1`` for every neuron identically zero on its closed set.

        Such a neuron's bit does not change the closed set or any map (``relu(0) = 0``), so
        both bits name the same region; the toolkit names it with ``1`` (as ``pattern(x)`` does).

        Parameters
        ----------
        pattern
            The bits.
        layers
            The last layer.

        Returns
        -------
        Pattern
            The canonical pattern of the same closed set.

        References
        ----------
        ``000`` Def. 2.1 (the codeword ``J``); ``003`` Algorithm 1 (the same pattern as signs ``v``).

        Examples
        --------
        >>> net = Network(1, [([[0], [1]], [0, 0]), ([[1, 1]], [0])])    # neuron 1 is the zero map
        >>> net.canonical_pattern("01")
        ((1, 1),)
        """
        last = self.check_layers(layers)
        groups = [list(g) for g in self.check_pattern(pattern, last)]
        for index, l in enumerate(self.relu_layers):
            if l > last:
                break
            # the maps of layer l depend only on earlier bits, which are already canonical
            pre, _ = self.affine_maps(tuple(tuple(g) for g in groups[:index + 1]), l)
            amap = pre[l - 1]
            for i, (row, offset) in enumerate(zip(amap.weight, amap.bias)):
                if offset == 0 and not any(row):
                    groups[index][i] = 1
        return tuple(tuple(g) for g in groups)

    def patterns_at(self, x: Iterable[object], backend: str = "cdd") -> list[Pattern]:
        """All patterns whose region (full-dimensional closed set) contains ``x``.

        Neurons with ``z(x) = 0`` may take either bit; at ``x`` every such choice gives the
        same values, so each candidate's closed set contains ``x`` and only its
        full-dimensionality is decided (exact LP).

        Parameters
        ----------
        x
            A point.
        backend
            The LP backend.

        Returns
        -------
        list of Pattern
            One or more (on boundaries).

        References
        ----------
        ``000`` Def. 2.1 (the codeword ``J``); ``003`` Algorithm 1 (the same pattern as signs ``v``).

        Examples
        --------
        >>> net = Network(1, [([[1]], [0]), ([[1]], [0])])
        >>> net.patterns_at([0])
        [((0,),), ((1,),)]
        """
        point = self._point(x)
        pre = self.forward(point).pre
        choices: list[list[int]] = []
        for l in self.relu_layers:
            for v in pre[l - 1]:
                choices.append([0, 1] if v == 0 else [int(v > 0)])
        widths = self._relu_widths(None)
        if all(len(c) == 1 for c in choices):
            return [_split([c[0] for c in choices], widths)]
        result: list[Pattern] = []
        for flat in itertools.product(*choices):
            groups = _split(flat, widths)
            if self.canonical_pattern(groups) != groups:  # the same region under its canonical name
                continue
            if self.pattern_polyhedron(groups, backend=backend).dimension() == self.input_dim:
                result.append(groups)
        return result

    def jacobian(self, x: Iterable[object], backend: str = "cdd") -> Matrix:
        """The Jacobian of ``f`` at ``x``, exactly.

        Parameters
        ----------
        x
            A point where ``f`` is differentiable.
        backend
            The LP backend.

        Returns
        -------
        tuple of tuple of Fraction
            ``df/dx``.

        Raises
        ------
        NotDifferentiableError
            When the regions containing ``x`` have different linear parts (then ``f`` is
            not differentiable at ``x``).

        References
        ----------
        ``000`` eq. (3) and ``001`` eq. (3) (the map on ``G_J``); ``000`` Prop. C.4 (with skips).

        Examples
        --------
        >>> net = Network(1, [([[1]], [0]), ([[1]], [0])])
        >>> net.jacobian(["1/2"])
        ((Fraction(1, 1),),)
        >>> net.jacobian([0])
        Traceback (most recent call last):
        ...
        exact.errors.NotDifferentiableError: x: f is not differentiable at (0,): the 2 regions
        containing it have different linear parts
        """
        point = self._point(x)
        linear_parts = {self.local_affine_map(p).weight for p in self.patterns_at(point, backend)}
        if len(linear_parts) != 1:
            shown = "(" + ", ".join(str(v) for v in point) + ("," if len(point) == 1 else "") + ")"
            raise NotDifferentiableError(
                f"x: f is not differentiable at {shown}: the {len(linear_parts)} regions containing it "
                "have different linear parts"
            )
        return next(iter(linear_parts))

    def all_patterns(self, layers: int | None = None) -> Iterator[Pattern]:
        """Every bit assignment for the ReLU neurons among the first ``layers`` layers (``2^N``).

        Parameters
        ----------
        layers
            The first ``layers`` layers.

        Returns
        -------
        iterator of Pattern
            All ``2^N`` patterns.

        References
        ----------
        ``000`` Def. 2.1 (the codeword ``J``); ``003`` Algorithm 1 (the same pattern as signs ``v``).

        Examples
        --------
        >>> len(list(Network(1, [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]).all_patterns()))
        4
        """
        widths = self._relu_widths(layers)
        for flat in itertools.product((0, 1), repeat=sum(widths)):
            yield _split(flat, widths)


def _vec(column: flint.fmpq_mat) -> Vector:
    return tuple(Fraction(int(v.p), int(v.q)) for v in column.entries())


def _split(flat: Sequence[int], widths: Sequence[int]) -> Pattern:
    groups, start = [], 0
    for w in widths:
        groups.append(tuple(flat[start : start + w]))
        start += w
    return tuple(groups)


def leaky_relu_network(
    input_dim: int,
    layers: Sequence[tuple[object, object]],
    slope: object | Sequence[object | None],
    skips: Sequence[Skip | tuple[object, ...]] = (),
    output_leaky: bool = False,
    output_relu: bool = False,
) -> Network:
    """The ReLU network computing a LeakyReLU network with rational slope ``a``.

    Uses ``LeakyReLU(t) = ReLU(t) - a ReLU(-t)`` (``003`` section 2): each LeakyReLU
    layer of width ``n`` becomes ``2n`` ReLU neurons ``[z; -z]`` and whatever reads it
    (the next layer, skips) is multiplied by ``E = [I, -a I]``.

    Parameters
    ----------
    slope
        One slope for every hidden layer, or one entry per hidden layer (``None`` for a
        plain ReLU layer); the output layer uses ``slope`` (or its last entry) when
        ``output_leaky`` is set, then a final linear layer ``E`` is appended.
    output_relu
        A plain ReLU on the output (exclusive with ``output_leaky``).

    Returns
    -------
    Network
        A ReLU network computing the same function.

    References
    ----------
    ``MATH.md`` section 1 (LeakyReLU as ``ReLU(t) - a ReLU(-t)``).

    Examples
    --------
    >>> net = leaky_relu_network(1, [([[1]], [0]), ([[1]], [0])], slope="1/10")
    >>> net.evaluate([-5]), net.evaluate([5])
    ((Fraction(-1, 2),), (Fraction(5, 1),))
    """
    plain = Network(input_dim, list(layers), skips)  # validates shapes and skips
    depth = plain.depth
    if output_leaky and output_relu:
        raise ShapeError("output_leaky, output_relu: choose at most one output activation")
    if isinstance(slope, (list, tuple)):
        slopes_given = [None if s is None else to_rational(s, f"slope[{i}]") for i, s in enumerate(slope)]
        needed = depth - 1 + int(output_leaky)
        if len(slopes_given) != needed:
            raise ShapeError(f"slope: {len(slopes_given)} entries given, expected {needed}")
    else:
        one = to_rational(slope, "slope")
        slopes_given = [one] * (depth - 1 + int(output_leaky))
    slopes: dict[int, Fraction] = {}
    for l, a in zip(range(1, depth + 1), slopes_given):
        if a is not None and (l < depth or output_leaky):
            slopes[l] = a
    widths = plain.widths

    def expand(source: int) -> Matrix:
        """``E_k``: maps the ReLU network's ``nu'^(k)`` to the leaky network's ``nu^(k)``."""
        n = widths[source]
        if source not in slopes:
            return linalg.identity(n)
        a = slopes[source]
        return tuple(
            tuple(Fraction(1) if j == i else (-a if j == n + i else Fraction(0)) for j in range(2 * n))
            for i in range(n)
        )

    new_layers = []
    for l, layer in enumerate(plain.layers, start=1):
        weight = linalg.matmul(layer.weight, expand(l - 1))
        bias = layer.bias
        if l in slopes:
            weight = weight + tuple(tuple(-v for v in row) for row in weight)
            bias = bias + tuple(-v for v in bias)
        new_layers.append((weight, bias))
    new_skips = []
    for s in plain.skips:
        projected = linalg.matmul(plain.skip_weight(s), expand(s.source))
        rows_out = 2 * widths[s.target - 1] if (s.target - 1) in slopes else widths[s.target - 1]
        padded = projected + linalg.zeros(rows_out - len(projected), len(projected[0]))
        new_skips.append(Skip(s.source, s.target, padded))
    if depth in slopes:
        new_layers.append((expand(depth), tuple(Fraction(0) for _ in range(widths[depth]))))
    elif output_leaky:  # the output's slope entry is None: a plain ReLU
        output_relu = True
    return Network(input_dim, new_layers, new_skips, output_relu=output_relu)


def residual_network(
    input_dim: int,
    blocks: Sequence[tuple[object, object]],
    projections: Sequence[object | None],
) -> Network:
    """The network of residual blocks ``x_l = ReLU(W_l x_{l-1} + b_l) + M_l x_{l-1}`` (``000`` Prop. C.4).

    Unrolled into skips: the input of layer ``l+1`` is
    ``x_l = nu^(l) + sum_{k<l} (M_l ... M_{k+1}) nu^(k)``, and a final identity layer
    returns ``x_L``. ``projections[l-1]`` is ``M_l`` (``None`` for the identity).

    Parameters
    ----------
    input_dim
        The input dimension.
    blocks
        ``(W_l, b_l)`` per block.
    projections
        ``M_l`` per block (``None``: the identity).

    Returns
    -------
    Network
        A ReLU network with skips computing it.

    References
    ----------
    ``000`` Prop. C.4.

    Examples
    --------
    >>> net = residual_network(1, [([[1]], [-1])], [None])
    >>> net.evaluate([3]), net.evaluate([-3])
    ((Fraction(5, 1),), (Fraction(-3, 1),))
    """
    plain = Network(input_dim, list(blocks), output_relu=True)
    widths = plain.widths
    if len(projections) != plain.depth:
        raise ShapeError(f"projections: {len(projections)} given for {plain.depth} blocks")
    mats: list[Matrix] = []
    for l, raw in enumerate(projections, start=1):
        if raw is None:
            if widths[l] != widths[l - 1]:
                raise SkipError(
                    f"projections[{l - 1}]: identity between widths {widths[l - 1]} and {widths[l]}; give a matrix"
                )
            mats.append(linalg.identity(widths[l]))
        else:
            m = to_matrix(raw, f"projections[{l - 1}]")  # type: ignore[arg-type]
            if len(m) != widths[l] or len(m[0]) != widths[l - 1]:
                raise SkipError(
                    f"projections[{l - 1}]: is {len(m)}x{len(m[0]) if m else 0}, expected {widths[l]}x{widths[l - 1]}"
                )
            mats.append(m)
    depth = plain.depth
    skips = []
    flint_mats = [linalg.to_fmpq_mat(m) for m in mats]  # the products stay in flint's form
    for l in range(1, depth + 1):  # x_l feeds layer l+1
        product = flint_mats[l - 1]
        for k in range(l - 1, -1, -1):
            skips.append(Skip(k, l + 1, linalg.from_fmpq_mat(product)))
            if k > 0:
                product = product * flint_mats[k - 1]
    final = (linalg.identity(widths[depth]), tuple(Fraction(0) for _ in range(widths[depth])))
    return Network(input_dim, list(plain.layers) + [Layer(*final)], skips, output_relu=False)


def precompose(net: Network, matrix: Iterable[Iterable[object]], offset: Iterable[object] | None = None) -> Network:
    """The network ``y -> f(M y + c)`` (``M`` is ``n_0 x k``): restrict ``f`` to an affine slice.

    The first layer absorbs ``M`` and ``c``; skips from the input become ``P M``, their
    constant ``P c`` folded into the bias of the layer they feed.

    Parameters
    ----------
    net
        The network.
    matrix
        ``M``.
    offset
        ``c`` (zero by default).

    Returns
    -------
    Network
        The composed network (the first layer absorbs ``M`` and ``c``).

    Examples
    --------
    >>> net = Network(2, [([[1, 1]], [0]), ([[1]], [0])])           # relu(x1 + x2)
    >>> precompose(net, [[1], [-1]], [0, 2]).evaluate([5])          # relu(y - y + 2)
    (Fraction(2, 1),)

    >>> net = Network(2, [([[1, -1]], [0]), ([[1]], [0])])       # relu(x1 - x2)
    >>> line = precompose(net, [[1], [1]], [2, 0])               # t -> relu(2)
    >>> line.evaluate([5]), line.input_dim
    ((Fraction(2, 1),), 1)
    """
    M = to_matrix(matrix, "matrix")
    if len(M) != net.input_dim:
        raise ShapeError(f"matrix: has {len(M)} rows, the network's input dimension is {net.input_dim}")
    k = len(M[0]) if M else 0
    if k < 1:
        raise ShapeError("matrix: needs at least one column")
    c = to_vector(offset, "offset") if offset is not None else tuple(Fraction(0) for _ in range(net.input_dim))
    if len(c) != net.input_dim:
        raise ShapeError(f"offset: has {len(c)} entries, expected {net.input_dim}")
    layers = [(layer.weight, list(layer.bias)) for layer in net.layers]
    first_w, first_b = layers[0]
    layers[0] = (linalg.matmul(first_w, M), [b + v for b, v in zip(first_b, linalg.matvec(first_w, c))])
    skips = []
    for s in net.skips:
        P = net.skip_weight(s)
        if s.source == 0:
            w, b = layers[s.target - 1]
            shift = linalg.matvec(w, linalg.matvec(P, c))
            layers[s.target - 1] = (w, [u + v for u, v in zip(b, shift)])
            skips.append(Skip(0, s.target, linalg.matmul(P, M)))
        else:
            skips.append(s)
    return Network(k, [(w, b) for w, b in layers], skips, net.output_relu)
