from django.contrib.auth import authenticate
from ninja import Router, Schema, Status

from .services import token_create

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
