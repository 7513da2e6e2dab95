"""Back-of-envelope costs of scheming (report §4.3.4 and §4.4): bits saved against model size, extra
reasoning against compute.

A goal that points at one of ``n_concepts`` concepts in a shared world model costs about
``log2(n_concepts)`` bits; set against a model of ``n_params`` parameters at ``bits_per_param`` bits, that
is a tiny fraction (the book's arithmetic). A schemer's extra reasoning is given as a fraction of its
compute (or of its serial steps). Its default is the report's own §4.4 calculation: in a purely
feedforward model of 1,000 layers with fewer than 10,000 serial steps per input, at least 10 steps spent
deciding to training-game are about 0.1% of the compute that could have gone to reward
(:data:`REPORT_SPEED_COST`). The two fractions are in different currencies: nothing here says how
training trades one against the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ._validate import check_real

#: The report's §4.4 calculation: a purely feedforward model of 1,000 layers has fewer than 10,000 serial
#: steps per input, and deciding to training-game takes at least 10 of them.
REPORT_LAYERS = 1000
REPORT_SERIAL_STEPS = 10_000
REPORT_DECIDING_STEPS = 10


def serial_share(deciding_steps: object = REPORT_DECIDING_STEPS, serial_steps: object = REPORT_SERIAL_STEPS) -> float:
    """Share of a forward pass's serial steps spent deciding to training-game (§4.4).

    ``deciding_steps`` in [0, serial_steps]; ``serial_steps`` in [1, 1e12]. At the report's numbers
    (10 of 10,000) this is 0.001, about 0.1% of the compute that could have gone to reward.
    """
    n = check_real("serial_steps", serial_steps, 1.0, 1e12)
    d = check_real("deciding_steps", deciding_steps, 0.0, 1e12)
    if d > n:
        # The bound comes from serial_steps: name both, since either can be the one to fix.
        raise ValueError(f"deciding_steps={deciding_steps!r} must be at most serial_steps={serial_steps!r}")
    return d / n


#: The schemer's extra reasoning as a share of compute in the report's §4.4 calculation: about 0.1%.
REPORT_SPEED_COST = REPORT_DECIDING_STEPS / REPORT_SERIAL_STEPS


@dataclass(frozen=True)
class CostComparison:
    """The two costs of §4.3–§4.4 side by side."""

    pointer_bits: float
    model_bits: float
    bits_fraction: float
    compute_fraction: float

    @property
    def ratio(self) -> float:
        """How many times larger the compute fraction is than the bits fraction (inf if bits are free)."""
        return math.inf if self.bits_fraction == 0 else self.compute_fraction / self.bits_fraction


def pointer_bits(n_concepts: object) -> float:
    """Bits needed to pick one of ``n_concepts`` concepts (in [1, 1e30]): log2 of the count (§4.3.4)."""
    return math.log2(check_real("n_concepts", n_concepts, 1.0, 1e30))


def cost_comparison(
    n_concepts: object = 1e6,
    n_params: object = 1.8e12,
    bits_per_param: object = 16.0,
    extra_reasoning: object = REPORT_SPEED_COST,
) -> CostComparison:
    """Compare the simplicity saving with the speed cost (§4.3.4, §4.4).

    Parameters
    ----------
    n_concepts
        Concepts a goal could point at, in [1, 1e30].
    n_params
        Model parameters, in [1, 1e16].
    bits_per_param
        Bits stored per parameter, in [1, 64].
    extra_reasoning
        Fraction of compute (or of serial steps) the schemer spends on scheming reasoning, in [0, 1];
        by default the report's 0.1% (§4.4).
    """
    pb = pointer_bits(n_concepts)
    p = check_real("n_params", n_params, 1.0, 1e16)
    b = check_real("bits_per_param", bits_per_param, 1.0, 64.0)
    f = check_real("extra_reasoning", extra_reasoning, 0.0, 1.0)
    total = p * b
    return CostComparison(pb, total, pb / total, f)
