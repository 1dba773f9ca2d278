"""The checkable statements of each paper, which claims check them, and why the others are not checked.

The catalogue is kept by hand from the papers (``../shared/seeds``); a test asserts that every
claim of the registry is listed here and every listed claim exists, so the table cannot drift.

Examples
--------
>>> by_paper = {p: [s for s in STATEMENTS if s.paper == p] for p in PAPERS}
>>> all(by_paper[p] for p in PAPERS)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from proofs_check.registry import ClaimResult

__all__ = ["Statement", "STATEMENTS", "PAPERS", "coverage_rows", "coverage_table"]

PAPERS = ("000", "001", "003", "004")


@dataclass(frozen=True)
class Statement:
    """A checkable statement of a paper: the claims that check it, or the reason none does."""

    paper: str
    name: str
    claims: tuple[str, ...] = ()
    reason: str = ""


_LOST = "the formula was lost from the text and the proof does not pin it down"

STATEMENTS: tuple[Statement, ...] = (
    # 000: Beshkov et al., overlap decompositions and quotient homology
    Statement("000", "Def. 2.1 (local layer decomposition)", ("000.defs2.1-2.2.decompositions",)),
    Statement("000", "Def. 2.2 (polyhedral decomposition)", ("000.defs2.1-2.2.decompositions",)),
    Statement("000", "eq. (3) (the affine map of a region)", ("000.eq3.local-affine-map",)),
    Statement("000", "Def. 2.3, eq. (5)-(6), Algorithm 1 (overlap decomposition by LP)",
              ("000.thmB2.rank-or-overlap",)),
    Statement("000", "eq. (7) (the coarser decomposition 'produces identical results')",
              ("000.thm3.2.image-vs-quotient",)),
    Statement("000", "Theorem 3.1 / Theorem B.2 (rank or overlap)", ("000.thmB2.rank-or-overlap",)),
    Statement("000", "Theorem 3.2 / B.5 (convex pieces: image homology = quotient homology)",
              ("000.thm3.2.image-vs-quotient",)),
    Statement("000", "section 3.2 (convexity holds 'except for fractal data')", ("000.sec3.2.convexity",)),
    Statement("000", "proof of Theorem B.5 (Vietoris-Begle: connected fibres)", ("000.sec3.2.vietoris-begle",)),
    Statement("000", "Theorem B.1 (homeomorphism iff injective)", ("000.thmB1.injective-homeomorphism",)),
    Statement("000", "Theorem B.3 / Corollary B.4 (H(Phi(M)) = H(M / ~))", ("000.corB4.image-homology",)),
    Statement("000", "Prop. B.6 (single layer: no overlap)", ("000.propB6.single-layer",)),
    Statement("000", "Prop. C.1 (local regions carry several maps)", ("000.propC1.local-maps",)),
    Statement("000", "Prop. C.2 (XOR by rank or by overlap)", ("000.propC2.xor",)),
    Statement("000", "Prop. C.3 (the zigzag's overlaps)", ("000.propC3.zigzag",)),
    Statement("000", "Prop. C.4 (residual networks)", ("000.propC4.residual-product",)),
    Statement("000", "A.5 (stacked relative sequences)", ("000.A5.stacked-sequences",)),
    Statement("000", "A.5.1 (the quotient pseudometric)", ("000.A5.1.quotient-pseudometric",)),
    Statement("000", "D.5 (the false negative rate)", ("000.D5.false-negative-rate",)),
    Statement("000", "section 4.3 (overlaps only in the last layer)", ("000.sec4.3.overlaps-last-layer",)),
    Statement("000", "section 4.1, Figure 1 (quotient against Euclidean barcodes)", ("000.sec4.1.quotient-barcodes",)),
    Statement("000", "section 4.2 (Betti numbers through the layers, after Naitzat et al.), the rest of 4.3 "
                     "(volumes)", (),
              "the reproduction needs thousands of points, kNN geodesics and overlap decompositions at every layer "
              "of 9-layer networks; at a size make check runs, the one measurable side remark (low-rank regions "
              "'very rare') gave 0%, 9.5% and 11% of the points over three seeds: no verdict. `000-sec4.3` "
              "reports the volumes"),
    # 001: Beshkov and Einevoll, rank decompositions
    Statement("001", "eqs. (2) and (4) (codewords, the rank decomposition)", ("001.eq2-4.codewords-and-ranks",)),
    Statement("001", "eq. (3) (the affine map of a codeword)", ("000.eq3.local-affine-map",)),
    Statement("001", "sections 1 and 2.2 (topology changes only where the rank is below m)",
              ("001.sec2.2.full-rank-topology",)),
    Statement("001", "eqs. (6)-(7) (a contractible Omega_0 keeps homology)", ("001.eq7.contractible-quotient",)),
    Statement("001", "eqs. (8)-(9) (rank-1 components, sequential quotients)",
              ("001.sec2.2.rank-one-components", "000.A5.stacked-sequences")),
    Statement("001", "section 3 (sum_{k<m} C(n, k) destructive codewords)", ("001.sec3.destructive-codewords",)),
    Statement("001", "section 3 (codeword sizes peak at n/2)", ("001.sec3.binomial-peak",)),
    Statement("001", "section 3 (the destructive fraction goes to 0 when n >> m)", ("001.sec3.destructive-fraction",)),
    Statement("001", "section 3.1 (m >= n1: destructive regions)", ("001.sec3.1.narrow-destructive",)),
    Statement("001", "section 3.2 ([-1, 0] weights, zero biases, deeper layers)", ("001.sec3.2.nonpositive-weights",)),
    Statement("001", "eq. (10) (rank selection: minimal rank <= min(k, n1 - k, m))",
              ("001.sec3.2.rank-selection-bound", "001.sec3.2.rank-below-bound", "001.sec3.2.rank-selection-m25-m50")),
    Statement("001", "section 3.2, Figure 2D (Dale's principle)", ("001.sec3.2.dale",)),
    Statement("001", "appendix 7.2, eqs. (12)-(13) (n arcs give Z^n)", ("001.app7.2.circle-arcs",)),
    Statement("001", "appendix 7.2, eq. (14) (the circle's classifying set)", ("001.eq14.circle-classifying",)),
    Statement("001", "appendix 7.2, eq. (15) and the torus tables", ("001.app7.2.torus-tables",)),
    Statement("001", "appendix 7.1 (the conjecture on representation classifying spaces)", (),
              "a conjecture over all submanifolds and all maps: no finite computation decides it"),
    Statement("001", "Figure 2A-C (minimal ranks of random networks)", ("001.fig2.minimal-ranks",)),
    Statement("001", "section 4, Figures 3, 4 (ranks of trained networks)", (),
              "the paper trains for about 47,000 steps on MNIST; `proofs_check experiment 001-sec4` measures exact "
              "ranks on the digits after 200 to 1,000 steps, where training raised the rank (4 seeds): no verdict "
              "on the paper's protocol"),
    # 003: tropical recurrences, regions, skips, caching
    Statement("003", "section 2 (LeakyReLU as ReLUs)", ("003.sec2.leaky-relu",)),
    Statement("003", "section 5, Figure 2 (all linear regions of trained networks, exactly)",
              ("003.sec5.trained-regions",)),
    Statement("003", "Prop. 2.1, eqs. (8)-(15) (the recurrences)", ("003.prop2.1.recurrences",)),
    Statement("003", "eq. (16) and Algorithm 1 line 10 (index slips)", ("003.alg1.index-slips",)),
    Statement("003", "Theorem 2.2, eq. (17), Algorithm 1 (regions of patterns)",
              ("003.thm2.2.regions", "003.thm2.2.larger")),
    Statement("003", "Algorithm 2 (tree traversal with pruning)",
              ("003.alg2.tree-traversal", "003.alg2.literal-pruning")),
    Statement("003", "section 3, eqs. (38)-(45) (the walkthrough)", ("003.sec3.walkthrough",)),
    Statement("003", "section 4, eqs. (46)-(54) (skip connections)", ("003.sec4.skip-recurrences",)),
    Statement("003", "eq. (59) (the hyperplane a skip layer adds)", ("003.eq59.skip-hyperplane",)),
    Statement("003", "section 6.2, Table 1 (skips add regions at initialisation)", ("003.sec6.skip-regions",)),
    Statement("003", "Algorithm 3, section 7 (cached prediction)", ("003.alg3.cached-prediction",)),
    Statement("003", "section 7.1, Figure 4 (cache rates on real data)", ("003.sec7.1.cache-rates",)),
    Statement("003", "section 7.2 (skips give greater or equal accuracy)", ("003.sec7.2.skip-accuracy",)),
    Statement("003", "section 6.1, Figure 3 (more regions with skips throughout training)",
              ("003.sec6.1.regions-during-training",)),
    Statement("003", "section 7.2, Table 2's U tests (fewer cached test points with skips)", (),
              "an experiment on trained networks whose outcome changes with the seed at any size make check can "
              "run (the 4 x 8 row: p from 2e-4 to 0.45 over seeds with 12 + 12 networks after 30 epochs, still at "
              "0.50-0.74 accuracy): `proofs_check experiment 003-sec7` at the paper's size"),
    # 004: fibers of bottleneck networks
    Statement("004", "Theorem 1 / Lemma 7 (weights balance and determine f)",
              ("004.lemma7.balancing", "004.thm1.weights-determine-f")),
    Statement("004", "Def. 2 and the hyperplane-representation lemma", ("004.lemma.hyperplane-representation",)),
    Statement("004", "Def. 3 (hiding a hyperplane)", ("004.def3.hidden-invisible",)),
    Statement("004", "Lemma (translating a hidden hyperplane, eq. 3)", ("004.lemma.translation",)),
    Statement("004", "Prop. (flipping a hidden hyperplane) and the group of M_S",
              ("004.prop.flip", "004.flip.group-law")),
    Statement("004", "Prop. 4 / Cor. 33 (non-hiding: rigid first layer)", ("004.thm5.functional-dimension",)),
    Statement("004", "Lemma E.2 / Prop. (hiding, n2 >= 2: translations only)",
              ("004.lemmaE2.hidden-direction-rigid", "004.thm5.functional-dimension")),
    Statement("004", "Prop. (hiding, n2 = 1: translations and flips)",
              ("004.prop.flip", "004.thm5.functional-dimension")),
    Statement("004", "Theorem 5 (identifiability by sign patterns)",
              ("004.thm5.identifiability", "004.thm5.functional-dimension")),
    Statement("004", "Prop. (polynomial-time equivalence)", ("004.prop.polytime-equivalence",)),
    Statement("004", "Corollary (volume bounds)", ("004.cor.volume-bounds",)),
    Statement("004", "section 3 (visibility of anchored first-layer hyperplanes)", ("004.thm.visibility",)),
    Statement("004", "section 3, item 2 (anchored hyperplanes fix the complex across the fiber)",
              ("004.thm.visibility-rigidity",)),
    Statement("004", "Theorem 6 / Props. 35-36 (conserved quantities of linear neurons)",
              ("004.thm6.conserved-quantity",)),
    Statement("004", "section 7 / F.1 (fibers are not localizable)", ("004.prop.non-localizable",)),
    Statement("004", "Prop. 37 (no conserved quantity from translations)", ("004.prop37.no-conserved-quantity",)),
    Statement("004", "Def. 8 / Lemma 9 (genericity, dense)", ("004.def8.genericity",)),
    Statement("004", "Prop. 10 (breakpoints depend on the function)", ("004.prop10.breakpoints-of-function",)),
    Statement("004", "Prop. 11 (one-hidden-layer weights)", ("004.prop11.one-hidden-layer-weights",)),
    Statement("004", "Lemma 13 (one-layer ridges do not bend)", ("004.lemma13.single-layer-ridges",)),
    Statement("004", "Lemma 16 (generic parameters are honest)", ("004.lemma16.honest",)),
    Statement("004", "Lemma 16 (generic parameters are cancellation-free, Def. 15)", (), _LOST),
    Statement("004", "Prop. 17 (the weight across a facet)", ("004.prop17.weight-formula",)),
    Statement("004", "Lemma 18 (which facets of a bending ridge come from the earlier layer)", (), _LOST),
    Statement("004", "Lemma 19 (breakpoints of sums)", ("004.lemma19.sum-breakpoints",)),
    Statement("004", "Lemma 20 (the last hidden layer is visible)", ("004.lemma20.last-layer-visible",)),
    Statement("004", "Lemma 32 (all patterns and faces of a full-rank first layer)",
              ("004.lemma32.all-patterns", "004.lemma32.faces")),
    Statement("004", "Lemma E.1 (parallel facets identify one-neuron regions)", ("004.lemmaE1.parallel-facets",)),
    Statement("004", "Lemma 34 (a hiding neuron meets the faces where the hidden one is active)",
              ("004.lemma34.hidden-meets-active",)),
    Statement("004", "Props. 28-29 (non-negative column rank)", ("004.props28-29.nnc-rank",)),
    Statement("004", "Defs. 21-22, eq. (1) and the one-hidden-layer fiber theorem", (),
              _LOST + " (the semi-algebraic conditions (4)-(9) are blank in the text)"),
    Statement("004", "Lemmas 25-26, Props. 27 and 31, Cor. 30 (dimensions of the generic fiber)", (),
              _LOST + " (the dimension counts of Props. 27 and 31 are blank)"),
)


def coverage_rows(results: Sequence[ClaimResult], papers: Sequence[str] = PAPERS) -> list[dict[str, object]]:
    """Per paper: statements, statements checked, claims run, verified, refuted (as expected), errata."""
    by_id = {r.claim.id: r for r in results}
    rows = []
    for paper in papers:
        listed = [s for s in STATEMENTS if s.paper == paper]
        run = [r for r in results if f"{paper}_" in r.claim.source]
        rows.append({
            "paper": paper,
            "statements": len(listed),
            "checked": sum(1 for s in listed if any(c in by_id for c in s.claims)),
            "claims": len(run),
            "verified": sum(r.status == "verified" for r in run),
            "refuted": sum(r.status == "refuted" for r in run),
            "errata": sum(r.claim.erratum is not None for r in run),
            "not_checked": [f"{s.name}: {s.reason}" for s in listed if not s.claims],
        })
    return rows


def coverage_table(results: Sequence[ClaimResult], papers: Sequence[str] = PAPERS) -> str:
    """The coverage table and the statements not checked, with the reason."""
    rows = coverage_rows(results, papers)
    head = ("paper", "statements", "checked", "claims", "verified", "refuted", "errata")
    cells = [head] + [tuple(str(row[k]) for k in ("paper", "statements", "checked", "claims", "verified", "refuted",
                                                  "errata")) for row in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cell, widths)).rstrip() for cell in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for row in rows:
        for note in row["not_checked"]:  # type: ignore[attr-defined]
            lines.append(f"not checked ({row['paper']}) {note}")
    return "\n".join(lines)
