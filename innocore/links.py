"""One-time links sent by email: a row's id and a random nonce, signed with the project's secret and timestamped.

The row keeps the nonce; clearing or replacing it spends the link. Each caller
turns the two failures (expired, not valid) into its own message.
"""
import secrets
from datetime import timedelta

from django.core import signing

LinkExpired = signing.SignatureExpired
LinkInvalid = signing.BadSignature


def one_time_token(*, salt: str, pk: int, nonce: str) -> str:
    return signing.dumps({"pk": pk, "n": nonce}, salt=salt, compress=True)


def one_time_token_read(*, token: str, salt: str, max_age: timedelta) -> tuple[int | None, str]:
    """(pk, nonce) from a token; LinkExpired or LinkInvalid (its parent) when it cannot be trusted."""
    payload = signing.loads(token, salt=salt, max_age=max_age)
    return payload.get("pk"), str(payload.get("n", ""))


def nonce_matches(*, stored: str, presented: str) -> bool:
    return bool(stored) and secrets.compare_digest(stored, presented)
