"""Parameter symmetries of ReLU networks (``MATH.md`` section 5), exact.

Four kinds of step, each a small frozen record that :func:`apply_step` applies:

- :class:`Permutation` of the neurons of a hidden layer (``new neuron j = old neuron order[j]``);
- :class:`Scaling` of hidden neurons by positive rationals (row of ``[W_l | b_l]`` times ``c``, and the
  row of a skip adding into that neuron's output slot, i.e. of a skip into layer ``l + 1``; column of
  ``W_{l+1}`` and of skips out of ``l`` divided by ``c``);
- :class:`Translation` of a first-layer hyperplane hidden by the second layer (``004`` eq. 3);
- :class:`Flip` of first-layer rows by ``M_S`` (``004`` section 5, one second-layer neuron).

Permutations and scalings keep the function of every network; a translation or a flip keeps it
only under its precondition, which :func:`translate` and :func:`flip` check, raising a
:class:`~exact.errors.PreconditionError` that says which one failed. :func:`canonical_form`
gives a representative of the class under permutations and scalings (two networks are related
iff their canonical forms are equal), with the chain of steps that reaches it.

Examples
--------
>>> from exact import Network
>>> net = Network(1, [([[2], [-1]], [1, 3]), ([[1, 5]], [0])])
>>> moved = apply_steps(net, [Permutation(1, (1, 0)), Scaling(1, (Fraction(1, 2), Fraction(4)))])
>>> moved.layers[0].weight, moved.layers[1].weight
(((Fraction(-1, 2),), (Fraction(8, 1),)), ((Fraction(10, 1), Fraction(1, 4)),))
>>> all(moved.evaluate([x]) == net.evaluate([x]) for x in range(-4, 5))
True
>>> related(net, moved) is not None
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from exact import linalg
from exact.errors import FormatError, NotExactError, PreconditionError, ShapeError
from exact.network import Layer, Network, Skip
from exact.numbers import Matrix, Vector, format_rational, to_rational, to_vector
from exact.validation import check_int

__all__ = [
    "Permutation", "Scaling", "Translation", "Flip", "Step", "apply_step", "apply_steps", "inverse_steps",
    "permute", "rescale", "translate", "flip", "flip_matrix", "admissible_translations", "hides",
    "hidden_index", "normalize_for_flip", "is_normalized", "canonical_form", "related", "step_to_json",
    "step_from_json", "simplify_steps", "MAX_TIE_ORDERINGS",
]

#: The most orderings of tied neurons :func:`canonical_form` tries before giving up.
MAX_TIE_ORDERINGS = 5040


def _count(value: object, name: str) -> int:
    """A non-negative int (not a bool, not a float that happens to be whole)."""
    return check_int(value, name, low=0, error=FormatError)


def _counts(values: object, name: str) -> tuple[int, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise FormatError(f"{name}: {values!r} must be a list of non-negative integers")
    return tuple(_count(v, f"{name}[{i}]") for i, v in enumerate(values))


@dataclass(frozen=True)
class Permutation:
    """Reorder the neurons of hidden layer ``layer``: new neuron ``j`` is old neuron ``order[j]``.

    See Also
    --------
    permute : applies it.

    References
    ----------
    ``004`` section 2 (permutations and positive rescalings of hidden neurons).
    """

    layer: int
    order: tuple[int, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "layer", _count(self.layer, "permute.layer"))
        object.__setattr__(self, "order", _counts(self.order, "permute.order"))


@dataclass(frozen=True)
class Scaling:
    """Multiply the incoming weights of hidden neuron ``j`` of ``layer`` by ``factors[j] > 0``.

    References
    ----------
    ``004`` section 2 (permutations and positive rescalings of hidden neurons).

    Examples
    --------
    >>> Scaling(1, (2, "1/3")).factors
    (Fraction(2, 1), Fraction(1, 3))
    """

    layer: int
    factors: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "layer", _count(self.layer, "scale.layer"))
        object.__setattr__(self, "factors", to_vector(self.factors, "scale.factors"))


@dataclass(frozen=True)
class Translation:
    """Shift the bias of first-layer neuron ``index`` by ``t`` and the second-layer biases by ``-t W2[:, index]``.

    See Also
    --------
    translate : applies it, its precondition checked.

    References
    ----------
    ``004`` section 5, eq. (3).
    """

    index: int
    t: Fraction

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", _count(self.index, "translate.index"))
        object.__setattr__(self, "t", to_rational(self.t, "translate.t"))


@dataclass(frozen=True)
class Flip:
    """Replace ``[W1 | b1]`` by ``M_S [W1 | b1]`` (``S = subset``, hidden index ``index``).

    See Also
    --------
    flip : applies it, its precondition checked.

    References
    ----------
    ``004`` section 5 (the flip ``M_S`` when ``n2 = 1``).
    """

    index: int
    subset: tuple[int, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", _count(self.index, "flip.index"))
        object.__setattr__(self, "subset", _counts(self.subset, "flip.subset"))


Step = Permutation | Scaling | Translation | Flip


# --------------------------------------------------------------------------- helpers


def _hidden_layer(net: Network, layer: int) -> None:
    if not isinstance(layer, int) or not 1 <= layer <= net.depth - 1:
        raise ShapeError(f"layer: {layer!r} is not a hidden layer (1..{net.depth - 1})")


def _rebuild(net: Network, layers: Sequence[Layer], skips: Sequence[Skip]) -> Network:
    return Network(net.input_dim, list(layers), list(skips), net.output_relu)


def _explicit_skips(net: Network) -> list[Skip]:
    return [Skip(s.source, s.target, net.skip_weight(s)) for s in net.skips]


def _layer_and_bottom(net: Network) -> tuple[Matrix, Vector, Matrix, Vector]:
    """``W1, b1, W2, b2`` of a network with at least two ReLU layers' worth of structure."""
    return net.layers[0].weight, net.layers[0].bias, net.layers[1].weight, net.layers[1].bias


