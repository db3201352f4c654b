"""The demo's web part: an admin with a fresh password, and how to start the server."""

from __future__ import annotations

import secrets
from pathlib import Path

from coopatlas import registry
from coopatlas.errors import UserError
from coopatlas.web.accounts import add_user, set_password

DEMO_ADMIN = "admin"


def demo_admin(db_path: Path) -> tuple[str, str, str]:
    """(name, password, command): creates (or resets) the demo admin on *db_path*."""
    engine = registry.connect(f"sqlite:///{db_path}")
    password = secrets.token_urlsafe(12)
    try:
        add_user(engine, DEMO_ADMIN, "admin", password)
    except UserError:
        set_password(engine, DEMO_ADMIN, password)
    engine.dispose()
    return DEMO_ADMIN, password, f"coopatlas --db sqlite:///{db_path} serve --port 8000"
