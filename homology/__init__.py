"""homology over Z and decompositions (not built yet: issue 5; this package is an empty placeholder)."""

__all__: list[str] = []
