"""Identifiability of three-layer bottleneck networks (``004`` Theorem 5) and the genericity it assumes.

:func:`identifiability` reads the sign conditions of Theorem 5 off ``[W2 | b2]``: a generic
parameter is not identifiable (its fiber is larger than its permutation-and-scaling class) iff

1. a row of ``[W2 | b2]`` is all negative (a dead neuron: its outgoing weights are free), or
2. a row is all positive (a linear neuron: ``ReLU(t) = t`` can be traded with other neurons), or
3. for some ``i`` every row is positive in column ``i`` and negative elsewhere (hyperplane ``i``
   is hidden and can be translated, ``004`` eq. 3).

The theorem assumes genericity; :func:`genericity` checks what can be checked exactly and says
which checks ran: the masked-product ranks of ``MATH.md`` section 5 (all masks, when there are
few enough) and supertransversality by exact face enumeration (small networks only).

Examples
--------
>>> from exact import Network
>>> net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[2, -1], [1, -3]], [-1, -2]), ([[1, 1]], [0])])
>>> report = identifiability(net)
>>> report.identifiable, report.hidden
(False, 0)
>>> report.reason
'condition 3: every row of [W2 | b2] is positive in column 0 and negative elsewhere (hyperplane 0 is hidden)'
>>> other = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[2, -1], [-1, 3]], [1, -2]), ([[1, 1]], [0])])
>>> identifiability(other).identifiable
True
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from exact import linalg
from exact.errors import DomainError, PreconditionError
from exact.network import Network
from exact.polyhedron import Polyhedron
from tropical.complex import polyhedral_complex
from tropical.enumeration import regions

__all__ = ["Condition", "IdentifiabilityReport", "theorem5_conditions", "hiding_neurons", "identifiability",
           "masked_product_ranks", "supertransversality", "genericity"]


@dataclass(frozen=True)
class Condition:
    """One of Theorem 5's conditions holding: its number, the row (1, 2) or column (3), and why.

    See Also
    --------
    theorem5_conditions : finds them.

    References
    ----------
    ``004`` Theorem 5.
    """

    number: int
    index: int
    text: str


@dataclass
class IdentifiabilityReport:
    """The verdict of Theorem 5, its reason, the hidden hyperplane (if any) and the genericity checks run.

    See Also
    --------
    identifiability : gives it.

    References
    ----------
    ``004`` Theorem 5.
    """

    identifiable: bool
    reason: str
    hidden: int | None
    conditions: list[Condition]
    genericity: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The verdict, the conditions and the genericity checks as a JSON object.

        Returns
        -------
        dict
            The JSON object.

        See Also
        --------
        identifiability
        """
        return {"identifiable": self.identifiable, "reason": self.reason, "hidden": self.hidden,
                "conditions": [{"number": c.number, "index": c.index, "text": c.text} for c in self.conditions],
                "genericity": self.genericity}


def _check(net: Network) -> None:
    if net.depth != 3 or net.skips or net.output_relu:
        raise PreconditionError(f"identifiability: needs a three-layer network without skips or output ReLU, "
                                f"got {net!r}")
    if net.widths[1] > net.widths[0]:
        raise PreconditionError(f"identifiability: Theorem 5 is for bottlenecks (n1 <= n0); n1 = {net.widths[1]} "
                                f"> n0 = {net.widths[0]}")


