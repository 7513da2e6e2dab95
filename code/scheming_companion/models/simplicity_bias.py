"""Does a network's own prior favour simple functions? A small, real experiment (report §4.2, §4.3.2).

The book's experiment in the spirit of Valle-Pérez, Camargo & Louis (2019): sample many randomly
initialised small ReLU networks, evaluate each on *every* input of an ``n_bits``-bit Boolean task, read
off the Boolean function it computes (its truth table), and count how often each function comes up. A
uniform measure over functions, the one a naive count uses, gives each of the ``2 ** (2 ** n_bits)``
functions the same probability; the networks' measure need not.

Complexity of a function is measured, as in that line of work, by the Lempel-Ziv (LZ76) complexity of its
truth table read as a bit string, averaged over the string and its reverse.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import MAX_SEED, check_int, check_int_array, check_real, check_seed

MAX_BITS = 5
MAX_SAMPLES = 2_000_000
MAX_WIDTH = 256
MAX_DEPTH = 4
_CHUNK = 8192


def boolean_inputs(n_bits: object) -> np.ndarray:
    """All ``2 ** n_bits`` inputs as rows of ±1, in binary counting order (row i is i in binary)."""
    n = check_int("n_bits", n_bits, 1, MAX_BITS)
    i = np.arange(2**n)[:, None]
    bits = (i >> np.arange(n - 1, -1, -1)[None, :]) & 1
    return 2.0 * bits - 1.0


def sample_network_functions(
    n_bits: object = 4,
    *,
    width: object = 16,
    depth: object = 2,
    n_samples: object = 100_000,
    weight_scale: object = 1.0,
    bias_scale: object = 1.0,
    seed: object = 0,
) -> np.ndarray:
    """Truth tables of ``n_samples`` random ReLU networks, each packed into one integer (§4.3.2).

    Weights are drawn from N(0, weight_scale² / fan_in) and biases from N(0, bias_scale²), as at a
    standard initialisation. The network's output on input row i gives bit i of the code (1 if positive).

    Parameters
    ----------
    n_bits
        Input bits, an integer in [1, 5] (so at most 32 inputs and 2**32 functions).
    width, depth
        Hidden units per layer (an integer in [1, 256]) and hidden layers (an integer in [0, 4];
        0 is a single linear threshold unit, a perceptron).
    n_samples
        Networks to sample, an integer in [1, 2e6].
    weight_scale, bias_scale
        Standard deviations of the initialisation, in [0, 100] (weights are divided by sqrt(fan_in)).
    seed
        Seed of the random generator, an integer in [0, 2**32 - 1].

    Returns
    -------
    numpy.ndarray
        Shape ``(n_samples,)`` of unsigned integers, the truth table of each sampled network.
    """
    x = boolean_inputs(n_bits)
    w_ = check_int("width", width, 1, MAX_WIDTH)
    d = check_int("depth", depth, 0, MAX_DEPTH)
    n_s = check_int("n_samples", n_samples, 1, MAX_SAMPLES)
    sw = check_real("weight_scale", weight_scale, 0.0, 100.0)
    sb = check_real("bias_scale", bias_scale, 0.0, 100.0)
    rng = np.random.default_rng(check_seed("seed", seed))
    powers = (np.uint64(1) << np.arange(x.shape[0], dtype=np.uint64))
    codes = np.empty(n_s, dtype=np.uint64)
    n_in, fan0 = x.shape
    for start in range(0, n_s, _CHUNK):
        b = min(_CHUNK, n_s - start)
        if d == 0:
            h = np.broadcast_to(x, (b, n_in, fan0))
            fan_in = fan0
        else:
            # The first layer sees the same inputs in every network: one large matrix product for all of them.
            w1 = rng.standard_normal((fan0, b * w_)) * (sw / np.sqrt(fan0))
            bias1 = rng.standard_normal(b * w_) * sb
            h = np.maximum(x @ w1 + bias1, 0.0).reshape(n_in, b, w_).transpose(1, 0, 2)
            fan_in = w_
        for _ in range(d - 1):
            w = rng.standard_normal((b, fan_in, w_)) * (sw / np.sqrt(fan_in))
            bias = rng.standard_normal((b, 1, w_)) * sb
            h = np.maximum(h @ w + bias, 0.0)
        w_out = rng.standard_normal((b, fan_in)) * (sw / np.sqrt(fan_in))
        bias_out = rng.standard_normal((b, 1)) * sb
        out = np.einsum("bik,bk->bi", h, w_out) + bias_out > 0
        codes[start : start + b] = (out.astype(np.uint64) * powers).sum(axis=1, dtype=np.uint64)
    return codes


def truth_table_bits(code: object, n_inputs: object) -> str:
    """The truth table of a packed function as a string of '0'/'1', input 0 first.

    ``n_inputs`` is the number of inputs, an integer in [1, 2**MAX_BITS] = [1, 32]; ``code`` is the packed
    table, an integer in [0, 2**n_inputs - 1].
    """
    n = check_int("n_inputs", n_inputs, 1, 2**MAX_BITS)
    try:
        c = check_int("code", code, 0, 2**n - 1)
    except ValueError as err:
        raise ValueError(f"{err} (code must fit in n_inputs={n} bits)") from None
    return "".join("1" if (c >> i) & 1 else "0" for i in range(n))


def _check_bit_string(s: object) -> str:
    if not isinstance(s, str) or not s or set(s) - {"0", "1"}:
        raise ValueError(f"s must be a non-empty string of 0s and 1s (a truth table), got {s!r}")
    return s


def lz76_phrases(s: str) -> int:
    """Number of phrases in the Lempel-Ziv (1976) parsing of ``s`` (Kaspar & Schuster's algorithm).

    ``s`` must be a non-empty string of '0' and '1' (a truth table, as from :func:`truth_table_bits`).
    """
    s = _check_bit_string(s)
    n = len(s)
    if n == 1:
        return 1
    c, i, k, k_max, l_ = 1, 0, 1, 1, 1
    while True:
        if s[i + k - 1] == s[l_ + k - 1]:
            k += 1
            if l_ + k > n:
                c += 1
                break
        else:
            k_max = max(k, k_max)
            i += 1
            if i == l_:
                c += 1
                l_ += k_max
                if l_ + 1 > n:
                    break
                i, k, k_max = 0, 1, 1
            else:
                k = 1
    return c


def lz_complexity(s: str) -> float:
    """Symmetrised LZ complexity of a bit string, as used for Boolean functions by Valle-Pérez et al.

    ``log2(n) * (phrases(s) + phrases(reversed s)) / 2``, with constant strings given ``log2(n)``, the
    smallest value (they are the simplest functions).
    """
    s = _check_bit_string(s)
    n = len(s)
    scale = max(np.log2(n), 1.0)
    if len(set(s)) == 1:
        return float(scale)
    return float(scale * (lz76_phrases(s) + lz76_phrases(s[::-1])) / 2)


@dataclass(frozen=True)
class FunctionFrequencies:
    """Distinct functions found, how often each came up, and each one's complexity."""

    codes: np.ndarray
    counts: np.ndarray
    complexity: np.ndarray
    n_samples: int
    n_inputs: int

    @property
    def probability(self) -> np.ndarray:
        return self.counts / self.n_samples

    @property
    def uniform_probability(self) -> float:
        """Probability of each function under the uniform measure over all functions."""
        return float(2.0 ** (-self.n_inputs))


def function_frequencies(codes: object, n_bits: object) -> FunctionFrequencies:
    """Count each distinct function among sampled truth tables and attach its LZ complexity (§4.3.2)."""
    n_inputs = boolean_inputs(n_bits).shape[0]
    arr = _check_codes(codes, n_bits, n_inputs)
    uniq, counts = np.unique(arr, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    uniq, counts = uniq[order], counts[order]
    cx = np.array([lz_complexity(truth_table_bits(int(c), n_inputs)) for c in uniq])
    return FunctionFrequencies(uniq, counts, cx, int(arr.size), n_inputs)


def _check_codes(codes: object, n_bits: object, n_inputs: int) -> np.ndarray:
    """Packed truth tables: a non-empty 1-d array of integers in [0, 2**n_inputs - 1], as uint64."""
    high = 2**n_inputs - 1
    try:
        arr = check_int_array("codes", codes, 0, high, max_size=MAX_SAMPLES)
    except ValueError as err:
        raise ValueError(f"{err} (truth tables of n_bits={n_bits!r} inputs: integers in [0, {high}])") from None
    return arr.astype(np.uint64)


def _check_train(train_inputs: object, n_bits: object, n_inputs: int) -> np.ndarray:
    bad = ValueError(
        f"train_inputs must be distinct integers in [0, {n_inputs - 1}] (the inputs of n_bits={n_bits!r}), "
        f"leaving at least one out, got {train_inputs!r}"
    )
    try:
        train = check_int_array("train_inputs", train_inputs, 0, n_inputs - 1)
    except ValueError:
        raise bad from None
    if len(set(train.tolist())) != train.size or train.size >= n_inputs:
        raise bad
    return train


def _generalisation(arr: np.ndarray, t: int, train: np.ndarray, n_inputs: int) -> tuple[float, int]:
    """Held-out accuracy of the codes that fit ``t`` on ``train``, and how many fit (NaN, 0 when none do)."""
    test = np.setdiff1d(np.arange(n_inputs), train)
    bits = ((arr[:, None] >> np.arange(n_inputs, dtype=np.uint64)[None, :]) & np.uint64(1)).astype(bool)
    tbits = np.array([(t >> i) & 1 for i in range(n_inputs)], dtype=bool)
    fits = np.all(bits[:, train] == tbits[train], axis=1)
    if not fits.any():
        return float("nan"), 0
    acc = (bits[fits][:, test] == tbits[test]).mean()
    return float(acc), int(fits.sum())


def generalisation_of_prior(
    codes: object, target: object, train_inputs: object, n_bits: object
) -> tuple[float, int]:
    """Mean test accuracy of sampled functions that fit ``target`` on the training inputs (§4.2 parody).

    This is the counting parody made concrete: condition a prior over functions on fitting the training
    data and ask how the survivors do on the other inputs. Under the uniform measure over functions the
    answer is exactly 0.5. Here the prior is the sampled networks'.

    Parameters
    ----------
    codes
        Packed truth tables (as from :func:`sample_network_functions`): a non-empty 1-d array of
        integers in [0, 2**(2**n_bits) - 1], at most 2e6 of them.
    target
        The target function's packed truth table, an integer in [0, 2**(2**n_bits) - 1].
    train_inputs
        Distinct input rows (integers) in [0, 2**n_bits - 1] to train on, leaving at least one out.
    n_bits
        Input bits, an integer in [1, 5].

    Returns
    -------
    (accuracy, n_fitting)
        Mean accuracy on the held-out inputs of the networks that fit the training inputs, and how many
        of them there were.

    Raises
    ------
    ValueError
        For a bad argument, and when no function in ``codes`` fits ``target`` on ``train_inputs``: the
        accuracy is then undefined.
    """
    n_inputs = boolean_inputs(n_bits).shape[0]
    arr = _check_codes(codes, n_bits, n_inputs)
    try:
        t = check_int("target", target, 0, 2**n_inputs - 1)
    except ValueError as err:
        raise ValueError(f"{err} (a truth table of n_bits={n_bits!r} inputs)") from None
    train = _check_train(train_inputs, n_bits, n_inputs)
    acc, n_fit = _generalisation(arr, t, train, n_inputs)
    if n_fit == 0:
        raise ValueError(
            "the accuracy is undefined: no function in codes fits target on train_inputs "
            f"(n_bits={n_bits!r}, {arr.size} codes)"
        )
    return acc, n_fit


def named_functions(n_bits: object = 4, *, seed: object = 0) -> dict[str, int]:
    """A few Boolean functions of ``n_bits`` inputs (at least 3), from simple to complex, as packed codes.

    The last one is a function drawn uniformly at random with ``seed``: a typical member of the uniform count.
    """
    x = boolean_inputs(n_bits) > 0
    if x.shape[1] < 3:
        raise ValueError("n_bits must be at least 3 for the named functions")
    rng = np.random.default_rng(check_seed("seed", seed))
    tables = {
        "first bit": x[:, 0],
        "first AND second": x[:, 0] & x[:, 1],
        "majority of first three": x[:, :3].sum(axis=1) >= 2,
        "first XOR second": x[:, 0] ^ x[:, 1],
        "parity of all bits": x.sum(axis=1) % 2 == 1,
        "random function": rng.random(x.shape[0]) < 0.5,
    }
    powers = 1 << np.arange(x.shape[0])
    return {name: int((t.astype(np.int64) * powers).sum()) for name, t in tables.items()}


def training_inputs(n_bits: object, n_train: object, *, seed: object = 0) -> np.ndarray:
    """A seeded random choice of ``n_train`` distinct input rows to train on (the rest are held out).

    ``n_bits`` is an integer in [1, 5], ``n_train`` one in [1, 2**n_bits - 1] and ``seed`` one in
    [0, 2**32 - 1].
    """
    n_inputs = boolean_inputs(n_bits).shape[0]
    try:
        k = check_int("n_train", n_train, 1, n_inputs - 1)
    except ValueError as err:
        raise ValueError(f"{err} (n_train must leave at least one of the 2**n_bits = {n_inputs} inputs out)") from None
    rng = np.random.default_rng(check_seed("seed", seed))
    return np.sort(rng.choice(n_inputs, size=k, replace=False))


def mean_generalisation(
    codes: object, target: object, n_bits: object, *, n_train: object = 8, n_splits: object = 20, seed: object = 0
) -> float:
    """Test accuracy of the networks' prior conditioned on the training data, averaged over random splits.

    Each split trains on ``n_train`` seeded random inputs (see :func:`training_inputs`) and tests on the rest
    (§4.2 parody); splits on which no sampled network fits the training data are skipped. ``codes``,
    ``target`` and ``n_bits`` are as in :func:`generalisation_of_prior`; ``n_splits`` is an integer in
    [1, 1000] and ``seed`` one in [0, 2**32 - 1 - n_splits] (split ``i`` uses ``seed + i``).

    Raises
    ------
    ValueError
        For a bad argument, and when no function in ``codes`` fits ``target`` on any split: the accuracy
        is then undefined.
    """
    k = check_int("n_splits", n_splits, 1, 1000)
    base = check_seed("seed", seed, high=MAX_SEED - k)
    n_inputs = boolean_inputs(n_bits).shape[0]
    arr = _check_codes(codes, n_bits, n_inputs)
    try:
        t = check_int("target", target, 0, 2**n_inputs - 1)
    except ValueError as err:
        raise ValueError(f"{err} (a truth table of n_bits={n_bits!r} inputs)") from None
    accs = [_generalisation(arr, t, training_inputs(n_bits, n_train, seed=base + i), n_inputs)[0] for i in range(k)]
    good = [a for a in accs if not np.isnan(a)]
    if not good:
        raise ValueError(
            f"the accuracy is undefined: no function in codes fits target on any of the n_splits={k} training "
            f"sets of n_train={n_train!r} inputs (n_bits={n_bits!r}, seed={seed!r}, {arr.size} codes)"
        )
    return float(np.mean(good))
