"""Every argument of every command line has a help text (issue 13)."""

import argparse
import importlib

import pytest

PARSERS = [("exact.__main__", "_parser"), ("tropical.__main__", "_parser"), ("fibers.__main__", "_parser"),
           ("homology.__main__", "_parser"), ("proofs_check.__main__", "_parser"),
           ("proofs_check.__main__", "_experiment_parser")]


def undocumented(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
    missing = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            continue
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                missing += undocumented(sub, f"{prefix} {name}")
            continue
        if not action.help or action.help == argparse.SUPPRESS:
            missing.append(f"{prefix} {'/'.join(action.option_strings) or action.dest}")
    return missing


@pytest.mark.parametrize("module, function", PARSERS)
def test_every_argument_has_help(module, function):
    parser = getattr(importlib.import_module(module), function)()
    assert undocumented(parser, module.split(".")[0]) == []
