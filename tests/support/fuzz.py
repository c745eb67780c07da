"""Shared hypothesis settings and strategies for the property tests."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The property tests are marked `slow`: `make test` leaves them out, and `make test-slow`
# (so CI) sets HYPOTHESIS_PROFILE=full and runs each with its full example count. Run
# alone (`pytest tests/test_properties.py`) they take a quick sample of each.
FULL = os.environ.get("HYPOTHESIS_PROFILE") == "full"
QUICK_EXAMPLES = 50
settings.register_profile("quick", max_examples=QUICK_EXAMPLES)
settings.register_profile("full")
settings.load_profile("full" if FULL else "quick")


def examples(full: int) -> int:
    """A property test's example count: `full` in the slow pass, a quick sample otherwise."""
    return full if FULL else min(full, QUICK_EXAMPLES)


# In CI the same inputs every run (a failure reproduces); on a laptop, new ones each run.
FUZZ = settings(
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
