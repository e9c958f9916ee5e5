"""Production's static files: collectstatic with the manifest storage, then pages with DEBUG off.

Without a complete manifest every page using `{% static %}` answers 500 in production, and
`check --deploy` does not notice; this runs what an operator runs.
"""

import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(settings, tmp_path):
    settings.STORAGES = MANIFEST_STORAGES
    settings.STATIC_ROOT = tmp_path / "static"
    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", "--noinput", verbosity=0)
    return json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]


def test_collectstatic_with_the_manifest_covers_the_vendored_files(collected):
    for name in ("vendor/chart.umd.min.js", "vendor/bootstrap.min.css", "vendor/htmx.min.js"):
        assert name in collected, name
        assert collected[name] != name  # hashed name, cacheable for a year


def test_pages_render_with_hashed_static_names(client, staff, collected):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert f"/static/{collected['vendor/bootstrap.min.css']}" in response.text
    client.force_login(staff)
    assert client.get("/", follow=True).status_code == 200
