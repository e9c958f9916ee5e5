"""The sandbox renders its pages with its own template engine.

The project's TEMPLATES carry icportal's context processors (navigation with icportal URLs), which
do not exist when the sandbox runs alone (`icportal sandbox`); a private engine keeps the sandbox's
pages independent of icportal.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.http import HttpResponse
from django.template import Engine, RequestContext

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine(
        dirs=[str(_TEMPLATES)],
        libraries={"static": "django.templatetags.static"},
        autoescape=True,
    )


def render(request, name: str, context: dict | None = None, *, status: int = 200):
    template = engine().get_template(f"icegate_sandbox/{name}")
    return HttpResponse(template.render(RequestContext(request, context or {})), status=status)
