"""Parameter checks shared by the models: one rule for each kind of value, and no private copies elsewhere.

Every check returns the value in a plain form (``bool``, ``str``, ``int``, ``float`` or a numpy array) or raises a
``ValueError`` whose message starts with the parameter's name and says what is wrong. The rules:

- **Booleans** (:func:`check_bool`): ``True`` or ``False`` (numpy bools too); 0, 1 and strings are refused.
- **Choices** (:func:`check_choice`): exactly one of the allowed strings.
- **Real numbers** (:func:`check_real`): any real number (Python or numpy, ints and floats, fractions), never a
  bool; finite; in a closed range ``[low, high]``. A quantity that must be strictly positive (a learning rate)
  says ``low_open=True`` and gets ``(low, high]``. Returned as a ``float``. Magnitudes that only enter a formula
  (10¹² parameters, 10⁶ concepts) are real numbers too, even when they count something.
- **Integers** (:func:`check_int`): a Python or numpy integer, in a closed range. Bools are refused, and so is
  every float, even a whole one such as ``3.0``: a count, a size or an index has to be typed as one, and the
  live panels round their sliders before they call a model. Returned as an ``int``.
- **Seeds** (:func:`check_seed`): integers in ``[0, 2**32 - 1]`` (:data:`MAX_SEED`). A function that derives
  further seeds from one (``seed + i``) lowers the top of the range so that every derived seed stays in it.
- **Arrays of real numbers** (:func:`check_array`): anything numpy turns into an array of real numbers (no bools
  anywhere, no strings), non-empty, at most ``max_size`` entries, every entry finite and in ``[low, high]``.
  The shape is fixed by ``ndim`` (a scalar counts as a one-element vector when ``ndim=1``), or, with
  ``ndim=None``, is the value's own, scalar included, up to :data:`MAX_BATCH_NDIM` dimensions: the parameters
  of a batch of settings that broadcast together (:func:`check_broadcast`). Returned as a float array.
- **Arrays of integers** (:func:`check_int_array`): as for real arrays, but every entry an integer (integer
  dtype, or Python/numpy ints in a list); whole floats are refused as for :func:`check_int`. Returned as an
  ``int64`` array.

Checks of a model's own objects (a ``Landscape``, a bit string, a pair of points) stay in the model's module and
are built from these.
"""

from __future__ import annotations

import math
import reprlib
from numbers import Real

import numpy as np

#: Largest seed any model accepts: seeds are integers in [0, 2**32 - 1].
MAX_SEED = 2**32 - 1
#: Most dimensions a batch parameter (``check_array(..., ndim=None)``) may have.
MAX_BATCH_NDIM = 3

_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlong = 40
_REPR.maxlist = _REPR.maxtuple = 8


def _show(value: object) -> str:
    """A repr short enough for an error message (a 10**400 or a long list is elided, not printed in full)."""
    try:
        return _REPR.repr(value)
    except Exception:  # a value whose repr itself fails still deserves a readable message
        return f"<{type(value).__name__}>"


