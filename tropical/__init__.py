"""Tropical recurrences, regions of patterns, enumeration of all regions, cached prediction, plots (``003``)."""

from tropical.complex import PolyhedralComplex, polyhedral_complex
from tropical.counting import count_regions
from tropical.enumeration import pattern_near, region_graph, regions, to_sympy
from tropical.prediction import CachedPredictor, region_map
from tropical.recurrences import (
    LayerRecurrence,
    TropicalForm,
    TropicalPolynomial,
    bits_to_signs,
    pattern_recurrences,
    signs_to_bits,
    tropical_form,
)
from tropical.regions import EmptyRegion, Region, pattern_constraints, region_of_pattern

__all__ = [
    "CachedPredictor",
    "EmptyRegion",
    "LayerRecurrence",
    "PolyhedralComplex",
    "Region",
    "TropicalForm",
    "TropicalPolynomial",
    "bits_to_signs",
    "count_regions",
    "pattern_constraints",
    "pattern_near",
    "pattern_recurrences",
    "polyhedral_complex",
    "region_graph",
    "region_map",
    "region_of_pattern",
    "regions",
    "signs_to_bits",
    "to_sympy",
    "tropical_form",
]
