"""DRF permission classes that ask the portal's named rules (django-rules), as the pages do."""
from rest_framework.permissions import BasePermission


def any_perm(*perms: str) -> type[BasePermission]:
    """A permission class letting in a user who has at least one of ``perms`` (the view scopes the rows)."""

    class HasAnyPerm(BasePermission):
        def has_permission(self, request, view) -> bool:
            user = request.user
            return bool(user and user.is_authenticated and any(user.has_perm(perm) for perm in perms))

    HasAnyPerm.__name__ = HasAnyPerm.__qualname__ = "HasAnyOf_" + "_".join(p.replace(".", "_") for p in perms)
    return HasAnyPerm