def _is_bool(value: object) -> bool:
    return isinstance(value, (bool, np.bool_))


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not _is_bool(value)


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` if it is a real bool (numpy bools included), else raise ValueError."""
    if _is_bool(value):
        return bool(value)
    raise ValueError(f"{name} must be True or False, got {_show(value)}")


def check_choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise ValueError listing the options."""
    if isinstance(value, str) and value in allowed:
        return value
    raise ValueError(f"{name} must be one of {', '.join(repr(a) for a in allowed)}, got {_show(value)}")


def check_real(
    name: str, value: object, low: float = -math.inf, high: float = math.inf, *, low_open: bool = False
) -> float:
    """Return ``value`` as a float if it is a finite real number in [low, high] (or (low, high]), else raise."""
    span = f"{'(' if low_open else '['}{low}, {high}]"
    if _is_bool(value) or not isinstance(value, (Real, np.integer, np.floating)):
        raise ValueError(f"{name} must be a real number in {span}, got {_show(value)}")
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(f"{name} must be a finite number in {span}, got one too large for a float") from None
    if not math.isfinite(x) or not low <= x <= high or (low_open and x == low):
        raise ValueError(f"{name} must be a finite number in {span}, got {_show(value)}")
    return x


def check_int(name: str, value: object, low: int, high: int) -> int:
    """Return ``value`` as an int if it is a Python or numpy integer in [low, high] (no bools, no floats)."""
    if not _is_int(value):
        kind = "bool" if _is_bool(value) else type(value).__name__
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {_show(value)} (a {kind})")
    x = int(value)  # type: ignore[call-overload]  # an int or a numpy integer, checked above
    if not low <= x <= high:
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {_show(value)}")
    return x


def check_seed(name: str, value: object, *, high: int = MAX_SEED) -> int:
    """Return a seed: an integer in [0, high], where ``high`` is at most :data:`MAX_SEED`."""
    return check_int(name, value, 0, min(high, MAX_SEED))


def _contains_bool(values: object) -> bool:
    """True if a (nested) list or tuple, or an object array, holds a bool anywhere (numpy would make it 1.0)."""
    if _is_bool(values):
        return True
    if isinstance(values, (list, tuple)):
        return any(_contains_bool(v) for v in values)
    if isinstance(values, np.ndarray) and values.dtype.kind == "O":
        return any(_is_bool(v) for v in values.ravel().tolist())
    return False


def _as_raw_array(name: str, values: object, what: str) -> np.ndarray:
    """``np.asarray(values)``, refusing strings, bools anywhere and anything numpy cannot make an array of."""
    # The message is built only on failure: a repr of a large array costs more than the whole check.
    def bad() -> ValueError:
        return ValueError(f"{name} must be {what}, got {_show(values)}")
    if isinstance(values, (str, bytes, bytearray)):
        raise bad()
    try:
        raw: np.ndarray = np.asarray(values)
    except (TypeError, ValueError, OverflowError):
        raise bad() from None
    if raw.dtype.kind == "b" or _contains_bool(values):
        raise bad()
    return raw


def _check_shape(name: str, arr: np.ndarray, ndim: int | None, max_size: int) -> np.ndarray:
    if ndim is None:
        if arr.ndim > MAX_BATCH_NDIM:
            raise ValueError(f"{name} must have at most {MAX_BATCH_NDIM} dimensions, got {arr.ndim}")
    else:
        if arr.ndim == 0 and ndim == 1:
            arr = arr.reshape(1)
        if arr.ndim != ndim:
            raise ValueError(f"{name} must be {ndim}-dimensional, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if arr.size > max_size:
        raise ValueError(f"{name} must have at most {max_size} entries, got {arr.size}")
    return arr


def check_array(
    name: str,
    values: object,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    ndim: int | None = 1,
    max_size: int = 1_000_000,
) -> np.ndarray:
    """Return ``values`` as a float array with every entry finite and in [low, high].

    ``ndim`` fixes the dimension (a scalar becomes a one-element vector when it is 1); ``None`` keeps the
    value's own shape, scalar included, up to :data:`MAX_BATCH_NDIM` dimensions.
    """
    raw = _as_raw_array(name, values, f"a number or an array of real numbers in [{low}, {high}]")
    # Only real numbers count: no bools (even mixed into a list of floats), strings, dates, or ints too
    # large for a float (numpy keeps those as objects).
    # The message is built only on failure: a repr of a large array costs more than the whole check.
    def bad() -> ValueError:
        return ValueError(f"{name} must be a sequence of real numbers in [{low}, {high}], got {_show(values)}")
    if raw.dtype.kind == "O":
        # Other Real types (fractions, decimals, huge ints) arrive as objects: take them one by one.
        items = raw.ravel().tolist()
        if not all(isinstance(v, (Real, np.integer, np.floating)) for v in items):
            raise bad()
        try:
            arr: np.ndarray = np.array([float(v) for v in items], dtype=float).reshape(raw.shape)
        except (OverflowError, ValueError, TypeError):
            raise bad() from None
    elif raw.dtype.kind in "iuf":
        arr = raw.astype(float)
    else:
        raise bad()
    arr = _check_shape(name, arr, ndim, max_size)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers in [{low}, {high}]")
    if np.any(arr < low) or np.any(arr > high):
        raise ValueError(f"{name} must lie in [{low}, {high}], got values from {arr.min():g} to {arr.max():g}")
    return arr


def check_int_array(
    name: str,
    values: object,
    low: int,
    high: int,
    *,
    ndim: int | None = 1,
    max_size: int = 1_000_000,
) -> np.ndarray:
    """Return ``values`` as an int64 array of integers in [low, high] (no floats, even whole ones; no bools).

    ``ndim`` and ``max_size`` work as in :func:`check_array`; ``low`` and ``high`` must fit in an int64.
    """
    what = f"an integer or an array of integers in [{low}, {high}]"
    raw = _as_raw_array(name, values, what)
    # The message is built only on failure: a repr of a large array costs more than the whole check.
    def bad() -> ValueError:
        return ValueError(f"{name} must be {what}, got {_show(values)}")
    if raw.dtype.kind == "O":
        # Python ints beyond int64 (or mixed with numpy ints) arrive as objects: take them one by one.
        items = raw.ravel().tolist()
        if not all(_is_int(v) for v in items):
            raise bad()
        ints = [int(v) for v in items]
        _check_shape(name, raw, ndim, max_size)
        if any(not low <= v <= high for v in ints):
            raise ValueError(f"{name} must lie in [{low}, {high}], got values from {min(ints)} to {max(ints)}")
        return _check_shape(name, np.array(ints, dtype=np.int64).reshape(raw.shape), ndim, max_size)
    if raw.dtype.kind not in "iu":
        raise bad()
    arr = _check_shape(name, raw, ndim, max_size)
    # Compare as Python ints: a uint64 beyond int64 must not wrap round before the range check.
    lo, hi = int(arr.min()), int(arr.max())
    if lo < low or hi > high:
        raise ValueError(f"{name} must lie in [{low}, {high}], got values from {lo} to {hi}")
    return arr.astype(np.int64)


def check_broadcast(arrays: dict[str, np.ndarray], max_size: int) -> tuple[int, ...]:
    """The shape that the named arrays broadcast to, with at most ``max_size`` settings, else ValueError."""
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        raise ValueError(
            f"{', '.join(arrays)} must broadcast together, got shapes "
            + ", ".join(f"{n} {a.shape}" for n, a in arrays.items())
        ) from None
    size = int(np.prod(shape, dtype=np.int64))
    if size > max_size:
        raise ValueError(f"{', '.join(arrays)} broadcast to {size} settings; at most {max_size} are allowed")
    return shape