# --------------------------------------------------------------------------- permutations and scalings


def permute(net: Network, layer: int, order: Sequence[int]) -> Network:
    """The network with the neurons of hidden ``layer`` reordered (``new j = old order[j]``).

    Parameters
    ----------
    net
        The network.
    layer
        A hidden layer.
    order
        A permutation of its neurons.

    Returns
    -------
    Network
        The same function with the neurons reordered (their incoming and outgoing weights and skips
        alike).

    Raises
    ------
    ShapeError
        When ``layer`` is not hidden or ``order`` is not a permutation of its neurons.

    References
    ----------
    ``004`` section 2 (permutations and positive rescalings of hidden neurons).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(1, [([[2], [-1]], [1, 3]), ([[1, 5]], [0])])
    >>> [layer.weight for layer in permute(net, 1, (1, 0)).layers]
    [((Fraction(-1, 1),), (Fraction(2, 1),)), ((Fraction(5, 1), Fraction(1, 1)),)]
    """
    _hidden_layer(net, layer)
    width = net.widths[layer]
    order = tuple(order)
    if sorted(order) != list(range(width)):
        raise ShapeError(f"order: {order} is not a permutation of the {width} neurons of layer {layer}")
    layers = list(net.layers)
    cur, nxt = layers[layer - 1], layers[layer]
    layers[layer - 1] = Layer(tuple(cur.weight[j] for j in order), tuple(cur.bias[j] for j in order))
    layers[layer] = Layer(tuple(tuple(row[j] for j in order) for row in nxt.weight), nxt.bias)
    skips = []
    for s in _explicit_skips(net):
        P = s.weight
        assert P is not None
        if s.target == layer + 1:  # a skip adds into the input of layer target, i.e. into these neurons' slots
            P = tuple(P[j] for j in order)
        if s.source == layer:
            P = tuple(tuple(row[j] for j in order) for row in P)
        skips.append(Skip(s.source, s.target, P))
    return _rebuild(net, layers, skips)


