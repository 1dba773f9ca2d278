"""symmetries, fibers and equivalence deciders (not built yet: issue 4; this package is an empty placeholder)."""

__all__: list[str] = []
