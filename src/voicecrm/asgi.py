"""The ASGI application, with oversized uploads refused before their body is read."""

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voicecrm.settings")

from django.conf import settings  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

django_application = get_asgi_application()


async def application(scope, receive, send):
    # Django's ASGI handler spools the whole body before any view runs; refuse a too-large
    # upload from its Content-Length alone.
    if scope["type"] == "http" and scope["method"] == "POST":
        length = dict(scope.get("headers") or []).get(b"content-length")
        limit = settings.UPLOAD_MAX_MB * 1024 * 1024 + 64 * 1024
        if length and length.isdigit() and int(length) > limit:
            body = json.dumps({"detail": f"the request is {int(length) / 1048576:.1f} MB; the upload limit is "
                                         f"{settings.UPLOAD_MAX_MB:g} MB"}).encode()
            await send({"type": "http.response.start", "status": 413,
                        "headers": [(b"content-type", b"application/json"), (b"connection", b"close")]})
            await send({"type": "http.response.body", "body": body})
            return
    await django_application(scope, receive, send)
