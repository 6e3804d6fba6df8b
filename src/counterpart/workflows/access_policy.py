"""Who may do what and see what: the role ladder and the party boundary, for every workflow."""

from __future__ import annotations

from counterpart.domain.errors import NotFound, PermissionDenied
from counterpart.workflows.access_model import Principal, Role


def require_role(caller: Principal, minimum: Role) -> None:
    """Refuse (403) a caller whose role in force is below `minimum`."""
    if not caller.role.includes(minimum):
        how = "this API token is scoped to" if caller.role != caller.user.role else "your role is"
        raise PermissionDenied(
            f"this needs the {minimum.value} role or higher; {how} {caller.role.value}"
        )


def is_visible(
    caller: Principal, *, author_party: str, addressed_to: str | None = None, sent: bool = False
) -> bool:
    """Whether the caller may see an item: its own party's work, or what the counterpart sent.

    `author_party` wrote the item; `addressed_to` is the party a sent record is for; `sent`
    says the record left its author's node (it is in the author's log and was mirrored here).
    Another party's drafts and local work are never visible, whoever addresses them.
    """
    if author_party == caller.user.party:
        return True
    return sent and addressed_to == caller.user.party


def require_visible(
    caller: Principal,
    *,
    what: str,
    author_party: str,
    addressed_to: str | None = None,
    sent: bool = False,
) -> None:
    """Refuse an invisible item as NotFound (404), so that its existence does not leak."""
    if not is_visible(caller, author_party=author_party, addressed_to=addressed_to, sent=sent):
        raise NotFound(f"{what} does not exist")


def require_own_party(caller: Principal, *, party: str, what: str) -> None:
    """Refuse (403) a write on behalf of another party than the caller's own."""
    if party != caller.user.party:
        raise PermissionDenied(
            f"{what} belongs to party {party}; you act for party {caller.user.party}"
        )
