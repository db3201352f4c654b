"""Schemathesis against the OpenAPI schema: generated requests never get a server error.

Schemathesis's pytest plugin does not run under this pytest, so each operation's
Schemathesis strategy is drawn from with Hypothesis directly.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow
SKIP = {("POST", "/api/plans")}  # a real planner run per generated body tests only patience


def test_no_server_error(app, world) -> None:  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = [r.ok() for r in schema.get_all_operations()]
    tried, statuses = 0, set()
    for op in operations:
        if (op.method.upper(), op.path) in SKIP:
            continue
        tried += 1

        @given(case=op.as_strategy(), role=st.sampled_from(["admin", "viewer", None]))
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case, role) -> None:  # type: ignore[no-untyped-def]
            headers = {"authorization": f"Bearer {world.tokens[role]}"} if role else {}
            response = case.call(headers=headers)
            statuses.add(response.status_code)
            where = (case.method, case.formatted_path, response.status_code, response.text[:300])
            assert response.status_code < 500, where
            if response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
                assert response.json()["error"]["message"], where

        check()
    assert tried >= 25
    assert {200, 401, 403} <= statuses  # the calls reached the app, allowed and refused