def theorem5_conditions(net: Network) -> list[Condition]:
    """Every instance of Theorem 5's three conditions in ``[W2 | b2]``.

    Condition 1: a row all negative (a dead second-layer neuron); 2: a row all positive (a linear
    one); 3: every row positive in one column ``i`` and negative elsewhere (hyperplane ``i`` hidden).

    Parameters
    ----------
    net
        A three-layer network without skips.

    Returns
    -------
    list of Condition
        ``(number, index, text)`` for each instance found, in the order above; empty when the
        parameter is identifiable (if generic).

    References
    ----------
    ``004`` Theorem 5.

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[-1, -2], [1, -1]], [-1, -1]), ([[1, 1]], [0])])
    >>> [(c.number, c.index) for c in theorem5_conditions(net)]          # row 0 is all negative
    [(1, 0)]
    """
    _check(net)
    W2, b2 = net.layers[1].weight, net.layers[1].bias
    rows = [tuple(r) + (v,) for r, v in zip(W2, b2)]
    found = []
    for k, row in enumerate(rows):
        if all(v < 0 for v in row):
            found.append(Condition(1, k, f"condition 1: row {k} of [W2 | b2] is all negative (neuron {k} of "
                                          "layer 2 is dead)"))
        if all(v > 0 for v in row):
            found.append(Condition(2, k, f"condition 2: row {k} of [W2 | b2] is all positive (neuron {k} of "
                                          "layer 2 is linear)"))
    for i in range(net.widths[1]):
        if all(row[i] > 0 and all(v < 0 for j, v in enumerate(row) if j != i) for row in rows):
            found.append(Condition(3, i, f"condition 3: every row of [W2 | b2] is positive in column {i} and "
                                         f"negative elsewhere (hyperplane {i} is hidden)"))
    return found


def hiding_neurons(net: Network) -> dict[int, list[int]]:
    """For each first-layer hyperplane ``i``, the second-layer neurons that hide it (``004`` Def. 3).

    Parameters
    ----------
    net
        A three-layer network without skips.

    Returns
    -------
    dict of int to list of int
        For every first-layer hyperplane ``i``, the second-layer neurons ``k`` with ``W2[k, i] > 0``,
        ``W2[k, j] < 0`` for ``j != i`` and ``b2[k] <= 0``.

    References
    ----------
    ``004`` Def. 3.

    Examples
    --------
    >>> from exact import Network
    >>> hiding_neurons(Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[2, -1], [1, -3]], [-1, -2]), ([[1, 1]], [0])]))
    {0: [0, 1], 1: []}
    """
    _check(net)
    W2, b2 = net.layers[1].weight, net.layers[1].bias
    n1 = net.widths[1]
    return {i: [k for k in range(len(W2)) if W2[k][i] > 0 and b2[k] <= 0
                and all(W2[k][j] < 0 for j in range(n1) if j != i)] for i in range(n1)}


def identifiability(net: Network, check_genericity: bool = True) -> IdentifiabilityReport:
    """Theorem 5's verdict with its reason; the genericity checks that ran are in ``genericity``.

    Parameters
    ----------
    net
        A three-layer bottleneck network ``(n0, n1, n2, n3)`` with ``n1 <= n0``.
    check_genericity
        Also run the genericity checks (:func:`genericity`), which Theorem 5 assumes.

    Returns
    -------
    IdentifiabilityReport
        ``identifiable``, the reason, the hidden hyperplane (condition 3) if any, every condition
        met, and the genericity checks' results.

    Raises
    ------
    ShapeError
        When ``net`` is not a three-layer network without skips.

    See Also
    --------
    theorem5_conditions : the conditions themselves.
    fibers.symmetries.translate, fibers.symmetries.flip : the fiber members they allow.

    References
    ----------
    ``004`` Theorem 5.

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(2, [([[1, 0], [0, 1]], [0, 0]), ([[1, -1]], [-1]), ([[1]], [0])])   # hides x = 0
    >>> report = identifiability(net, check_genericity=False)
    >>> report.identifiable, report.hidden
    (False, 0)
    """
    conditions = theorem5_conditions(net)
    hidden = next((c.index for c in conditions if c.number == 3), None)
    if conditions:
        verdict, reason = False, conditions[0].text
    else:
        verdict, reason = True, "no row of [W2 | b2] is all negative or all positive, and no hyperplane is hidden"
    report = IdentifiabilityReport(verdict, reason, hidden, conditions)
    if check_genericity:
        report.genericity = genericity(net)
    return report


