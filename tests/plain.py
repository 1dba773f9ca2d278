"""A network evaluated by its definition with plain Fractions: the tests' independent reference.

Layer ``l`` reads ``u = nu_{l-1} + sum of P nu_s`` over the skips into it, computes
``z_l = W_l u + b_l`` and applies the ReLU on hidden layers (and on the output when ``output_relu``).
Nothing here uses the toolkit's evaluators.
"""

from fractions import Fraction as Q


def plain_forward(net, x):
    """``(pre-activations of every layer, output)`` at ``x``."""
    post, pre = [list(x)], []
    for l, layer in enumerate(net.layers, start=1):
        u = list(post[-1])
        for skip in net.skips:
            if skip.target == l:
                P = net.skip_weight(skip)
                u = [v + sum((c * w for c, w in zip(row, post[skip.source])), Q(0)) for v, row in zip(u, P)]
        z = [sum((w * v for w, v in zip(row, u)), Q(0)) + c for row, c in zip(layer.weight, layer.bias)]
        pre.append(z)
        relu = l < len(net.layers) or net.output_relu
        post.append([max(v, Q(0)) for v in z] if relu else z)
    return pre, post[-1]


def plain_pre(net, x):
    """Every layer's pre-activations at ``x``."""
    return plain_forward(net, x)[0]


def plain_output(net, x):
    """The output at ``x``."""
    return plain_forward(net, x)[1]
