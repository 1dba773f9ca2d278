"""The LP backends: solver output kept off the terminal."""


def test_solver_output_never_reaches_the_terminal(capfd):
    """What C code writes during a cdd LP (cddlib's pivot-limit warnings) goes to /dev/null; ours still shows."""
    import os

    from exact.backends import _silenced

    print("before", flush=True)
    with _silenced():
        os.write(1, b"cddlib: max number 6000 of pivots\n")
        os.write(2, b"cddlib: most likely due to the floating-point arithmetics error\n")
    print("after", flush=True)
    out, err = capfd.readouterr()
    assert out == "before\nafter\n" and err == ""
