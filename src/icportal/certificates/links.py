"""Absolute links for e-mails (reference numbers in URLs, never database ids)."""

from django.conf import settings
from django.urls import reverse


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def application_link(application) -> str:
    return _absolute(reverse("certificates:application", kwargs={"slug": application.slug}))


def certificate_link(certificate) -> str:
    return _absolute(reverse("certificates:certificate", kwargs={"slug": certificate.slug}))
