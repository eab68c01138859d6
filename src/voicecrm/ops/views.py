"""GET /health and GET /metrics: plain views, outside the API's authentication."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from .health import health_report
from .metrics import metrics_text


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database, the queue, a worker and the disk are fine; 503 with the failing checks."""
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if settings.METRICS_TOKEN:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), settings.METRICS_TOKEN.encode()):
            return JsonResponse({"detail": "metrics need Authorization: Bearer <VOICECRM_METRICS_TOKEN>"},
                                status=401)
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
