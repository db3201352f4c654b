"""``coopatlas serve``, ``coopatlas user add`` and ``coopatlas token create``.

Heavy imports (FastAPI, uvicorn, SQLAlchemy) happen inside the commands, so that
``coopatlas --help`` stays fast.
"""

from __future__ import annotations

import getpass
import os
import secrets
from typing import Annotated

import typer

from coopatlas.console import state
from coopatlas.errors import UserError

user_app = typer.Typer(help="Accounts of the web application.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for scripts.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    https: Annotated[bool, typer.Option(help="Behind HTTPS: mark cookies Secure.")] = False,
) -> None:
    """Run the web application and the API (/api/docs) on the registry database."""
    import uvicorn

    from coopatlas import registry

    url = registry.resolve_url(state.db)
    engine = registry.connect(url)
    registry.require_schema(engine)
    registry.upgrade(engine)
    engine.dispose()
    os.environ["COOPATLAS_DB"] = url
    os.environ.setdefault("COOPATLAS_SECRET", secrets.token_urlsafe(32))
    if https:
        os.environ["COOPATLAS_HTTPS"] = "1"
    state.err.print(
        f"coopatlas: serving {registry.store.sqlite_path(url) or 'the database'} on "
        f"http://{host}:{port}/ (API docs: /api/docs) with {workers} worker(s)"
    )
    uvicorn.run(
        "coopatlas.web.app:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="The sign-in name.")],
    role: Annotated[str, typer.Option(help="viewer, analyst, editor or admin.")] = "viewer",
    password: Annotated[
        str | None,
        typer.Option(help="Default: asked for (or $COOPATLAS_PASSWORD); never echoed."),
    ] = None,
) -> None:
    """Create a web user with a role."""
    from coopatlas import registry
    from coopatlas.web.accounts import add_user, check_role

    check_role(role)
    secret = password or os.environ.get("COOPATLAS_PASSWORD")
    if not secret:
        secret = getpass.getpass(f"password for {name}: ")
        if secret != getpass.getpass("again: "):
            raise UserError("the two passwords differ")
    engine = state.engine()
    registry.require_schema(engine)
    registry.upgrade(engine)
    made = add_user(engine, name, role, secret)
    state.out.print(f"user {made.name} ({made.role}) created")


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
) -> None:
    """Create an API token; it is printed once and only its hash is kept."""
    from coopatlas import registry
    from coopatlas.web.accounts import create_token

    engine = state.engine()
    registry.require_schema(engine)
    token = create_token(engine, name, label)
    state.err.print(f"API token for {name} (shown once; send it as 'Authorization: Bearer …'):")
    typer.echo(token)
