from datetime import datetime

from django.contrib.auth import authenticate
from ninja import Router, Schema, Status

from .models import ApiToken, NotificationPreference
from .services import notification_preference_set, token_create, token_revoke

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class Error(Schema):
    detail: str


@router.post("/token", auth=None, response={200: TokenOut, 401: Error})
def create_token(request, payload: TokenIn):
    """Exchange a username and password for an API token (shown once; only its hash is kept)."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        return Status(401, {"detail": "wrong username or password"})
    return Status(200, {"token": token_create(user=user, name="api")})


class TokenInfo(Schema):
    prefix: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@router.get("/tokens", response=list[TokenInfo])
def list_tokens(request):
    """The caller's tokens, by prefix (the tokens themselves are never stored)."""
    return list(ApiToken.objects.filter(user=request.user).order_by("-created_at"))


@router.delete("/tokens/{prefix}", response={204: None, 404: Error})
def revoke_token(request, prefix: str):
    """Revoke one of the caller's tokens by its prefix; it stops working at once."""
    if not token_revoke(user=request.user, prefix=prefix):
        return Status(404, {"detail": f"no active token {prefix!r}"})
    return Status(204, None)


class NotificationsIO(Schema):
    email: bool = False
    channels: bool = False


@router.get("/notifications", response=NotificationsIO)
def get_notifications(request):
    """Whether the caller is told by email / on the team's channels when a recording is done or failed."""
    preference = NotificationPreference.objects.filter(user=request.user).first()
    return preference or NotificationsIO()


@router.put("/notifications", response=NotificationsIO)
def set_notifications(request, payload: NotificationsIO):
    return notification_preference_set(user=request.user, email=payload.email, channels=payload.channels)