def masked_product_ranks(net: Network, max_masks: int = 4096) -> dict[str, Any]:
    """Check ``rank W_l D_{J_{l-1}} ... D_{J_1} W_1 = min(n0, |J_1|, ..., n_l)`` for every mask.

    Parameters
    ----------
    net
        A network without skips.
    max_masks
        Give up (``checked`` false) beyond this many masks.

    Returns
    -------
    dict
        ``{"checked": bool, "holds": bool | None, "masks": count, "failure": ...}``; when more
        than ``max_masks`` masks would be needed nothing is checked.

    Notes
    -----
    There are ``sum_l 2^(n_1 + ... + n_(l-1))`` masks, one exact rank each (the products kept in
    python-flint's form): exponential in the widths, hence ``max_masks``.

    References
    ----------
    ``004`` Def. 8 (generic parameters: masked products of full rank).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(2, [([[1, 2], [3, -1]], [1, 0]), ([[2, 1], [-1, 3]], [1, -2]), ([[1, 2]], [0])])
    >>> masked_product_ranks(net)["failure"]          # W3 W2 D_{0} W1 = (1*2 + 2*(-1)) W1[0] = 0
    'layer 3, masks [[0], [0, 1]]: rank 0 != 1'
    """
    widths = net.widths
    total = sum(2 ** sum(widths[1:l]) for l in range(1, net.depth + 1))
    if total > max_masks:
        return {"checked": False, "holds": None, "masks": total,
                "failure": f"{total} masks exceed the limit {max_masks}"}
    Ws = [linalg.to_fmpq_mat(layer.weight) for layer in net.layers]  # the products stay in flint's form
    diagonals: dict[tuple[int, tuple[int, ...]], Any] = {}

    def masked(k: int, mask: tuple[int, ...]) -> Any:
        """``W_{k+1} D_J`` (columns outside ``J`` set to zero)."""
        if (k, mask) not in diagonals:
            keep = set(mask)
            diagonals[k, mask] = Ws[k] * linalg.to_fmpq_mat(linalg.diagonal([int(j in keep) for j in range(widths[k])]))
        return diagonals[k, mask]

    for l in range(1, net.depth + 1):
        for masks in itertools.product(*(list(_subsets(widths[k])) for k in range(1, l))):
            product = Ws[0]
            for k in range(1, l):
                product = masked(k, masks[k - 1]) * product
            expected = min([widths[0], widths[l]] + [len(m) for m in masks])
            found = linalg.rank(product)
            if found != expected:
                return {"checked": True, "holds": False, "masks": total,
                        "failure": f"layer {l}, masks {[list(m) for m in masks]}: rank {found} != {expected}"}
    return {"checked": True, "holds": True, "masks": total, "failure": None}


def _subsets(n: int) -> list[tuple[int, ...]]:
    return [c for r in range(n + 1) for c in itertools.combinations(range(n), r)]


