"""Planner runs whose process is gone do not stay "running": heartbeats and the reaper."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select, update

from coopatlas import registry
from coopatlas.web import jobs
from coopatlas.web.app import Settings, create_app
from tests.web.conftest import World

WORKER = """
import sys, time
from coopatlas import registry
from coopatlas.web import jobs
engine = registry.connect(sys.argv[1])
print(jobs.start(engine, sys.argv[1], "analyst", {}), flush=True)
time.sleep(600)
"""


def _status(engine, run_id: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    found = jobs.get(engine, run_id)
    assert found is not None
    return found


def test_a_run_whose_worker_died_is_marked_failed(
    as_role,  # type: ignore[no-untyped-def]
    world: World,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A web worker starts a run and is killed with its planner process (a restart): no
    watcher is left to finish the row; the next look at the run marks it failed."""
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, world.url], stdout=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        assert worker.stdout is not None
        run_id = worker.stdout.readline().strip()
        assert run_id
        engine = registry.connect(world.url)
        deadline = time.monotonic() + 60
        while _status(engine, run_id)["status"] == "queued" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _status(engine, run_id)["status"] == "running"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and the planner process it started
        worker.wait(10)
    time.sleep(1)
    assert _status(engine, run_id)["status"] == "running"  # heartbeat still recent
    monkeypatch.setattr(jobs, "STALE_SECONDS", 2.0)
    analyst = as_role("analyst")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        run = analyst.get(f"/api/plans/{run_id}").json()
        if run["status"] != "running":
            break
        time.sleep(0.5)
    assert run["status"] == "failed", run
    assert "no heartbeat" in run["message"] and run["finished"]
    page = analyst.get("/plans").text
    assert run_id in page
    engine.dispose()


def test_only_runs_without_a_recent_heartbeat_are_reaped(world: World) -> None:
    engine = registry.connect(world.url)
    old = jobs.now() - dt.timedelta(seconds=jobs.STALE_SECONDS + 30)
    with engine.begin() as c:
        for run_id, status, beat in [
            ("stale", "running", old), ("queuedlong", "queued", old),
            ("alive", "running", jobs.now()), ("finished", "done", old),
        ]:  # fmt: skip
            c.execute(
                jobs.RUNS.insert().values(
                    id=run_id, created_by="t", created=old, status=status, progress=0.5,
                    options="{}", cancel_requested=False, heartbeat=beat,
                )
            )  # fmt: skip
    assert jobs.reap(engine) == 2
    with engine.connect() as c:
        status = dict(c.execute(select(jobs.RUNS.c.id, jobs.RUNS.c.status)).all())
    assert status == {
        "stale": "failed", "queuedlong": "failed", "alive": "running", "finished": "done",
    }  # fmt: skip
    engine.dispose()


def test_a_server_start_fails_runs_left_running(world: World) -> None:
    """Runs a stopped server left behind are failed when the next one starts."""
    engine = registry.connect(world.url)
    old = jobs.now() - dt.timedelta(hours=2)
    with engine.begin() as c:
        c.execute(
            jobs.RUNS.insert().values(
                id="left", created_by="t", created=old, status="running", progress=0.3,
                options="{}", cancel_requested=False,
            )
        )  # fmt: skip
        c.execute(update(jobs.RUNS).where(jobs.RUNS.c.id == "left").values(heartbeat=None))
    app = create_app(Settings(db_url=world.url, secret="test-secret"))
    with engine.connect() as c:
        status = c.execute(select(jobs.RUNS.c.status).where(jobs.RUNS.c.id == "left")).scalar()
    assert status == "failed"
    app.state.engine.dispose()
    engine.dispose()
