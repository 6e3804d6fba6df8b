"""Users of a node: create (the first admin too), list, change role or state, reset passwords."""

from __future__ import annotations

from dataclasses import replace

from counterpart.domain.errors import Conflict, InvalidInput, NotFound
from counterpart.workflows.access_audit import record_write
from counterpart.workflows.access_model import Account, Locale, Role, User, to_username
from counterpart.workflows.access_passwords import (
    check_password_policy,
    generate_one_time_password,
    hash_password,
    verify_password,
)
from counterpart.workflows.access_ports import AccessPorts, AccessStore

FIRST_ADMIN_ACTOR = "system:init"
MAX_DISPLAY_NAME = 200


def create_user(
    ports: AccessPorts,
    *,
    actor: str,
    username: str,
    role: Role,
    party: str,
    display_name: str = "",
    locale: Locale = Locale.EN,
    password: str | None = None,
) -> tuple[User, str | None]:
    """Add a user; without `password` one is generated, returned once and marked temporary."""
    name = to_username(username)
    if not party.strip():
        raise InvalidInput("the user's party is empty", where="party")
    one_time = generate_one_time_password(ports.secrets, ports.config) if password is None else None
    secret = password if password is not None else str(one_time)
    check_password_policy(secret, username=name, config=ports.config)
    now = ports.clock()
    user = User(
        id=ports.secrets.new_id(),
        username=name,
        display_name=_to_display_name(display_name or name),
        role=role,
        party=party.strip(),
        locale=locale,
        active=True,
        password_is_temporary=one_time is not None,
        created_at=now,
        updated_at=now,
    )
    ports.store.insert_account(
        Account(user=user, password_hash=hash_password(secret, ports.config))
    )
    record_write(
        ports.audit,
        ports.clock,
        actor=actor,
        action="user.create",
        target=f"user:{user.id}",
        detail={"username": name, "role": role.value, "party": user.party},
    )
    return user, one_time


def create_first_admin(
    ports: AccessPorts,
    *,
    party: str,
    username: str = "admin",
    display_name: str = "Node administrator",
    locale: Locale = Locale.EN,
) -> tuple[User, str]:
    """The node's first admin and a one-time password; refused once the node has users.

    `counterpart init` calls this inside the unit of work that sets the node up.
    """
    if ports.store.list_users():
        raise Conflict("this node already has users; add more with `counterpart user add`")
    user, one_time = create_user(
        ports,
        actor=FIRST_ADMIN_ACTOR,
        username=username,
        role=Role.ADMIN,
        party=party,
        display_name=display_name,
        locale=locale,
    )
    assert one_time is not None
    return user, one_time


def list_users(ports: AccessPorts) -> list[User]:
    """Every user of the node, by username."""
    return sorted(ports.store.list_users(), key=lambda user: user.username)


def require_account(store: AccessStore, user_id: str) -> Account:
    """The account with this id, or NotFound."""
    account = store.get_account(user_id)
    if account is None:
        raise NotFound(f"user {user_id} does not exist", where="user_id")
    return account


def require_account_by_username(store: AccessStore, username: str) -> Account:
    """The account with this username, or NotFound."""
    account = store.get_account_by_username(to_username(username))
    if account is None:
        raise NotFound(f"user {username!r} does not exist", where="username")
    return account


def update_user(
    ports: AccessPorts,
    *,
    actor: str,
    user_id: str,
    role: Role | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    locale: Locale | None = None,
) -> User:
    """Change a user's role, active flag, display name or locale; deactivating ends sessions.

    The node always keeps one active admin: the change that would remove the last is refused.
    """
    account = require_account(ports.store, user_id)
    before = account.user
    after = replace(
        before,
        role=role if role is not None else before.role,
        active=active if active is not None else before.active,
        display_name=_to_display_name(display_name)
        if display_name is not None
        else before.display_name,
        locale=locale if locale is not None else before.locale,
    )
    changes = _describe_changes(before, after)
    if not changes:
        return before
    _keep_an_admin(ports.store, before, after)
    after = replace(after, updated_at=ports.clock())
    ports.store.save_account(replace(account, user=after))
    if before.active and not after.active:
        ports.store.revoke_sessions(after.id, ports.clock())
    record_write(
        ports.audit,
        ports.clock,
        actor=actor,
        action="user.update",
        target=f"user:{after.id}",
        detail={"username": after.username, "changes": changes},
    )
    return after


def reset_password(ports: AccessPorts, *, actor: str, user_id: str) -> tuple[User, str]:
    """Give a user a new one-time password, lift any lockout and end their sessions."""
    account = require_account(ports.store, user_id)
    one_time = generate_one_time_password(ports.secrets, ports.config)
    user = replace(account.user, password_is_temporary=True, updated_at=ports.clock())
    ports.store.save_account(
        Account(user=user, password_hash=hash_password(one_time, ports.config))
    )
    ended = ports.store.revoke_sessions(user.id, ports.clock())
    record_write(
        ports.audit,
        ports.clock,
        actor=actor,
        action="user.password_reset",
        target=f"user:{user.id}",
        detail={"username": user.username, "sessions_ended": ended},
    )
    return user, one_time


def change_password(
    ports: AccessPorts, *, user_id: str, current_password: str, new_password: str
) -> User:
    """A user replaces their own password; the current one must be given."""
    account = require_account(ports.store, user_id)
    if not verify_password(account.password_hash, current_password, ports.config):
        raise InvalidInput("the current password is wrong", where="current_password")
    check_password_policy(
        new_password, username=account.user.username, config=ports.config, where="new_password"
    )
    if verify_password(account.password_hash, new_password, ports.config):
        raise InvalidInput("the new password is the current one", where="new_password")
    user = replace(account.user, password_is_temporary=False, updated_at=ports.clock())
    ports.store.save_account(
        replace(account, user=user, password_hash=hash_password(new_password, ports.config))
    )
    record_write(
        ports.audit,
        ports.clock,
        actor=user.username,
        action="user.password_change",
        target=f"user:{user.id}",
        detail={"username": user.username},
    )
    return user


def _to_display_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise InvalidInput("the display name is empty", where="display_name")
    if len(name) > MAX_DISPLAY_NAME:
        raise InvalidInput(
            f"the display name is over {MAX_DISPLAY_NAME} characters", where="display_name"
        )
    return name


def _describe_changes(before: User, after: User) -> dict[str, list[object]]:
    fields = ("role", "active", "display_name", "locale")
    return {
        name: [_plain(getattr(before, name)), _plain(getattr(after, name))]
        for name in fields
        if getattr(before, name) != getattr(after, name)
    }


def _plain(value: object) -> object:
    return value.value if isinstance(value, Role | Locale) else value


def _keep_an_admin(store: AccessStore, before: User, after: User) -> None:
    was_admin = before.active and before.role is Role.ADMIN
    stays_admin = after.active and after.role is Role.ADMIN
    if was_admin and not stays_admin and store.count_active_admins() <= 1:
        raise Conflict(
            f"{before.username} is the node's last active admin; make another admin first",
            where="user_id",
        )
