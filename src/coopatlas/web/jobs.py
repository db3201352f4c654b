"""Planner runs as background jobs: start, progress, cancel, results.

A run is a row of ``plan_runs`` and a child process that solves it, so a long solve never
blocks a web worker, a crash in HiGHS cannot take the server down, and cancelling is
ending that process. The child writes its progress and its results to the row; a thread
in the worker that started it watches the process and the row's ``cancel_requested`` flag
(which any worker may set), and marks a run whose process died as failed, with the reason.

That watcher dies with its worker (a restart, a crash, a deploy), and the child may die
with it; then nobody would ever finish the row. So the child also writes a heartbeat every
:data:`HEARTBEAT_SECONDS`, and every listing of runs (and each server start) marks a queued
or running run failed when its heartbeat is older than :data:`STALE_SECONDS`, whichever
worker or server looks.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
import threading
import time
import uuid
from typing import Any

from sqlalchemy import Engine, func, select, update

from coopatlas import registry
from coopatlas.errors import UserError
from coopatlas.registry import models
from coopatlas.web.accounts import now

log = logging.getLogger(__name__)
RUNS = models.table(models.PlanRun)
FINAL = ("done", "failed", "cancelled")
ALLOWED_OPTIONS = {"first_year": int, "last_year": int, "budget": float, "gap": float}
HEARTBEAT_SECONDS = 5.0
STALE_SECONDS = 60.0  # twelve missed heartbeats: the process is gone, not busy


def clean_options(raw: dict[str, Any]) -> dict[str, Any]:
    """The planner options a web user may set, checked; anything else is an error."""
    opts: dict[str, Any] = {"time_limit": 120.0, "unmet_penalty": 10.0}
    for key, value in raw.items():
        if value is None or value == "":
            continue
        if key not in ALLOWED_OPTIONS:
            raise UserError(f"{key}: not a planner option ({', '.join(ALLOWED_OPTIONS)})")
        try:
            opts[key] = ALLOWED_OPTIONS[key](value)
        except (TypeError, ValueError) as exc:
            raise UserError(f"{key}: {value!r} is not a number") from exc
    first, last = opts.get("first_year", 2024), opts.get("last_year", 2030)
    if not 2000 <= first <= last <= 2060:
        raise UserError("first_year, last_year: need 2000 <= first_year <= last_year <= 2060")
    if "budget" in opts and opts["budget"] < 0:
        raise UserError("budget: must not be negative")
    if "gap" in opts and not 0 < opts["gap"] < 1:
        raise UserError("gap: must be between 0 and 1")
    return opts


def _set(engine: Engine, run_id: str, **values: Any) -> None:
    with engine.begin() as c:
        c.execute(update(RUNS).where(RUNS.c.id == run_id).values(**values))


def _child(db_url: str, run_id: str) -> None:
    """Solve in the child process and write progress and results to the run's row."""
    from coopatlas.plan.data import load_from_db
    from coopatlas.plan.page import render_html
    from coopatlas.plan.report import result_json
    from coopatlas.plan.solve import PlanOptions, solve_plan

    engine = registry.connect(db_url)
    last = [0.0]
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                _set(engine, run_id, heartbeat=now())
            except Exception:  # a missed beat is retried; the solve goes on
                log.warning("plan run %s: heartbeat not written", run_id, exc_info=True)

    threading.Thread(target=beat, daemon=True).start()

    def progress(info: dict[str, float]) -> None:
        if time.monotonic() - last[0] < 0.3:
            return
        last[0] = time.monotonic()
        if "parts" in info:
            share = info["parts_done"] / max(info["parts"], 1.0)
            msg = f"{info['parts_done']:.0f} of {info['parts']:.0f} parts solved"
        else:
            share = 0.5
            msg = f"gap {info.get('gap', 0):.2%}, {info.get('nodes', 0):.0f} nodes"
        _set(engine, run_id, progress=0.2 + 0.75 * share, message=msg)

    try:
        with engine.connect() as c:
            options = json.loads(
                c.execute(select(RUNS.c.options).where(RUNS.c.id == run_id)).scalar_one()
            )
        _set(engine, run_id, status="running", progress=0.05, message="reading the registry",
             heartbeat=now())  # fmt: skip
        instance = load_from_db(engine)
        _set(engine, run_id, progress=0.15, message="building the model")
        result = solve_plan(instance, PlanOptions(**options, progress=progress))
        summary = result_json(result, roadmap_rows=200)
        _set(
            engine,
            run_id,
            status="done" if result.ok else "failed",
            progress=1.0,
            message=f"HiGHS: {result.status}",
            summary=json.dumps(summary, default=str, ensure_ascii=False),
            report_html=render_html(result),
            finished=now(),
        )
    except UserError as exc:
        _set(engine, run_id, status="failed", message=str(exc), finished=now())
    finally:
        stop.set()
        engine.dispose()


