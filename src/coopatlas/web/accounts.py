"""Users, roles, passwords and API tokens: library functions the CLI and the web both call.

Passwords are hashed with argon2id (argon2-cffi, its default parameters); API tokens are 32
random bytes shown once, of which only the SHA-256 is stored: a token has the entropy a
password lacks, so a fast hash is enough and keeps every API request cheap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, insert, select, update

from coopatlas.errors import UserError
from coopatlas.registry import models

ROLES = ("viewer", "analyst", "editor", "admin")
"""Each role may do everything the roles before it may."""

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Account:
    """The signed-in user as pages and routes see it (anonymous: ``None``)."""

    id: int
    name: str
    role: str

    def at_least(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def add_user(engine: Engine, name: str, role: str, password: str) -> Account:
    """Create a user; the name must be new and the password at least 8 characters."""
    check_role(role)
    name = name.strip()
    if not name or len(name) > 80:
        raise UserError("a user name needs 1 to 80 characters")
    if len(password) < 8:
        raise UserError("a password needs at least 8 characters")
    with engine.begin() as c:
        if c.execute(select(models.User.id).where(models.User.name == name)).first():
            raise UserError(f"user {name!r} exists already")
        row = c.execute(
            insert(models.User)
            .values(
                name=name,
                role=role,
                password_hash=_hasher.hash(password),
                created=now(),
                active=True,
            )
            .returning(models.User.id)
        ).one()
    return Account(int(row[0]), name, role)


def set_password(engine: Engine, name: str, password: str) -> None:
    if len(password) < 8:
        raise UserError("a password needs at least 8 characters")
    with engine.begin() as c:
        done = c.execute(
            update(models.User)
            .where(models.User.name == name)
            .values(password_hash=_hasher.hash(password))
        )
    if not done.rowcount:
        raise UserError(f"no user {name!r}")


def authenticate(engine: Engine, name: str, password: str) -> Account | None:
    """The account when name and password match an active user, else ``None``."""
    u = models.User
    with engine.connect() as c:
        row = c.execute(
            select(u.id, u.name, u.role, u.password_hash).where(u.name == name, u.active)
        ).first()
    if row is None:
        _hasher.hash(password)  # same work either way: no timing hint that the name exists
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return Account(int(row.id), row.name, row.role)


def account(engine: Engine, user_id: int) -> Account | None:
    u = models.User
    with engine.connect() as c:
        row = c.execute(select(u.id, u.name, u.role).where(u.id == user_id, u.active)).first()
    return Account(int(row.id), row.name, row.role) if row else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(engine: Engine, name: str, label: str | None = None) -> str:
    """A new API token for user *name*; the caller shows it once, only its hash is kept."""
    with engine.begin() as c:
        row = c.execute(select(models.User.id).where(models.User.name == name)).first()
        if row is None:
            raise UserError(f"no user {name!r}: create it with `coopatlas user add`")
        token = "ca_" + secrets.token_urlsafe(32)
        c.execute(
            insert(models.ApiToken).values(
                user_id=row.id, label=label, token_hash=_digest(token), created=now(), revoked=False
            )
        )
    return token


def token_account(engine: Engine, token: str) -> Account | None:
    t, u = models.ApiToken, models.User
    with engine.connect() as c:
        row = c.execute(
            select(u.id, u.name, u.role)
            .join(t, t.user_id == u.id)
            .where(t.token_hash == _digest(token), ~t.revoked, u.active)
        ).first()
    return Account(int(row.id), row.name, row.role) if row else None


def list_users(engine: Engine) -> list[dict[str, object]]:
    u = models.User
    with engine.connect() as c:
        rows = c.execute(select(u.id, u.name, u.role, u.created, u.active).order_by(u.name))
        return [dict(r._mapping) for r in rows]
