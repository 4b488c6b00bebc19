"""Accounts, passwords, login throttling and API tokens. No Flask: the CLI and the pages share it.

A login is refused with one message whatever went wrong (unknown name, wrong password, disabled
account), and an unknown name still costs a password check, so neither the answer nor its time
tells which names exist. Refused logins are stored (`login_failure`), so every worker process
sees them: past `allowed` failures within the window, each further attempt on that name or from
that address must wait, twice as long after each failure.

An admin's changes from the pages (`add_account`, `change_role`, `retire_account`) are recorded
in the history under the admin's name, and never leave the desk without an active admin; the
CLI's (`create_account`, `disable_account`) are not recorded, and can, as the way back in.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..choices import ROLES, Role, label
from ..inputs.records import InvalidInput, required_str
from ..models import Account, ApiToken, LoginFailure
from .history import record
from .lookups import NotFound

LOGIN_REFUSED = "Wrong name or password."  # the one message for every refused login
MIN_PASSWORD = 10  # characters
MAX_PASSWORD = 200  # characters; a longer one is refused before it is hashed
PASSWORD_METHOD = "scrypt"  # werkzeug's scheme, with its default cost
TOKEN_PREFIX = "vfy_"  # makes a leaked token easy to recognise in logs and secret scanners
USED_EVERY = timedelta(minutes=5)  # how stale a token's last_used_at may get before a write


def utc_now() -> datetime:
    """Now, as the naive UTC datetime the tables store."""
    return datetime.now(UTC).replace(tzinfo=None)


class LoginRefused(Exception):
    """A login that failed; str() is LOGIN_REFUSED whatever the reason."""

    def __init__(self) -> None:
        super().__init__(LOGIN_REFUSED)


class TooManyFailures(Exception):
    """Logins on this name or from this address must wait `wait` seconds."""

    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(
            f"Too many failed logins for this account or from this address: "
            f"try again in {wait} second{'s' if wait != 1 else ''}."
        )


@dataclass(frozen=True)
class Throttle:
    """How refused logins slow the next ones down (from the LOGIN_* settings)."""

    allowed: int = 5  # failures within the window before any wait
    window: timedelta = timedelta(minutes=15)  # how long a failure counts
    first_wait: float = 2.0  # seconds after the first failure past `allowed`; doubles each time

    def wait_after(self, failures: int) -> float:
        if failures < self.allowed:
            return 0.0
        return min(self.first_wait * 2 ** (failures - self.allowed), self.window.total_seconds())


# ---------------------------------------------------------------- accounts


def account_name(value: object) -> str:
    return required_str(value, "name", limit=200)


def check_role(value: object) -> str:
    if value not in ROLES:
        raise InvalidInput(
            f"role must be one of {', '.join(ROLES)}, not {value!r}"
            if isinstance(value, str)
            else f"role must be one of {', '.join(ROLES)}"
        )
    return str(value)


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"the password must have at most {MAX_PASSWORD} characters")
    return password


def generate_password() -> str:
    """A random password of 16 URL-safe characters (96 bits)."""
    return secrets.token_urlsafe(12)


def create_account(session: Session, name: str, role: str, password: str) -> Account:
    name = account_name(name)
    role = check_role(role)
    password = check_password(password)
    if session.scalar(select(Account.id).where(Account.name == name)) is not None:
        raise InvalidInput(f"there is already an account named {name!r}")
    account = Account(
        name=name,
        role=role,
        password_hash=generate_password_hash(password, method=PASSWORD_METHOD),
    )
    session.add(account)
    session.flush()
    return account


def set_password(session: Session, account: Account, password: str) -> None:
    account.password_hash = generate_password_hash(check_password(password), method=PASSWORD_METHOD)
    session.flush()


def list_accounts(session: Session) -> list[Account]:
    return list(session.scalars(select(Account).order_by(Account.name)))


def find_account(session: Session, name: str) -> Account:
    account = session.scalar(select(Account).where(Account.name == name))
    if account is None:
        raise NotFound(f"there is no account named {name!r}")
    return account


def named_active_account(session: Session, name: str) -> Account:
    """The account `name` names (as the login finds it), refusing a disabled one."""
    account = find_account(session, name)
    if account.disabled:
        raise InvalidInput(f"the account {account.name!r} is disabled")
    return account


def active_account(session: Session, account_id: int) -> Account | None:
    """The account a login session names, unless it was disabled since."""
    account = session.get(Account, account_id)
    return account if account is not None and not account.disabled else None


def disable_account(session: Session, name: str) -> Account:
    """Refuse the account's logins and tokens from now on (its history stays)."""
    account = find_account(session, name)
    account.disabled = True
    session.flush()
    return account


# ---------------------------------------------------------------- an admin's changes