def rescale(net: Network, layer: int, factors: Sequence[object]) -> Network:
    """The network with hidden neuron ``j`` of ``layer`` rescaled by ``factors[j] > 0`` (same function).

    Parameters
    ----------
    net
        The network.
    layer
        A hidden layer.
    factors
        One positive rational per neuron.

    Returns
    -------
    Network
        ``relu(c z) = c relu(z)``: incoming weights times ``c``, outgoing weights divided by it.

    Raises
    ------
    ShapeError, PreconditionError
        For a wrong number of factors, or a factor that is not positive.

    References
    ----------
    ``004`` section 2 (permutations and positive rescalings of hidden neurons).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(1, [([[2], [-1]], [1, 3]), ([[1, 5]], [0])])
    >>> [layer.weight for layer in rescale(net, 1, ["1/2", 3]).layers]
    [((Fraction(1, 1),), (Fraction(-3, 1),)), ((Fraction(2, 1), Fraction(5, 3)),)]
    """
    _hidden_layer(net, layer)
    width = net.widths[layer]
    c = tuple(to_rational(f, "factor") for f in factors)
    if len(c) != width:
        raise ShapeError(f"factors: {len(c)} given for the {width} neurons of layer {layer}")
    if any(v <= 0 for v in c):
        raise PreconditionError(f"factors: {[format_rational(v) for v in c]} must all be positive")
    layers = list(net.layers)
    cur, nxt = layers[layer - 1], layers[layer]
    layers[layer - 1] = Layer(tuple(tuple(v * c[j] for v in cur.weight[j]) for j in range(width)),
                              tuple(cur.bias[j] * c[j] for j in range(width)))
    layers[layer] = Layer(tuple(tuple(row[j] / c[j] for j in range(width)) for row in nxt.weight), nxt.bias)
    skips = []
    for s in _explicit_skips(net):
        P = s.weight
        assert P is not None
        if s.target == layer + 1:
            P = tuple(tuple(v * c[j] for v in P[j]) for j in range(width))
        if s.source == layer:
            P = tuple(tuple(row[j] / c[j] for j in range(width)) for row in P)
        skips.append(Skip(s.source, s.target, P))
    return _rebuild(net, layers, skips)


# --------------------------------------------------------------------------- hiding, translation, flip


def _check_three_layer_structure(net: Network, what: str) -> None:
    if net.depth < 2 or (net.depth == 2 and not net.output_relu):
        raise PreconditionError(f"{what}: needs a second ReLU layer after the first (depth >= 3)")
    if any(s.source <= 1 and s.target <= 2 for s in net.skips) or any(s.source == 1 for s in net.skips):
        raise PreconditionError(f"{what}: skips into layer 2 or out of layer 1 are not supported")


def hides(net: Network, index: int, neuron: int | None = None) -> bool:
    """Whether second-layer neuron ``neuron`` (or every one, when ``None``) hides first-layer hyperplane ``index``.

    Neuron ``k`` hides ``i`` when ``W2[k, i] > 0``, ``W2[k, j] < 0`` for ``j != i`` and ``b2[k] <= 0``
    (``004`` Def. 3).

    Parameters
    ----------
    net
        A three-layer network without skips.
    index
        A first-layer hyperplane.
    neuron
        One second-layer neuron, or ``None`` for all of them.

    Returns
    -------
    bool
        Whether it hides ``index`` (``004`` Def. 3).

    References
    ----------
    ``004`` Def. 3.

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, -1]], [-1]), ([[1]], [0])])
    >>> hides(net, 0), hides(net, 1)
    (True, False)
    """
    _check_three_layer_structure(net, "hides")
    _, _, W2, b2 = _layer_and_bottom(net)
    n1 = net.widths[1]
    if not 0 <= index < n1:
        raise ShapeError(f"index: {index} is not a first-layer neuron (0..{n1 - 1})")
    rows = range(len(W2)) if neuron is None else [neuron]
    return all(W2[k][index] > 0 and b2[k] <= 0 and all(W2[k][j] < 0 for j in range(n1) if j != index)
               for k in rows)


def hidden_index(net: Network) -> int | None:
    """The first-layer hyperplane the whole second layer hides, or ``None`` (at most one exists when ``n1 >= 2``).

    Parameters
    ----------
    net
        A three-layer network without skips.

    Returns
    -------
    int or None
        The hidden first-layer hyperplane (Theorem 5's condition 3), or ``None``.

    References
    ----------
    ``004`` Def. 3.

    Examples
    --------
    >>> from exact import Network
    >>> hidden_index(Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[2, -1]], [-2]), ([[1]], [0])]))
    0
    """
    found = [i for i in range(net.widths[1]) if hides(net, i)]
    return found[0] if found else None


