"""Settings shared by every test: hypothesis profiles.

`fast` (the default) keeps property tests to about a hundred examples each, so the whole suite
stays quick; `long` (`HYPOTHESIS_PROFILE=long`, which `make fuzz` sets) runs thousands per test.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("fast", max_examples=100, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
