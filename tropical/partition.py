"""The f-vector of a complex computed slab by slab (in parallel on Dask) and merged exactly.

The box is cut into slabs by planes ``x_1 = c``; each slab's complex is built on its own
(:func:`tropical.complex.polyhedral_complex`'s engines: the fast one, or the face lattice when the
slab is degenerate or a cut plane meets a vertex), and only the names (sign vectors) of the faces
touching a cut plane travel back to be merged.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from exact.errors import DomainError
from exact.io import network_from_json, network_to_json
from exact.network import Network
from exact.polyhedron import Polyhedron
from exact.validation import check_int
from tropical.complex import (
    Degenerate,
    LatticeComplex,
    PolyhedralComplex,
    _box_skeleton,
    _build,
    _freed,
    _lattice_complex,
    _void_rows,
    box_of,
)

__all__ = ["partitioned_f_vector", "PartitionedFVector"]


def _all_face_keys(cx: PolyhedralComplex, cut: Sequence[int]) -> list[np.ndarray]:
    """The sign vectors (``positive | zero`` words) of the faces of every dimension, with flags for the cut.

    Returns, per dimension ``k``, an array of distinct rows: the key with every hyperplane in ``cut``
    rewritten as ``+`` (the piece's cut facets are not facets of the whole box), followed by one
    column that is 1 when the face lies on a cut facet.
    """
    n = cx.dim
    words = (cx.facets + len(cx.neurons) + 63) // 64
    cut_mask = np.zeros(words, dtype=np.uint64)
    for facet in cut:
        cut_mask[facet // 64] |= np.uint64(1) << np.uint64(facet % 64)

    def key(pos: np.ndarray, zer: np.ndarray) -> np.ndarray:
        on_cut = ((zer & cut_mask) != 0).any(axis=1)
        return np.concatenate([pos | cut_mask, zer & ~cut_mask, on_cut[:, None].astype(np.uint64)], axis=1)

    result = []
    for k in range(n + 1):
        if isinstance(cx, LatticeComplex):     # every face of the lattice, with its own sign words
            keys = key(*cx.lattice.face_signs(k))
        else:   # a cut facet taken outward is no face of this piece
            keys = np.concatenate([key(pos, zer)[valid] for pos, zer, valid in _freed(cx.state, n, k, cx.facets)])
        result.append(keys[np.unique(_void_rows(keys), return_index=True)[1]])
    return result


def _piece_summary(net_json: dict[str, Any], lo: Sequence[str], hi: Sequence[str], output: bool,
                   cut: Sequence[int], keep_all: bool) -> dict[str, Any]:
    """Build the complex of one piece of the box; return what the merge needs (runs on a Dask worker)."""
    import resource


    start = time.perf_counter()
    net = network_from_json(net_json)
    skeleton = _box_skeleton([Fraction(v) for v in lo], [Fraction(v) for v in hi])
    try:
        cx: PolyhedralComplex = _build(net, skeleton, output)
    except Degenerate:      # a degenerate slab (or a cut plane through a vertex): the face lattice
        cx = _lattice_complex(net, skeleton, None, output)
    built = time.perf_counter() - start
    faces = _all_face_keys(cx, cut)
    touching = np.concatenate([f[f[:, -1] == 1, :-1] for f in faces])   # faces on a cut facet
    touching_rows = _void_rows(touching)
    unique_counts, shared = [], []
    for f in faces:
        keys = f[:, :-1]
        if keep_all:
            mask = np.ones(len(keys), dtype=bool)
        else:   # a face whose key meets no cut facet lies in this piece only
            mask = np.isin(_void_rows(keys), touching_rows)
        unique_counts.append(int((~mask).sum()))
        shared.append(np.ascontiguousarray(keys[mask]))
    return {"unique": unique_counts, "shared": shared, "fallbacks": cx.fallbacks, "anchored": cx.anchored,
            "vertices": len(cx.vertices()), "seconds_build": built,
            "seconds": time.perf_counter() - start,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


@dataclass
class PartitionedFVector:
    """The f-vector of a complex computed piece by piece and merged exactly, with its measurements.

    ``f_vector`` is vertices first, regions last; ``fallbacks`` sums the pieces' exact decisions;
    ``pieces`` holds each piece's timings, vertex count (cut vertices included) and peak memory.

    See Also
    --------
    partitioned_f_vector : gives it.
    """

    f_vector: list[int]
    fallbacks: int
    pieces: list[dict[str, Any]]
    cuts: list[Fraction]


def partitioned_f_vector(net: Network, domain: Polyhedron, *, output: bool = False, pieces: int = 2,
                         client: Any = None, keep_all: bool = False,
                         progress: Callable[[int], None] | None = None) -> PartitionedFVector:
    """The f-vector of :func:`polyhedral_complex`, built on ``pieces`` slabs of the box (in parallel on Dask).

    The box is cut by planes ``x_1 = c``; each slab's complex is built independently (on the
    workers of ``client``, a ``dask.distributed.Client``, or here one after the other, which
    bounds memory by one slab). Faces are named by their sign vectors over the neurons and
    the box's own facets, so a face of the whole complex has one name in every slab it meets;
    a slab also has faces that are mere cuts of a larger face by a plane, and those carry the
    name of that larger face. The merge therefore counts each name once, in the largest
    dimension any slab gives it; only names of faces that touch a cut plane travel back.

    Parameters
    ----------
    pieces
        The number of slabs; the cut positions are rationals chosen away from dyadic values,
        and moved when a cut meets a vertex of the complex exactly (then a slab is not simple).
    client
        A ``dask.distributed.Client``; ``None`` runs the slabs in this process.
    keep_all
        Send every face's name back (for tests: the merge then sees every face).
    progress
        Called with 1 as each slab is done.

    Returns
    -------
    PartitionedFVector
        The merged f-vector, the fallbacks, and per slab its time and peak memory.

    References
    ----------
    ``004`` section 3 (the canonical polyhedral complex; faces and sign vectors).

    Examples
    --------
    >>> from exact import Network, Polyhedron
    >>> net = Network(2, [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
    >>> partitioned_f_vector(net, Polyhedron.box([-2, -2], [2, 2]), pieces=3).f_vector
    [13, 19, 7]
    """
    if domain is None or box_of(domain) is None or domain.dim != net.input_dim:
        raise DomainError("domain: must be an axis-parallel box in the network's input space")
    check_int(pieces, "pieces", low=1, error=DomainError)
    lo, hi = box_of(domain)  # type: ignore[misc]
    net_json = network_to_json(net)
    for attempt in range(8):
        offset = Fraction(1, 1009 + 2 * attempt) / pieces
        cuts = [lo[0] + (hi[0] - lo[0]) * (Fraction(j, pieces) + (offset if 0 < j < pieces else 0))
                for j in range(pieces + 1)]
        jobs = []
        for j in range(pieces):
            piece_lo = [str(cuts[j])] + [str(v) for v in lo[1:]]
            piece_hi = [str(cuts[j + 1])] + [str(v) for v in hi[1:]]
            cut = ([0] if j > 0 else []) + ([1] if j < pieces - 1 else [])
            jobs.append((net_json, piece_lo, piece_hi, output, cut, keep_all))
        try:
            if client is None:
                results = []
                for job in jobs:
                    results.append(_piece_summary(*job))
                    if progress is not None:
                        progress(1)
            else:
                from distributed import as_completed

                futures = [client.submit(_piece_summary, *job, pure=False) for job in jobs]
                for _ in as_completed(futures):
                    if progress is not None:
                        progress(1)
                results = client.gather(futures)
            break
        except Degenerate:
            continue
    else:
        raise Degenerate("every cut position tried meets a vertex of the complex exactly")
    f_vector = [sum(r["unique"][k] for r in results) for k in range(net.input_dim + 1)]
    best: dict[bytes, int] = {}
    for r in results:
        for k, keys in enumerate(r["shared"]):
            for row in _void_rows(keys):
                name = bytes(row)
                if best.get(name, -1) < k:
                    best[name] = k
    for k in best.values():
        f_vector[k] += 1
    summaries = [{key: r[key] for key in ("vertices", "fallbacks", "anchored", "seconds_build", "seconds",
                                          "max_rss_mb")}
                 for r in results]
    return PartitionedFVector(f_vector, sum(r["fallbacks"] for r in results), summaries, cuts)