def admissible_translations(net: Network, index: int) -> Fraction:
    """The least admissible ``t`` of :func:`translate`: the half-line is ``t >= max_k b2[k] / W2[k, index]``.

    Parameters
    ----------
    net
        A three-layer network hiding first-layer hyperplane ``index``.
    index
        The hidden hyperplane.

    Returns
    -------
    Fraction
        The least ``t`` that :func:`translate` accepts.

    Raises
    ------
    PreconditionError
        When the network does not hide ``index``.

    See Also
    --------
    translate : the translation this bounds.

    References
    ----------
    ``004`` section 5, eq. (3).
    """
    if not hides(net, index):
        raise PreconditionError(f"translate: the second layer does not hide first-layer hyperplane {index} "
                                "(needs W2[k,i] > 0, W2[k,j] < 0 for j != i, b2[k] <= 0 for every k)")
    _, _, W2, b2 = _layer_and_bottom(net)
    return max(b2[k] / W2[k][index] for k in range(len(W2)))


def translate(net: Network, index: int, t: object) -> Network:
    """Translate hidden first-layer hyperplane ``index`` by ``t`` (``004`` eq. 3): same function.

    ``b1[index] += t`` and ``b2 -= t W2[:, index]``.

    Parameters
    ----------
    net
        A three-layer network whose second layer hides first-layer hyperplane ``index``.
    index
        The hidden hyperplane.
    t
        The shift, a rational at least :func:`admissible_translations`.

    Returns
    -------
    Network
        The translated parameter (same function, not related by permutation and scaling).

    Raises
    ------
    PreconditionError
        When ``index`` is not hidden by every second-layer neuron, or when ``t`` lies outside
        the admissible half-line ``t >= max_k b2[k] / W2[k, index]`` (the message gives its end).

    See Also
    --------
    admissible_translations : the least admissible ``t``.

    References
    ----------
    ``004`` section 5, eq. (3).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[2, -1]], [-2]), ([[1]], [0])])
    >>> admissible_translations(net, 0)
    Fraction(-1, 1)
    >>> moved = translate(net, 0, 3)
    >>> moved.layers[0].bias, moved.layers[1].bias
    ((Fraction(3, 1), Fraction(0, 1)), (Fraction(-8, 1),))
    >>> translate(net, 0, -2)
    Traceback (most recent call last):
    ...
    exact.errors.PreconditionError: translate: t = -2 is outside the admissible half-line t >= -1
    """
    _check_three_layer_structure(net, "translate")
    shift = to_rational(t, "t")
    least = admissible_translations(net, index)
    if shift < least:
        raise PreconditionError(f"translate: t = {format_rational(shift)} is outside the admissible half-line "
                                f"t >= {format_rational(least)}")
    layers = list(net.layers)
    W1, b1, W2, b2 = _layer_and_bottom(net)
    layers[0] = Layer(W1, tuple(v + shift if j == index else v for j, v in enumerate(b1)))
    layers[1] = Layer(W2, tuple(b2[k] - shift * W2[k][index] for k in range(len(W2))))
    return _rebuild(net, layers, net.skips)


def flip_matrix(n1: int, index: int, subset: Sequence[int]) -> Matrix:
    """``M_S = I - sum_{j in S} (e_i e_j^T + 2 e_j e_j^T)`` (``004`` section 5).

    Parameters
    ----------
    n1
        The first layer's width.
    index
        The hidden hyperplane ``i``.
    subset
        ``S``, distinct neurons other than ``i``.

    Returns
    -------
    tuple of tuple of Fraction
        The ``n1 x n1`` matrix ``M_S``.

    References
    ----------
    ``004`` section 5 (the flip ``M_S`` when ``n2 = 1``).

    Examples
    --------
    >>> flip_matrix(3, 0, [2])
    ((Fraction(1, 1), Fraction(0, 1), Fraction(-1, 1)), (Fraction(0, 1), Fraction(1, 1), Fraction(0, 1)), \
(Fraction(0, 1), Fraction(0, 1), Fraction(-1, 1)))
    """
    S = _check_subset(n1, index, subset)
    M = [list(row) for row in linalg.identity(n1)]
    for j in S:
        M[index][j] -= 1
        M[j][j] -= 2
    return tuple(tuple(row) for row in M)


def _check_subset(n1: int, index: int, subset: Sequence[int]) -> tuple[int, ...]:
    if not 0 <= index < n1:
        raise ShapeError(f"index: {index} is not a first-layer neuron (0..{n1 - 1})")
    S = tuple(sorted(set(subset)))
    if len(S) != len(tuple(subset)) or any(not 0 <= j < n1 or j == index for j in S):
        raise ShapeError(f"subset: {tuple(subset)} must be distinct first-layer neurons other than {index}")
    return S


