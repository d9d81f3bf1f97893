"""Request limits per client address (anonymous) and per account, counted in the shared cache (Redis).

DRF's throttles copy the rates when their module is imported; these read ``REST_FRAMEWORK`` each time,
so that a changed setting (a test, a reload) takes effect.
"""
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _CurrentRates:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class PortalAnonThrottle(_CurrentRates, AnonRateThrottle):
    pass


class PortalUserThrottle(_CurrentRates, UserRateThrottle):
    pass
