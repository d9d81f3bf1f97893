from .application import Application, ApplicationStatus

__all__ = ["Application", "ApplicationStatus"]
