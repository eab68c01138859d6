from datetime import datetime

from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import StrictBool

from voicecrm.errors import ErrorOut

from .models import ApiToken, NotificationPreference
from .selectors import (
    calendar_secret_get,
    user_phone_region,
    user_phone_region_choice,
    user_reviews_before_apply,
    user_time_zone,
)
from .services import (
    InvalidPhoneRegionError,
    InvalidTimeZoneError,
    calendar_secret_revoke,
    calendar_secret_rotate,
    notification_preference_set,
    phone_region_set,
    review_before_apply_set,
    token_create,
    token_revoke_id,
    user_settings_set,
)

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


Error = ErrorOut


@router.post("/token", auth=None, response={200: TokenOut, 401: Error})
def create_token(request, payload: TokenIn):
    """Exchange a username and password for an API token (shown once; only its hash is kept)."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        return Status(401, {"detail": _("wrong username or password"), "code": "wrong_credentials"})
    return Status(200, {"token": token_create(user=user, name="api")})


class TokenInfo(Schema):
    id: int = Field(description="what DELETE /api/auth/tokens/{token_id} takes")
    prefix: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@router.get("/tokens", response=list[TokenInfo])
def list_tokens(request):
    """The caller's tokens: `id` (to revoke one), `prefix` (to recognise it; the tokens themselves are never
    stored)."""
    return list(ApiToken.objects.filter(user=request.user).order_by("-created_at"))


@router.delete("/tokens/{token_id}", response={204: None, 404: Error})
def revoke_token(request, token_id: int):
    """Revoke one of the caller's tokens by its `id` (as listed); it stops working at once. 204; 404 (`not_found`)
    unless it is an active token of the caller's — a prefix, or any other partial id, revokes nothing."""
    if not token_revoke_id(user=request.user, token_id=token_id):
        return Status(404, {"detail": _("no active token %(id)s of yours") % {"id": token_id}, "code": "not_found"})
    return Status(204, None)


class NotificationsIO(Schema):
    email: bool = False
    channels: bool = False
    digest: bool = False


class NotificationsIn(Schema):
    # Strict: 0, 1 or "yes" are refused (400), not read as booleans.
    email: StrictBool = False
    channels: StrictBool = False
    digest: StrictBool | None = None


@router.get("/notifications", response=NotificationsIO)
def get_notifications(request):
    """Whether the caller is told by email / on the team's channels when a recording is done or failed, and
    whether they get a morning digest of the day's tasks by those channels (`digest`)."""
    preference = NotificationPreference.objects.filter(user=request.user).first()
    return preference or NotificationsIO()


@router.put("/notifications", response=NotificationsIO)
def set_notifications(request, payload: NotificationsIn):
    """Set the choices; `digest` left out stays as it was."""
    return notification_preference_set(user=request.user, email=payload.email, channels=payload.channels,
                                       digest=payload.digest)


class SettingsOut(Schema):
    time_zone: str
    review_before_apply: bool = Field(description="every recording waits as a proposal the user accepts, edits "
                                                  "or rejects (POST /api/audio/{id}/proposal) before it is applied")
    phone_region: str = Field(description="ISO 3166-1 alpha-2 region (FR, US) of phone numbers typed or said "
                                          "without a country code, and of those shown in national format")
    phone_region_chosen: bool = Field(description="false: phone_region follows the UI language (fr → FR, "
                                                  "en → US), else the server's VOICECRM_DEFAULT_REGION")


class SettingsIn(Schema):
    time_zone: str | None = None
    review_before_apply: StrictBool | None = None
    phone_region: str | None = Field(None, description='a two-letter region ("US"); "" follows the UI language')


@router.get("/settings", response=SettingsOut)
def get_settings(request):
    """The caller's settings: `time_zone`, the IANA zone their spoken dates are read and shown in (their own
    choice, else the server's VOICECRM_TIME_ZONE); `review_before_apply`; `phone_region` (their choice, else
    from the request's language, else VOICECRM_DEFAULT_REGION)."""
    return {"time_zone": user_time_zone(user=request.user).key,
            "review_before_apply": user_reviews_before_apply(user=request.user),
            "phone_region": user_phone_region(user=request.user, language=get_language()),
            "phone_region_chosen": bool(user_phone_region_choice(user=request.user))}


@router.patch("/settings", response={200: SettingsOut, 400: Error})
def patch_settings(request, payload: SettingsIn):
    """Set what is given: the caller's time zone (an IANA name such as "Europe/Paris"; anything else: 400),
    whether they review every recording before it is applied, their phone region (a two-letter region
    libphonenumber knows, or "" to follow the UI language; anything else: 400)."""
    if payload.time_zone is not None:
        try:
            user_settings_set(user=request.user, time_zone=payload.time_zone)
        except InvalidTimeZoneError as exc:
            return Status(400, {"detail": str(exc)})
    if payload.review_before_apply is not None:
        review_before_apply_set(user=request.user, enabled=payload.review_before_apply)
    if payload.phone_region is not None:
        try:
            phone_region_set(user=request.user, region=payload.phone_region)
        except InvalidPhoneRegionError as exc:
            return Status(400, {"detail": str(exc)})
    return Status(200, get_settings(request))


class CalendarFeedOut(Schema):
    url: str | None


def _feed_url(request, secret: str | None) -> str | None:
    return request.build_absolute_uri(reverse("calendar_feed", args=[secret])) if secret else None


@router.get("/calendar-feed", response=CalendarFeedOut)
def get_calendar_feed(request):
    """The caller's secret iCalendar URL of their open tasks, or null when they have none."""
    return {"url": _feed_url(request, calendar_secret_get(user=request.user))}


@router.post("/calendar-feed", response={201: CalendarFeedOut})
def create_calendar_feed(request):
    """A new secret calendar URL; the previous one, if any, stops working at once."""
    return Status(201, {"url": _feed_url(request, calendar_secret_rotate(user=request.user))})


@router.delete("/calendar-feed", response={204: None})
def revoke_calendar_feed(request):
    """Revoke the caller's calendar URL (it answers 404 from now on); 204 even when there was none."""
    calendar_secret_revoke(user=request.user)
    return Status(204, None)
