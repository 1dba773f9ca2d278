"""The one error hierarchy of the toolkit.

Every class subclasses :class:`ReluExactError` and the builtin it refines, so
``except ValueError`` keeps working for callers who do not know this module.
Messages name the argument and the offending value.

Examples
--------
>>> from exact.errors import NotExactError
>>> issubclass(NotExactError, TypeError)
True
"""

from __future__ import annotations

__all__ = [
    "ReluExactError",
    "NotExactError",
    "ShapeError",
    "SkipError",
    "PatternError",
    "FormatError",
    "UnsupportedLayerError",
    "DomainError",
    "InfeasibleError",
    "NotDifferentiableError",
    "BackendError",
    "PreconditionError",
]


class ReluExactError(Exception):
    """Base class of every error the toolkit raises on purpose.

    See Also
    --------
    exact.cli.run_cli : turns these into one line and exit 2 on the command line.
    """


class NotExactError(ReluExactError, TypeError):
    """A float, NaN, infinity, bool or other non-rational value where a rational is expected.

    See Also
    --------
    ReluExactError : the base class.
    """


class ShapeError(ReluExactError, ValueError):
    """Matrices or vectors whose shapes do not fit together.

    See Also
    --------
    ReluExactError : the base class.
    """


class SkipError(ReluExactError, ValueError):
    """A skip connection with bad endpoints or a projection of the wrong shape.

    See Also
    --------
    ReluExactError : the base class.
    """


class PatternError(ReluExactError, ValueError):
    """An activation pattern that does not match the network's ReLU layers.

    See Also
    --------
    ReluExactError : the base class.
    """


class FormatError(ReluExactError, ValueError):
    """Malformed input data (JSON, files, command-line values).

    See Also
    --------
    ReluExactError : the base class.
    """


class UnsupportedLayerError(ReluExactError, TypeError):
    """A layer type that an importer cannot convert exactly.

    See Also
    --------
    ReluExactError : the base class.
    """


class DomainError(ReluExactError, ValueError):
    """A domain that does not fit the request (unbounded where bounded is needed, wrong dimension).

    See Also
    --------
    ReluExactError : the base class.
    """


class InfeasibleError(ReluExactError, ValueError):
    """An operation that needs a non-empty polyhedron was given an empty one.

    See Also
    --------
    ReluExactError : the base class.
    """


class NotDifferentiableError(ReluExactError, ValueError):
    """The network is not differentiable at the requested point.

    See Also
    --------
    ReluExactError : the base class.
    """


class BackendError(ReluExactError, ValueError):
    """An unknown polyhedron backend, or a backend that returned an unexpected answer.

    See Also
    --------
    ReluExactError : the base class.
    """


class PreconditionError(ReluExactError, ValueError):
    """A precondition of an operation (a symmetry, a construction) does not hold.

    See Also
    --------
    ReluExactError : the base class.
    """
