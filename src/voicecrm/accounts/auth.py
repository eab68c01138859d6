"""How API callers prove who they are: a bearer token, or the browser's session (with CSRF)."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from .services import token_user


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = token_user(key=token)
        if user is not None:
            request.user = user
        return user


class BrowserSession(SessionAuth):
    """Django's session, with its CSRF check, for a logged-in browser only.

    Django Ninja checks CSRF before it looks at the session, so a caller with neither a token nor a session got
    403 "CSRF check Failed"; it gets 401 now, as the API promises, and a logged-in browser is still CSRF-checked.
    A request that carries an `Authorization` header is judged by it alone: a wrong token is 401 even when the
    same client also has a session cookie (never a CSRF 403, never the session's user).
    """

    def __call__(self, request: HttpRequest) -> object | None:
        if not request.user.is_authenticated or request.headers.get("Authorization"):
            return None
        return super().__call__(request)


api_auth = [BearerToken(), BrowserSession()]
