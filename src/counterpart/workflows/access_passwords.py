"""Passwords: the length policy, Argon2id hashing with rehash on new parameters, one-time ones."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from counterpart.domain.errors import InvalidInput
from counterpart.workflows.access_ports import AccessConfig, SecretFactory

MAX_PASSWORD_LENGTH = 1024  # long passphrases are welcome; megabytes are not
ONE_TIME_PASSWORD_BYTES = 18  # 24 URL-safe characters, 144 bits


@lru_cache(maxsize=8)
def _hasher(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)


def password_hasher(config: AccessConfig) -> PasswordHasher:
    """The Argon2id hasher for the configured cost parameters."""
    return _hasher(config.password_hash_time_cost, config.password_hash_memory_kib)


def check_password_policy(
    password: str, *, username: str, config: AccessConfig, where: str = "password"
) -> None:
    """Refuse a password that is too short, too long, blank, or the username itself.

    Length over composition rules, as NIST SP 800-63B (section 3.1.1.2) recommends.
    """
    if not password.strip():
        raise InvalidInput("the password is empty", where=where)
    if len(password) < config.password_min_length:
        raise InvalidInput(
            f"the password has {len(password)} characters; at least "
            f"{config.password_min_length} are required",
            where=where,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"the password is over {MAX_PASSWORD_LENGTH} characters", where=where)
    if password.strip().lower() == username.lower():
        raise InvalidInput("the password must not be the username", where=where)


def hash_password(password: str, config: AccessConfig) -> str:
    """The Argon2id hash of `password` in PHC string form."""
    return password_hasher(config).hash(password)


def verify_password(password_hash: str, password: str, config: AccessConfig) -> bool:
    """Whether `password` matches `password_hash`; a malformed stored hash never matches."""
    try:
        return password_hasher(config).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=8)
def _hash_of_nobody(time_cost: int, memory_kib: int) -> str:
    return _hasher(time_cost, memory_kib).hash("no user has this password")


def spend_a_verification(password: str, config: AccessConfig) -> None:
    """Verify `password` against a hash nobody has, so an unknown username takes as long."""
    nobody = _hash_of_nobody(config.password_hash_time_cost, config.password_hash_memory_kib)
    verify_password(nobody, password, config)


def needs_rehash(password_hash: str, config: AccessConfig) -> bool:
    """Whether the hash was made with other parameters than the configured ones."""
    return password_hasher(config).check_needs_rehash(password_hash)


def generate_one_time_password(secrets: SecretFactory, config: AccessConfig) -> str:
    """A random password shown once, long enough for the policy."""
    nbytes = max(ONE_TIME_PASSWORD_BYTES, config.password_min_length)
    return secrets.new_secret(nbytes)