def _check_flip(net: Network, index: int) -> None:
    """The preconditions of a flip that do not depend on normalisation: ``n2 = 1`` and ``index`` hidden."""
    _check_three_layer_structure(net, "flip")
    if net.widths[2] != 1:
        raise PreconditionError(f"flip: needs one second-layer neuron (n2 = 1), this network has "
                                f"n2 = {net.widths[2]}")
    if not hides(net, index):
        raise PreconditionError(f"flip: the second layer does not hide first-layer hyperplane {index}")


def is_normalized(net: Network, index: int) -> bool:
    """Whether ``W2`` is one row equal to ``+1`` at ``index`` and ``-1`` elsewhere (``004``'s normalised form).

    Parameters
    ----------
    net
        A three-layer network.
    index
        A first-layer hyperplane.

    Returns
    -------
    bool
        Whether :func:`flip` accepts ``net`` for ``index``.

    See Also
    --------
    normalize_for_flip : the scaling that makes it so.

    References
    ----------
    ``004`` section 5 (normalized parameters).
    """
    W2 = net.layers[1].weight
    return len(W2) == 1 and all(v == (1 if j == index else -1) for j, v in enumerate(W2[0]))


def normalize_for_flip(net: Network, index: int) -> tuple[Network, Scaling]:
    """The layer-1 rescaling making ``W2 = (+1 at index, -1 elsewhere)``, and the rescaled network.

    Parameters
    ----------
    net
        A three-layer network with one second-layer neuron that hides ``index``.
    index
        The hidden first-layer hyperplane.

    Returns
    -------
    (Network, Scaling)
        The rescaled network (same function) and the scaling step that gives it.

    Raises
    ------
    PreconditionError
        When the second layer has more than one neuron or does not hide ``index``.

    See Also
    --------
    flip : needs a normalised network.

    References
    ----------
    ``004`` section 5 (normalized parameters).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[2, -1]], [-2]), ([[1]], [0])])
    >>> normalized, step = normalize_for_flip(net, 0)
    >>> step, normalized.layers[1].weight, is_normalized(normalized, 0)
    (Scaling(layer=1, factors=(Fraction(2, 1), Fraction(1, 1))), ((Fraction(1, 1), Fraction(-1, 1)),), True)
    """
    _check_flip(net, index)
    step = Scaling(1, tuple(abs(v) for v in net.layers[1].weight[0]))
    return apply_step(net, step), step


def flip(net: Network, index: int, subset: Sequence[int]) -> Network:
    """Flip: ``[W1 | b1] -> M_S [W1 | b1]`` on a normalised network hiding ``index`` (same function).

    Row ``index`` becomes itself minus the rows in ``S``; each row in ``S`` is negated.

    Parameters
    ----------
    net
        A three-layer network with one second-layer neuron, normalised for ``index``
        (:func:`normalize_for_flip`), that hides ``index``.
    index
        The hidden first-layer hyperplane.
    subset
        ``S``: distinct first-layer neurons other than ``index``.

    Returns
    -------
    Network
        The flipped parameter (same function).

    Raises
    ------
    PreconditionError
        When ``n2 != 1``, when ``index`` is not hidden, or when the network is not normalised
        (use :func:`normalize_for_flip` first).

    References
    ----------
    ``004`` section 5 (the flip ``M_S`` when ``n2 = 1``).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(2, [([[1, 2], [3, -1]], [0, 1]), ([[1, -1]], [-1]), ([[2]], [1])])
    >>> flipped = flip(net, 0, [1])
    >>> flipped.layers[0].weight
    ((Fraction(-2, 1), Fraction(3, 1)), (Fraction(-3, 1), Fraction(1, 1)))
    >>> all(flipped.evaluate([x, y]) == net.evaluate([x, y]) for x in range(-3, 4) for y in range(-3, 4))
    True
    """
    _check_flip(net, index)
    if not is_normalized(net, index):
        raise PreconditionError(f"flip: the network is not normalised (W2 must be +1 at {index} and -1 elsewhere; "
                                "apply normalize_for_flip first)")
    M = flip_matrix(net.widths[1], index, subset)
    W1, b1, _, _ = _layer_and_bottom(net)
    augmented = tuple(tuple(row) + (v,) for row, v in zip(W1, b1))
    new = linalg.matmul(M, augmented)
    layers = list(net.layers)
    layers[0] = Layer(tuple(row[:-1] for row in new), tuple(row[-1] for row in new))
    return _rebuild(net, layers, net.skips)


