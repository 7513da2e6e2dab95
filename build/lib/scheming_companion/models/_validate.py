"""Parameter checks shared by the models: every bad input becomes a ValueError naming the parameter."""

from __future__ import annotations

import math
from numbers import Real

import numpy as np


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` if it is a real bool (numpy bools included), else raise ValueError."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ValueError(f"{name} must be True or False, got {value!r}")


def check_choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise ValueError listing the options."""
    if isinstance(value, str) and value in allowed:
        return value
    raise ValueError(f"{name} must be one of {', '.join(repr(a) for a in allowed)}, got {value!r}")


def check_real(name: str, value: object, low: float = -math.inf, high: float = math.inf) -> float:
    """Return ``value`` as a float if it is a finite real number in [low, high], else raise ValueError."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.integer, np.floating)):
        raise ValueError(f"{name} must be a real number in [{low}, {high}], got {value!r}")
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(f"{name} must be a finite number in [{low}, {high}], got one too large for a float") from None
    if not math.isfinite(x) or not low <= x <= high:
        raise ValueError(f"{name} must be a finite number in [{low}, {high}], got {value!r}")
    return x


def _contains_bool(values: object) -> bool:
    """True if a (nested) list or tuple, or an object array, holds a bool anywhere (numpy would make it 1.0)."""
    if isinstance(values, (bool, np.bool_)):
        return True
    if isinstance(values, (list, tuple)):
        return any(_contains_bool(v) for v in values)
    if isinstance(values, np.ndarray) and values.dtype.kind == "O":
        return any(isinstance(v, (bool, np.bool_)) for v in values.ravel().tolist())
    return False


def check_array(
    name: str,
    values: object,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    ndim: int = 1,
    max_size: int = 1_000_000,
) -> np.ndarray:
    """Return ``values`` as a float array of dimension ``ndim`` with every entry finite and in [low, high]."""
    if isinstance(values, (str, bytes, bytearray)):
        raise ValueError(f"{name} must be a sequence of numbers, got {values!r}")
    try:
        raw: np.ndarray = np.asarray(values)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be a sequence of numbers in [{low}, {high}], got {values!r}") from None
    # Only real numbers count: no bools (even mixed into a list of floats), strings, dates, or ints too
    # large for a float (numpy keeps those as objects).
    has_bool = raw.dtype.kind == "b" or _contains_bool(values)
    bad = ValueError(f"{name} must be a sequence of real numbers in [{low}, {high}], got {values!r}")
    if has_bool:
        raise bad
    if raw.dtype.kind == "O":
        # Other Real types (fractions, decimals, huge ints) arrive as objects: take them one by one.
        items = raw.ravel().tolist()
        if not all(isinstance(v, (Real, np.integer, np.floating)) for v in items):
            raise bad
        try:
            arr: np.ndarray = np.array([float(v) for v in items], dtype=float).reshape(raw.shape)
        except (OverflowError, ValueError, TypeError):
            raise bad from None
    elif raw.dtype.kind in "iuf":
        arr = raw.astype(float)
    else:
        raise bad
    if arr.ndim == 0 and ndim == 1:
        arr = arr.reshape(1)
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if arr.size > max_size:
        raise ValueError(f"{name} must have at most {max_size} entries, got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers in [{low}, {high}]")
    if np.any(arr < low) or np.any(arr > high):
        raise ValueError(f"{name} must lie in [{low}, {high}], got values from {arr.min():g} to {arr.max():g}")
    return arr
