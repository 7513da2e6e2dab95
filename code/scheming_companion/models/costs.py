"""Back-of-envelope costs of scheming (report §4.3.4 and §4.4): bits saved against model size, extra
reasoning against compute.

The book's arithmetic, not the report's. A goal that points at one of ``n_concepts`` concepts in a shared
world model costs about ``log2(n_concepts)`` bits; set against a model of ``n_params`` parameters at
``bits_per_param`` bits, that is a tiny fraction. A schemer's extra reasoning is given as a fraction of
its compute (or of its serial steps). The two fractions are in different currencies: nothing here says
how training trades one against the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ._validate import check_real


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
    extra_reasoning: object = 0.01,
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
        Fraction of compute (or of serial steps) the schemer spends on scheming reasoning, in [0, 1].
    """
    pb = pointer_bits(n_concepts)
    p = check_real("n_params", n_params, 1.0, 1e16)
    b = check_real("bits_per_param", bits_per_param, 1.0, 64.0)
    f = check_real("extra_reasoning", extra_reasoning, 0.0, 1.0)
    total = p * b
    return CostComparison(pb, total, pb / total, f)