# --------------------------------------------------------------------------- chains


def apply_step(net: Network, step: Step) -> Network:
    """Apply one step (checking its precondition).

    Parameters
    ----------
    net
        The network.
    step
        A :class:`Permutation`, :class:`Scaling`, :class:`Translation` or :class:`Flip`.

    Returns
    -------
    Network
        The network after the step (same function).

    Raises
    ------
    PreconditionError
        When the step's precondition fails (a translation or flip of a hyperplane that is not hidden).

    References
    ----------
    ``004`` sections 2 and 5 (the symmetries a chain of steps applies).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(1, [([[1], [2]], [0, 1]), ([[3, 4]], [0])])
    >>> apply_step(net, Permutation(1, (1, 0))).layers[0].weight
    ((Fraction(2, 1),), (Fraction(1, 1),))
    """
    if isinstance(step, Permutation):
        return permute(net, step.layer, step.order)
    if isinstance(step, Scaling):
        return rescale(net, step.layer, step.factors)
    if isinstance(step, Translation):
        return translate(net, step.index, step.t)
    if isinstance(step, Flip):
        return flip(net, step.index, step.subset)
    raise TypeError(f"step: {step!r} is not a symmetry step")


def apply_steps(net: Network, steps: Sequence[Step]) -> Network:
    """Apply a chain of steps in order.

    Parameters
    ----------
    net
        The network.
    steps
        The chain, applied first to last.

    Returns
    -------
    Network
        The network after every step.

    See Also
    --------
    apply_step : one step, with its precondition.

    References
    ----------
    ``004`` sections 2 and 5 (the symmetries a chain of steps applies).
    """
    for step in steps:
        net = apply_step(net, step)
    return net


def inverse_steps(steps: Sequence[Step]) -> list[Step]:
    """The inverse chain of a chain of permutations and scalings (translations and flips have preconditions).

    Parameters
    ----------
    steps
        Permutations and scalings.

    Returns
    -------
    list of Step
        The chain that undoes ``steps``: ``apply_steps(apply_steps(net, s), inverse_steps(s)) == net``.

    References
    ----------
    ``004`` sections 2 and 5 (the symmetries a chain of steps applies).

    Examples
    --------
    >>> inverse_steps([Permutation(1, (1, 0)), Scaling(1, (Fraction(2), Fraction(3)))])
    [Scaling(layer=1, factors=(Fraction(1, 2), Fraction(1, 3))), Permutation(layer=1, order=(1, 0))]
    """
    inverse: list[Step] = []
    for step in reversed(steps):
        if isinstance(step, Permutation):
            back = [0] * len(step.order)
            for new, old in enumerate(step.order):
                back[old] = new
            inverse.append(Permutation(step.layer, tuple(back)))
        elif isinstance(step, Scaling):
            inverse.append(Scaling(step.layer, tuple(1 / c for c in step.factors)))
        else:
            raise PreconditionError(f"inverse_steps: {type(step).__name__} steps are not inverted here")
    return inverse


def step_to_json(step: Step) -> dict[str, Any]:
    """A JSON object for one step (rationals as strings).

    Parameters
    ----------
    step
        A step.

    Returns
    -------
    dict
        ``{"kind": ..., ...}`` with its fields, rationals as strings.

    Examples
    --------
    >>> step_to_json(Scaling(1, (Fraction(1, 2),)))
    {'scale': {'layer': 1, 'factors': ['1/2']}}
    >>> step_from_json({"translate": {"index": 0, "t": "3/2"}})
    Translation(index=0, t=Fraction(3, 2))
    """
    if isinstance(step, Permutation):
        return {"permute": {"layer": step.layer, "order": list(step.order)}}
    if isinstance(step, Scaling):
        return {"scale": {"layer": step.layer, "factors": [format_rational(c) for c in step.factors]}}
    if isinstance(step, Translation):
        return {"translate": {"index": step.index, "t": format_rational(step.t)}}
    return {"flip": {"index": step.index, "subset": list(step.subset)}}