def get_account(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound(f"there is no account with id {account_id}")
    return account


def _named(account: Account) -> dict[str, object]:
    """How a history entry's detail names an account: its id, and its name at the time."""
    return {"id": account.id, "name": account.name}


def _keep_an_admin(session: Session, account: Account, change: str) -> None:
    """Refuse `change` to `account` when it is the last active admin."""
    if account.role != Role.ADMIN or account.disabled:
        return
    others = session.scalar(
        select(func.count())
        .select_from(Account)
        .where(Account.role == Role.ADMIN, Account.disabled.is_(False), Account.id != account.id)
    )
    if not others:
        raise InvalidInput(
            f"{account.name!r} is the only active admin: {change} would leave no one to manage "
            f"accounts; make another account admin first"
        )


def add_account(session: Session, name: str, role: str, password: str, editor: str) -> Account:
    """A new account, recorded in the history under `editor` (the admin making it)."""
    account = create_account(session, name, role, password)
    detail = {"account": _named(account), "role": account.role}
    record(session, editor, "create_account", None, None, detail)
    return account


def change_role(session: Session, account_id: int, role: str, editor: str) -> bool:
    """Give the account `role`, recorded under `editor`; False when it already has it."""
    account = get_account(session, account_id)
    role = check_role(role)
    if role == account.role:
        return False
    if role != Role.ADMIN:
        _keep_an_admin(session, account, f"making it {label(role)}")
    detail = {"account": _named(account), "from": account.role, "to": role}
    account.role = role
    session.flush()
    record(session, editor, "change_role", None, None, detail)
    return True


def retire_account(session: Session, account_id: int, editor: str) -> bool:
    """Disable the account (as `disable_account`), recorded under `editor`; False when it
    already was."""
    account = get_account(session, account_id)
    if account.disabled:
        return False
    _keep_an_admin(session, account, "disabling it")
    account.disabled = True
    session.flush()
    record(session, editor, "disable_account", None, None, {"account": _named(account)})
    return True


# ---------------------------------------------------------------- logging in


@functools.cache
def _dummy_hash() -> str:
    """A hash to check an unknown name's password against, so that it takes as long."""
    return generate_password_hash(secrets.token_urlsafe(16), method=PASSWORD_METHOD)


def login_wait(session: Session, name: str, address: str, throttle: Throttle, now: datetime) -> int:
    """Whole seconds the next login on `name` from `address` must still wait (0: none)."""
    since = now - throttle.window
    wait = 0.0
    for column, value in (
        (LoginFailure.name_key, name.casefold()),
        (LoginFailure.address, address),
    ):
        failures, latest = session.execute(
            select(func.count(), func.max(LoginFailure.created_at)).where(
                column == value, LoginFailure.created_at >= since
            )
        ).one()
        if failures and latest is not None:
            until = latest + timedelta(seconds=throttle.wait_after(failures))
            wait = max(wait, (until - now).total_seconds())
    return int(wait) + 1 if wait > 0 else 0


def log_in(
    session: Session,
    name: str,
    password: str,
    address: str,
    throttle: Throttle,
    now: datetime | None = None,
) -> Account:
    """The account, if `password` is its password and it is not disabled.

    Raises TooManyFailures while the name or address must wait (the password is not checked),
    LoginRefused otherwise; a refusal is stored, so the caller commits either way."""
    now = now or utc_now()
    name = name.strip()[:200]
    wait = login_wait(session, name, address, throttle, now)
    if wait:
        raise TooManyFailures(wait)
    account = session.scalar(select(Account).where(Account.name == name)) if name else None
    if account is None:
        check_password_hash(_dummy_hash(), password)  # the same work as for a known name
    elif check_password_hash(account.password_hash, password) and not account.disabled:
        session.execute(delete(LoginFailure).where(LoginFailure.name_key == name.casefold()))
        return account
    session.execute(delete(LoginFailure).where(LoginFailure.created_at < now - throttle.window))
    session.add(LoginFailure(name_key=name.casefold(), address=address[:100], created_at=now))
    session.flush()
    raise LoginRefused()


# ---------------------------------------------------------------- API tokens


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session,
    account: Account,
    label: str | None = None,
    lifetime: timedelta | None = None,
    now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `account` and its text, which is shown this once and never stored."""
    if account.disabled:
        raise InvalidInput(f"the account {account.name!r} is disabled")
    now = now or utc_now()
    text = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        account=account,
        token_hash=token_hash(text),
        label=(label or "").strip()[:200],
        created_at=now,
        expires_at=now + lifetime if lifetime else None,
    )
    session.add(token)
    session.flush()
    return token, text


def token_state(token: ApiToken, now: datetime | None = None) -> str:
    """'active', 'revoked' or 'expired'."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= (now or utc_now()):
        return "expired"
    return "active"


def account_for_token(
    session: Session, text: str, now: datetime | None = None, *, writing: bool = False
) -> Account | None:
    """The account a bearer token stands for, or None when the token is unknown, revoked,
    expired or its account disabled. A `writing` request notes when the token was used (at
    most every USED_EVERY), in its own transaction: a read never waits for the write lock."""
    now = now or utc_now()
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(text)))
    if token is None or token_state(token, now) != "active" or token.account.disabled:
        return None
    if writing and (token.last_used_at is None or now - token.last_used_at > USED_EVERY):
        token.last_used_at = now
        session.flush()
    return token.account


def list_tokens(session: Session, account: Account) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.account_id == account.id).order_by(ApiToken.id.desc())
        )
    )


def find_token(session: Session, given: str, account: Account | None = None) -> ApiToken:
    """A token by its id or by its text; with `account`, only one of that account's."""
    given = given.strip()
    query = select(ApiToken)
    if given.isdigit() and len(given) < 18:
        query = query.where(
            or_(ApiToken.id == int(given), ApiToken.token_hash == token_hash(given))
        )
    else:
        query = query.where(ApiToken.token_hash == token_hash(given))
    if account is not None:
        query = query.where(ApiToken.account_id == account.id)
    token = session.scalar(query)
    if token is None:
        raise NotFound("there is no such token" if account is None else "you have no such token")
    return token


def revoke_token(session: Session, token: ApiToken, now: datetime | None = None) -> bool:
    """Revoke `token`; False when it already was."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = now or utc_now()
    session.flush()
    return True
