"""The calendar feed: a plain view, without login, whose URL's secret is the credential."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from voicecrm.accounts.selectors import calendar_feed_user

from .ical import tasks_calendar


@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """``GET /calendar/<secret>.ics``: the open tasks of the user whose secret it is, as text/calendar;
    404 for an unknown or revoked secret."""
    user = calendar_feed_user(secret=secret)
    if user is None:
        raise Http404("no such calendar")
    response = HttpResponse(tasks_calendar(user=user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="voicecrm-tasks.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