def step_from_json(data: object) -> Step:
    """The step of :func:`step_to_json`'s output.

    Parameters
    ----------
    data
        A JSON object as :func:`step_to_json` writes.

    Returns
    -------
    Step
        The step.

    Raises
    ------
    FormatError
        For anything else.

    See Also
    --------
    step_to_json : the inverse.
    """
    fields = {"permute": ("layer", "order"), "scale": ("layer", "factors"), "translate": ("index", "t"),
              "flip": ("index", "subset")}
    kinds = {"permute": Permutation, "scale": Scaling, "translate": Translation, "flip": Flip}
    if not isinstance(data, dict) or len(data) != 1 or next(iter(data)) not in fields:
        raise FormatError(f"certificate step: expected one of {sorted(fields)}, got {str(data)[:80]}")
    (kind, body), = data.items()
    if not isinstance(body, dict) or set(body) != set(fields[kind]):
        raise FormatError(f"certificate step: {kind} needs exactly the fields {list(fields[kind])}")
    try:
        return kinds[kind](*(body[f] for f in fields[kind]))  # type: ignore[no-any-return]
    except (FormatError, NotExactError) as error:
        raise FormatError(f"certificate step: {error}") from None


# --------------------------------------------------------------------------- canonical form


def _normalizer(vector: Sequence[Fraction]) -> Fraction | None:
    """``1 / |first non-zero entry|``, or ``None`` for the zero vector."""
    for v in vector:
        if v != 0:
            return 1 / abs(v)
    return None


def _incoming(net: Network, layer: int, j: int) -> Vector:
    """What scales by ``c`` with neuron ``j`` of ``layer``: its weights, bias, and the skip rows added to its output."""
    parts = list(net.layers[layer - 1].weight[j]) + [net.layers[layer - 1].bias[j]]
    for s in net.skips:
        if s.target == layer + 1:
            parts.extend(net.skip_weight(s)[j])
    return tuple(parts)


def _outgoing(net: Network, layer: int, j: int) -> Vector:
    """Everything neuron ``j`` of ``layer`` sends (column of ``W_{l+1}`` and of skips): divided by ``c``."""
    parts = [row[j] for row in net.layers[layer].weight]
    for s in net.skips:
        if s.source == layer:
            parts.extend(row[j] for row in net.skip_weight(s))
    return tuple(parts)


def _key(net: Network) -> tuple[Any, ...]:
    return (tuple((layer.weight, layer.bias) for layer in net.layers),
            tuple((s.source, s.target, net.skip_weight(s)) for s in net.skips))


def canonical_form(net: Network) -> tuple[Network, list[Step]]:
    """A representative of ``net``'s class under permutations and positive scalings, and the steps reaching it.

    Layer by layer, each hidden neuron is scaled so that the first non-zero entry of what it
    receives (weights, bias, skip rows) is ``+-1`` (a neuron receiving nothing: of what it sends),
    then the neurons are sorted by what they receive. Neurons that tie are ordered every possible
    way and the lexicographically least result is kept, so the form is canonical also then.

    Parameters
    ----------
    net
        Any network (skips and an output ReLU included).

    Returns
    -------
    (Network, list of Step)
        The representative and the permutations and scalings taking ``net`` to it; two networks
        are related by such steps exactly when their representatives are equal.

    Raises
    ------
    PreconditionError
        When more than :data:`MAX_TIE_ORDERINGS` orderings of tied neurons would be needed.

    See Also
    --------
    related : the chain between two networks, from their canonical forms.

    References
    ----------
    ``004`` section 2 (the symmetries every parameter has).

    Examples
    --------
    >>> from exact import Network
    >>> a = Network(1, [([[2], [-1]], [1, 3]), ([[1, 5]], [0])])
    >>> b = Network(1, [([[-3], [1]], [9, Fraction(1, 2)]), ([[Fraction(5, 3), 2]], [0])])
    >>> canonical_form(a)[0] == canonical_form(b)[0]
    True
    """
    best: tuple[Network, list[Step]] | None = None
    for candidate in _canonical(net, 1, []):
        if best is None or _key(candidate[0]) < _key(best[0]):
            best = candidate
    assert best is not None
    return best


