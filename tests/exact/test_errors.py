"""The error hierarchy: one base class, each error also the builtin it refines, each raised as promised."""

import pytest

from exact import errors

BUILTIN = {"NotExactError": TypeError, "UnsupportedLayerError": TypeError}


@pytest.mark.parametrize("name", [n for n in errors.__all__ if n != "ReluExactError"])
def test_every_error_is_the_base_and_its_builtin(name):
    cls = getattr(errors, name)
    assert issubclass(cls, errors.ReluExactError)
    assert issubclass(cls, BUILTIN.get(name, ValueError))


def test_the_toolkit_raises_them_with_the_argument_named():
    from fractions import Fraction

    from exact import Network
    from exact.numbers import to_rational

    with pytest.raises(errors.NotExactError, match="x: 0.5 is a float"):
        to_rational(0.5, "x")
    with pytest.raises(errors.ShapeError, match="layer 1: weight is 1x2 but its input has width 1"):
        Network(1, [([[1, 2]], [0])])
    with pytest.raises(ValueError):                 # callers who know only the builtins still catch them
        Network(1, [([[Fraction(1)]], [0, 0])])
