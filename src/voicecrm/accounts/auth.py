"""How API callers prove who they are: a bearer token, or the browser's session (with CSRF)."""

from ninja.security import HttpBearer, django_auth

from .services import token_user


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = token_user(key=token)
        if user is not None:
            request.user = user
        return user


api_auth = [BearerToken(), django_auth]
