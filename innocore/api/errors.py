"""Every API error is JSON with a message a person can read: ``{"detail": ...}``, or field errors.

DRF already answers its own exceptions, Django's 404 and PermissionDenied this way. The services of
the portal raise Django's ValidationError with a message fit to show (a call not open, a deadline
passed): those become 400 with the message, or field errors when the error names fields, never a 500.
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def portal_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": " ".join(str(item) for item in response.data)}
    return response
