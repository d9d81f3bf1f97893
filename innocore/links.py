"""One-time links sent by email: a row's id and a random nonce, signed with the project's secret and timestamped.

The row keeps the nonce; clearing or replacing it spends the link. Each caller
turns the two failures (expired, not valid) into its own message.
"""
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import models

LinkExpired = signing.SignatureExpired
LinkInvalid = signing.BadSignature


def one_time_token(*, salt: str, pk: int, nonce: str) -> str:
    return signing.dumps({"pk": pk, "n": nonce}, salt=salt, compress=True)


def one_time_token_read(*, token: str, salt: str, max_age: timedelta) -> tuple[int | None, str]:
    """(pk, nonce) from a token; LinkExpired or LinkInvalid (its parent) when it cannot be trusted."""
    payload = signing.loads(token, salt=salt, max_age=max_age)
    return payload.get("pk"), str(payload.get("n", ""))


@dataclass(frozen=True)
class LinkRefusals:
    """What a kind of link says when it is expired, malformed, or spent (its nonce cleared or replaced)."""

    expired: str
    invalid: str
    replaced: str  # a newer link was sent
    missing: str = ""  # the row is gone (default: as invalid)


def one_time_link_open(*, token: str, salt: str, max_age: timedelta, queryset: models.QuerySet,
                       refusals: LinkRefusals, error: type[Exception],
                       spent: Callable[[models.Model], str | None]) -> models.Model:
    """The row a link belongs to, or ``error`` with the message that says why the link no longer works.

    ``spent(row)`` returns the message for a row whose link was used up or withdrawn (None if it is live);
    a live row whose nonce differs was sent a newer link.
    """
    try:
        pk, nonce = one_time_token_read(token=token, salt=salt, max_age=max_age)
    except LinkExpired:
        raise error(refusals.expired) from None
    except LinkInvalid:
        raise error(refusals.invalid) from None
    row = queryset.filter(pk=pk).first() if isinstance(pk, int) else None
    if row is None:
        raise error(refusals.missing or refusals.invalid)
    message = spent(row)
    if message:
        raise error(message)
    if not nonce_matches(stored=row.token_nonce, presented=nonce):
        raise error(refusals.replaced)
    return row


def nonce_matches(*, stored: str, presented: str) -> bool:
    return bool(stored) and secrets.compare_digest(stored, presented)