def supertransversality(net: Network, max_neurons: int = 8, method: str = "complex") -> dict[str, Any]:
    """Check that every face of codimension ``k`` of the canonical complex lies in exactly ``k`` bent hyperplanes.

    ``method="complex"`` (the default) builds the complex of R^n (:func:`tropical.polyhedral_complex`
    with no domain, every vertex in the interior of an exactly computed box): it holds iff the
    complex is simple, i.e. no vertex lies exactly on one more bent hyperplane than its
    dimension allows (a face in too many bent hyperplanes has such a vertex, every face being
    pointed), and a neuron identically zero on a region is caught at that region's vertices.
    It has no neuron limit. When the first layer's normals do not span ``R^n`` (faces with
    lines and no vertices) it falls back to ``method="faces"``:

    For each region ``R`` (exact enumeration) and each set ``T`` of at most ``n0 + 1`` neurons,
    ``F = closure(R) cap {z_t = 0, t in T}``; where ``F`` is non-empty, the neurons whose
    pre-activation (affine on ``R``) vanishes on all of ``F`` must number ``n0 - dim F``. Faces
    lying in too many bent hyperplanes are caught this way, since a subset of size ``codim + 1``
    of their hyperplanes cuts out a face with too many. A pre-activation constant on a region
    is not a bent hyperplane there; one that is identically zero on a region is a failure. Only networks with at most
    ``max_neurons`` ReLU neurons are checked.

    Parameters
    ----------
    net
        A network (a three-layer one in ``004``).
    max_neurons
        Give up (``checked`` false) beyond this many hidden neurons.
    method
        ``"complex"`` (the polyhedral complex of ``R^n``) or the older enumeration.

    Returns
    -------
    dict
        ``holds``, whether it ran, and a face in too many bent hyperplanes when it fails.

    References
    ----------
    ``004`` section 3 (supertransversal parameters).

    Examples
    --------
    >>> from exact import Network
    >>> three_lines = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[2, -1, 1]], [-1]), ([[1]], [0])])
    >>> supertransversality(three_lines)["holds"]     # three first-layer lines through the origin
    False
    """
    if method not in ("complex", "faces"):
        raise PreconditionError(f"method: {method!r} is not 'complex' or 'faces'")
    if method == "complex":
        try:
            witness = polyhedral_complex(net).degenerate_vertex()
            if witness is None:
                return {"checked": True, "holds": True, "failure": None, "method": "complex"}
            # the witness: a vertex on more bent hyperplanes than n
            return {"checked": True, "holds": False, "method": "complex",
                    "failure": f"the vertex ({' '.join(str(v) for v in witness)}) lies on more than {net.input_dim} "
                               "bent hyperplanes", "witness": [str(v) for v in witness]}
        except DomainError:
            pass
    N = net.neuron_count
    if N > max_neurons:
        return {"checked": False, "holds": None, "failure": f"{N} neurons exceed the limit {max_neurons}",
                "method": "faces"}
    n0 = net.input_dim
    for region in regions(net):
        pre, _ = net.affine_maps(region.pattern)
        forms = [(amap.weight[j], amap.bias[j]) for amap in pre[:len(net.relu_layers)] for j in range(len(amap.bias))]
        for index, (w, c) in enumerate(forms):
            if not any(w) and c == 0:
                return {"checked": True, "holds": False,
                        "failure": f"neuron {index} is identically zero on the region {region.pattern}",
                        "method": "faces"}
        bending = [j for j, (w, _) in enumerate(forms) if any(w)]  # constant neurons do not bend here
        closed = Polyhedron(n0, [a for a, _ in region.constraints], [b for _, b in region.constraints])
        for size in range(1, n0 + 2):
            for T in itertools.combinations(bending, size):
                face = Polyhedron(n0, closed.A, closed.b, [forms[t][0] for t in T], [-forms[t][1] for t in T])
                if face.is_empty():
                    continue
                dim = face.dimension()
                points = face.vertices() or (face.interior_point(),)
                directions = face.rays() + face.lines()
                vanishing = [j for j in bending
                             if all(linalg.dot(forms[j][0], p) + forms[j][1] == 0 for p in points)
                             and all(linalg.dot(forms[j][0], d) == 0 for d in directions)]
                if len(vanishing) != n0 - dim:
                    return {"checked": True, "holds": False,
                            "failure": f"a face of codimension {n0 - dim} of the region {region.pattern} lies in "
                                       f"the bent hyperplanes of neurons {vanishing}", "method": "faces"}
    return {"checked": True, "holds": True, "failure": None, "method": "faces"}


def genericity(net: Network, max_masks: int = 4096, max_neurons: int = 8) -> dict[str, Any]:
    """Both genericity checks of ``MATH.md`` section 5, each saying whether it ran and what it found.

    Parameters
    ----------
    net
        A three-layer network.
    max_masks
        Skip the masked-product check beyond this many masks (it says so).
    max_neurons
        Skip the supertransversality check beyond this many hidden neurons (it says so).

    Returns
    -------
    dict
        ``{"masked_product_ranks": ..., "supertransversality": ...}``, each a dictionary with
        ``holds``, whether it ran, and its witness when it fails.

    References
    ----------
    ``004`` Def. 8 (generic parameters) and section 3 (supertransversality).

    Examples
    --------
    >>> from exact import Network
    >>> net = Network(2, [([[1, 2], [3, -1]], [1, 0]), ([[2, 1], [-1, 3]], [1, -2]), ([[1, 3]], [0])])
    >>> {name: check["holds"] for name, check in genericity(net).items()}
    {'masked_product_ranks': True, 'supertransversality': True}
    """
    return {"masked_product_ranks": masked_product_ranks(net, max_masks),
            "supertransversality": supertransversality(net, max_neurons)}
