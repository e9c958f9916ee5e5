"""Operations endpoints for the proxy and Prometheus: no login, no private data."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from icportal.common import metrics
from icportal.operations import health


@never_cache
@require_GET
def healthz(request):
    answer = health.report()
    return JsonResponse(answer, status=200 if answer["status"] == "ok" else 503)


@never_cache
@require_GET
def metrics_view(request):
    return metrics.metrics_view(request, queue_depths=health.queue_depths)
