"""Password hashing: Argon2id with one of OWASP's recommended parameter sets, and a cap on hashes at once.

Django's default, PBKDF2-SHA256 at 1,000,000 iterations, costs 0.28-0.37 s of CPU per login here; on
deadline day 200 applicants logging in at once queued ~60 s of hashing in front of everyone's autosaves
(issue 13). Argon2id is OWASP's first choice for password storage (memory-hard, so a GPU guesses far
slower than against PBKDF2); of the parameter sets its cheat sheet lists as equivalent, 7 MiB of memory
and 5 passes costs ~25 ms of CPU here and the least memory per hash. Existing PBKDF2 hashes still verify
and are re-hashed with these parameters at the next successful login (Django's ``must_update``).

Each hash takes 7 MiB for its duration: at most ``CONCURRENT_HASHES`` run at once in a process, so a
burst of logins can neither take every thread of a web worker nor grow its memory by 7 MiB per thread.
"""
import threading

from django.contrib.auth.hashers import Argon2PasswordHasher

CONCURRENT_HASHES = 2
_hashing = threading.BoundedSemaphore(CONCURRENT_HASHES)


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id, m = 7 MiB, t = 5, p = 1 (OWASP Password Storage Cheat Sheet). The algorithm name stays
    ``argon2``: hashes made with Django's own Argon2 parameters verify too, and are upgraded."""

    time_cost = 5
    memory_cost = 7168  # KiB
    parallelism = 1

    def encode(self, password, salt):
        with _hashing:
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with _hashing:
            return super().verify(password, encoded)