def _watch(engine: Engine, run_id: str, process: subprocess.Popen[bytes]) -> None:
    while process.poll() is None:
        time.sleep(0.5)
        with engine.connect() as c:
            row = c.execute(
                select(RUNS.c.cancel_requested, RUNS.c.status).where(RUNS.c.id == run_id)
            ).one()
        if row.cancel_requested and row.status not in FINAL:
            process.terminate()
            process.wait(10)
            _set(engine, run_id, status="cancelled", message="cancelled", finished=now())
            return
    with engine.connect() as c:
        status = c.execute(select(RUNS.c.status).where(RUNS.c.id == run_id)).scalar_one()
    if status not in FINAL:
        reason = f"the planner process stopped unexpectedly (exit code {process.returncode})"
        log.error("plan run %s: %s", run_id, reason)
        _set(engine, run_id, status="failed", message=reason, finished=now())


def start(engine: Engine, db_url: str, actor: str, raw_options: dict[str, Any]) -> str:
    """Queue a run, start its process and watcher; returns the run id at once."""
    options = clean_options(raw_options)
    run_id = uuid.uuid4().hex[:16]
    with engine.begin() as c:
        c.execute(
            RUNS.insert().values(
                id=run_id,
                created_by=actor,
                created=now(),
                status="queued",
                progress=0.0,
                options=json.dumps(options),
                cancel_requested=False,
                heartbeat=now(),
            )
        )
    # The URL goes by the environment, not the command line that `ps` shows.
    process = subprocess.Popen(
        [sys.executable, "-m", "coopatlas.web.jobs", run_id],
        env={**os.environ, "COOPATLAS_DB": db_url},
    )
    threading.Thread(target=_watch, args=(engine, run_id, process), daemon=True).start()
    return run_id


def reap(engine: Engine, stale_after: float | None = None) -> int:
    """Mark failed every queued or running run whose heartbeat is older than *stale_after*
    seconds (default :data:`STALE_SECONDS`): its process is gone. Returns how many."""
    seconds = STALE_SECONDS if stale_after is None else stale_after
    cutoff = now() - dt.timedelta(seconds=seconds)
    reason = (
        f"the planner process stopped without finishing (no heartbeat for {seconds:.0f} s; "
        "its server worker was probably restarted); start the run again"
    )
    with engine.begin() as c:
        done = c.execute(
            update(RUNS)
            .where(RUNS.c.status.in_(("queued", "running")))
            .where(func.coalesce(RUNS.c.heartbeat, RUNS.c.created) < cutoff)
            .values(status="failed", message=reason, finished=now())
        )
    if done.rowcount:
        log.error("%d planner run(s) without a heartbeat marked failed", done.rowcount)
    return int(done.rowcount or 0)


def get(engine: Engine, run_id: str, with_report: bool = False) -> dict[str, Any] | None:
    reap(engine)
    cols = [c for c in RUNS.c if with_report or c.name != "report_html"]
    with engine.connect() as c:
        row = c.execute(select(*cols).where(RUNS.c.id == run_id)).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out["options"] = json.loads(out["options"])
    out["summary"] = json.loads(out["summary"]) if out.get("summary") else None
    return out


def cancel(engine: Engine, run_id: str) -> bool:
    """Ask for a run to stop; False when there is no such run or it has finished."""
    with engine.begin() as c:
        done = c.execute(
            update(RUNS)
            .where(RUNS.c.id == run_id, RUNS.c.status.not_in(FINAL))
            .values(cancel_requested=True)
        )
    return bool(done.rowcount)


def recent(engine: Engine, limit: int = 20) -> list[dict[str, Any]]:
    reap(engine)
    cols = [RUNS.c[n] for n in ("id", "created_by", "created", "status", "progress", "message")]
    with engine.connect() as c:
        rows = c.execute(select(*cols).order_by(RUNS.c.created.desc()).limit(limit))
        return [dict(r._mapping) for r in rows]


if __name__ == "__main__":
    _child(os.environ["COOPATLAS_DB"], sys.argv[1])