def _canonical(net: Network, layer: int, steps: list[Step]) -> list[tuple[Network, list[Step]]]:
    if layer > net.depth - 1:
        return [(net, steps)]
    width = net.widths[layer]
    factors = []
    for j in range(width):
        c = _normalizer(_incoming(net, layer, j))
        if c is None:
            out = _normalizer(_outgoing(net, layer, j))
            c = 1 / out if out is not None else Fraction(1)
        factors.append(c)
    scaling = Scaling(layer, tuple(factors))
    scaled = rescale(net, layer, factors)
    keys = [_incoming(scaled, layer, j) for j in range(width)]
    groups: dict[Vector, list[int]] = {}
    for j in sorted(range(width), key=lambda j: keys[j]):
        groups.setdefault(keys[j], []).append(j)
    ordered_groups = [groups[k] for k in sorted(groups)]
    count = math.prod(math.factorial(len(g)) for g in ordered_groups)
    if count > MAX_TIE_ORDERINGS:
        raise PreconditionError(f"canonical_form: layer {layer} has {count} orderings of neurons with equal "
                                f"incoming weights (more than {MAX_TIE_ORDERINGS})")
    results = []
    for choice in itertools.product(*(itertools.permutations(g) for g in ordered_groups)):
        order = tuple(j for group in choice for j in group)
        permuted = permute(scaled, layer, order)
        results.extend(_canonical(permuted, layer + 1, steps + [scaling, Permutation(layer, order)]))
    # keep the least per subtree to bound the list
    best = min(results, key=lambda r: _key(r[0]))
    return [best]


def related(a: Network, b: Network) -> list[Step] | None:
    """A chain of permutations and scalings taking ``a`` to ``b`` exactly, or ``None`` when there is none.

    Parameters
    ----------
    a, b
        Networks; their architectures (widths, skips, output ReLU) must agree, else ``None``.

    Returns
    -------
    list of Step or None
        At most one permutation and one scaling per hidden layer (:func:`simplify_steps`) with
        ``apply_steps(a, chain) == b``.

    See Also
    --------
    canonical_form : the representative each network is brought to.

    References
    ----------
    ``004`` section 2 (permutations and positive rescalings of hidden neurons).

    Examples
    --------
    >>> from exact import Network
    >>> a = Network(1, [([[2], [-1]], [1, 3]), ([[1, 5]], [0])])
    >>> b = Network(1, [([[-3], [1]], [9, Fraction(1, 2)]), ([[Fraction(5, 3), 2]], [0])])
    >>> apply_steps(a, related(a, b)) == b
    True
    """
    if a.widths != b.widths or a.output_relu != b.output_relu or \
            [(s.source, s.target) for s in a.skips] != [(s.source, s.target) for s in b.skips]:
        return None
    ca, steps_a = canonical_form(a)
    cb, steps_b = canonical_form(b)
    if ca != cb:
        return None
    return simplify_steps(steps_a + inverse_steps(steps_b))


def simplify_steps(steps: Sequence[Step]) -> list[Step]:
    """The same chain of permutations and scalings as at most one permutation, then one scaling, per layer.

    Steps on different layers commute (one acts on rows, the other on columns of the weights between
    them), and on one layer a permutation after a scaling is the permutation first, then the scaling
    with its factors permuted alike. Identity steps are dropped. Chains with translations or flips
    are returned unchanged.

    Parameters
    ----------
    steps
        A chain.

    Returns
    -------
    list of Step
        An equivalent chain, at most one permutation then one scaling per layer.

    References
    ----------
    ``004`` sections 2 and 5 (the symmetries a chain of steps applies).

    Examples
    --------
    >>> simplify_steps([Scaling(1, (2, 3)), Permutation(1, (1, 0)), Scaling(1, (5, 7)), Permutation(1, (1, 0))])
    [Scaling(layer=1, factors=(Fraction(14, 1), Fraction(15, 1)))]
    """
    chain = [step for step in steps if isinstance(step, (Permutation, Scaling))]
    if len(chain) != len(steps):
        return list(steps)
    state: dict[int, tuple[tuple[int, ...], tuple[Fraction, ...]]] = {}
    for step in chain:
        width = len(step.order) if isinstance(step, Permutation) else len(step.factors)
        order, factors = state.get(step.layer, (tuple(range(width)), tuple(Fraction(1) for _ in range(width))))
        if isinstance(step, Permutation):      # new j = current order2[j]: carry its factor along
            order = tuple(order[k] for k in step.order)
            factors = tuple(factors[k] for k in step.order)
        else:
            factors = tuple(f * g for f, g in zip(factors, step.factors))
        state[step.layer] = (order, factors)
    result: list[Step] = []
    for layer in sorted(state):
        order, factors = state[layer]
        if order != tuple(range(len(order))):
            result.append(Permutation(layer, order))
        if any(f != 1 for f in factors):
            result.append(Scaling(layer, factors))
    return result
