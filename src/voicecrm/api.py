"""The JSON API under /api/ (OpenAPI at /api/docs).

Every error it answers is JSON ``{"detail", "code"}`` (voicecrm.errors.ErrorOut): the endpoints' own, ninja's
(400 for a malformed request, 401), Django's for a path or method the API does not have (404, 405:
ApiErrorsMiddleware), and an unexpected exception: 500 with `code` "server_error" and a `trace_id` that finds
its traceback in the log. The OpenAPI schema lists every status each operation can return (`openapi_statuses`).
"""

import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from voicecrm.accounts.api import router as auth_router
from voicecrm.accounts.auth import api_auth
from voicecrm.crm.api import router as clients_router
from voicecrm.crm.inbox_api import inbox_router, interactions_router
from voicecrm.crm.merge_api import router as duplicates_router
from voicecrm.crm.search_api import router as search_router
from voicecrm.crm.tasks_api import router as tasks_router
from voicecrm.errors import ErrorOut, ServerErrorOut
from voicecrm.exchange.api import export_router, imports_router
from voicecrm.recordings.api import router as audio_router
from voicecrm.webhooks.api import router as webhooks_router

log = logging.getLogger("voicecrm.api")

# The `code` of an error whose endpoint gave none, by HTTP status.
STATUS_CODES = {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid",
                429: "rate_limited", 500: "server_error", 503: "unavailable", 507: "storage_full"}


def status_code(status: int) -> str:
    """The error code an answer with this HTTP status has when its endpoint named none."""
    return STATUS_CODES.get(status, "client_error" if status < 500 else "server_error")


class ObjectBodyParser(Parser):
    """JSON bodies are objects: every operation's body schema is one (`openapi.json`). ninja would read a list or
    a number sent instead as an object with no field set, and answer 200 with every default; this is a 400."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the JSON body must be an object")
        return data


class VoiceCrmApi(NinjaAPI):
    def create_response(self, request: HttpRequest, data: Any, *, status: int | None = None,
                        temporal_response: HttpResponse | None = None) -> HttpResponse:
        """Every error body carries a `code`: the endpoint's, else one from its status (STATUS_CODES)."""
        if temporal_response is not None:
            status = temporal_response.status_code
        if status is not None and status >= 400 and isinstance(data, dict) and "detail" in data \
                and not data.get("code"):
            data = {**data, "code": status_code(status)}
        return super().create_response(request, data, status=status, temporal_response=temporal_response)

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return openapi_statuses(schema)


api = VoiceCrmApi(title="VoiceCRM", version="1", auth=api_auth, urls_namespace="api", parser=ObjectBodyParser())
api.add_router("/audio", audio_router)
# Before the clients router: its /{client_id} would otherwise take /clients/export.csv.
api.add_router("/clients", export_router)
# Before the clients' router: its /{client_id} would take /duplicates.
api.add_router("/clients", duplicates_router)
api.add_router("/clients", clients_router)
api.add_router("/tasks", tasks_router)
api.add_router("/inbox", inbox_router)
api.add_router("/interactions", interactions_router)
api.add_router("/search", search_router)
api.add_router("/auth", auth_router)
api.add_router("/imports", imports_router)
api.add_router("/webhooks", webhooks_router)


# What a malformed request's field is told, in the caller's language, by pydantic error type (pydantic's own
# messages are English only: https://docs.pydantic.dev/latest/errors/validation_errors/). The `ctx` values a
# message names come from the error. A type not listed keeps pydantic's message.
_VALIDATION_MESSAGES: dict[str, Callable[[dict], str]] = {
    "missing": lambda ctx: _("required"),
    "extra_forbidden": lambda ctx: _("not a field of this request"),
    "json_invalid": lambda ctx: _("the body is not valid JSON"),
    "string_type": lambda ctx: _("text expected"),
    "int_type": lambda ctx: _("a whole number expected"),
    "int_parsing": lambda ctx: _("a whole number expected"),
    "int_from_float": lambda ctx: _("a whole number expected"),
    "float_type": lambda ctx: _("a number expected"),
    "float_parsing": lambda ctx: _("a number expected"),
    "bool_type": lambda ctx: _("true or false expected"),
    "bool_parsing": lambda ctx: _("true or false expected"),
    "dict_type": lambda ctx: _("an object expected"),
    "model_type": lambda ctx: _("an object expected"),
    "model_attributes_type": lambda ctx: _("an object expected"),
    "list_type": lambda ctx: _("a list expected"),
    "date_type": lambda ctx: _("a date expected (YYYY-MM-DD)"),
    "date_parsing": lambda ctx: _("a date expected (YYYY-MM-DD)"),
    "date_from_datetime_parsing": lambda ctx: _("a date expected (YYYY-MM-DD)"),
    "datetime_type": lambda ctx: _("a date and time expected (ISO 8601)"),
    "datetime_parsing": lambda ctx: _("a date and time expected (ISO 8601)"),
    "datetime_from_date_parsing": lambda ctx: _("a date and time expected (ISO 8601)"),
    "url_type": lambda ctx: _("a URL expected"),
    "url_parsing": lambda ctx: _("a URL expected"),
    "url_scheme": lambda ctx: _("a URL expected"),
    "string_too_short": lambda ctx: ngettext("at least %(count)d character", "at least %(count)d characters",
                                             ctx["min_length"]) % {"count": ctx["min_length"]},
    "string_too_long": lambda ctx: ngettext("at most %(count)d character", "at most %(count)d characters",
                                            ctx["max_length"]) % {"count": ctx["max_length"]},
    "too_short": lambda ctx: ngettext("at least %(count)d item", "at least %(count)d items",
                                      ctx["min_length"]) % {"count": ctx["min_length"]},
    "too_long": lambda ctx: ngettext("at most %(count)d item", "at most %(count)d items",
                                     ctx["max_length"]) % {"count": ctx["max_length"]},
    "greater_than": lambda ctx: _("greater than %(limit)s expected") % {"limit": ctx["gt"]},
    "greater_than_equal": lambda ctx: _("%(limit)s or more expected") % {"limit": ctx["ge"]},
    "less_than": lambda ctx: _("less than %(limit)s expected") % {"limit": ctx["lt"]},
    "less_than_equal": lambda ctx: _("%(limit)s or less expected") % {"limit": ctx["le"]},
    "literal_error": lambda ctx: _("one of %(choices)s expected") % {"choices": _choices(ctx["expected"])},
    "enum": lambda ctx: _("one of %(choices)s expected") % {"choices": _choices(ctx["expected"])},
}


def _choices(expected: str) -> str:
    """pydantic's English list of choices ("'open', 'done' or 'all'") in the active language ("'open', 'done'
    ou 'all'"), by Django's get_text_list."""
    choices = re.findall(r"'[^']*'|\d+", expected)
    return get_text_list(choices) if choices else expected


def validation_reason(error: dict) -> str:
    """One pydantic error (``{"type", "loc", "msg", "ctx"?}``, as ninja's ValidationError lists them) as
    "field: why", in the active language: "title: text expected", "due: a date expected (YYYY-MM-DD)". The
    location drops ninja's "body"/"query"/"path" and payload-parameter prefixes; a type without a message of
    ours (:data:`_VALIDATION_MESSAGES`) keeps pydantic's English one."""
    loc = [str(part) for part in error.get("loc", ())]
    while len(loc) > 1 and loc[0] in ("body", "query", "path", "form", "file", "header", "cookie", "payload",
                                      "data", "filters"):
        loc = loc[1:]
    message = _VALIDATION_MESSAGES.get(error.get("type", ""))
    try:
        why = message(error.get("ctx") or {}) if message else error.get("msg", "")
    except KeyError:  # a context without the value the message names
        why = error.get("msg", "")
    return f"{'.'.join(loc)}: {why}" if loc else why


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """Malformed requests get 400 with a readable reason in the caller's language, as every other client error
    does; `errors` keeps pydantic's own list (English, for programs)."""
    reasons = "; ".join(validation_reason(e) for e in exc.errors)
    return api.create_response(request, {"detail": _("invalid request: %(reasons)s") % {"reasons": reasons},
                                         "code": "invalid", "errors": exc.errors}, status=400)


@api.exception_handler(MultiPartParserError)
def malformed_multipart(request, exc: MultiPartParserError):
    """A broken multipart body is the client's error: 400 in JSON, like every other."""
    return api.create_response(request, {"detail": _("malformed multipart body: %(reason)s; send the recording "
                                                     "as multipart/form-data with the field 'audio'")
                                         % {"reason": exc}, "code": "malformed_body"}, status=400)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """ninja's own refusals (401 without valid credentials, 403 CSRF, 429), with a code and in the caller's
    language."""
    detail = {401: _("authentication required: send 'Authorization: Bearer <token>' (POST /api/auth/token) "
                     "or log in")}.get(exc.status_code, str(exc))
    if str(exc).startswith("Cannot parse request body"):
        detail = _("the request body could not be read: send a JSON object")
    return api.create_response(request, {"detail": detail, "code": status_code(exc.status_code)},
                               status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"detail": _("not found"), "code": "not_found"}, status=404)


@api.exception_handler(SuspiciousOperation)
def suspicious(request, exc: SuspiciousOperation):
    """What Django refuses to read (a form over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields): 400, as Django
    answers it outside the API, in JSON."""
    log.warning("%s %s refused: %s", request.method, request.path, exc)
    if isinstance(exc, RequestDataTooBig):
        detail, code = _("the request's form fields are too large"), "request_too_large"
    else:
        detail, code = _("the request was refused as malformed"), "invalid"
    return api.create_response(request, {"detail": detail, "code": code}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": _("permission denied"), "code": "forbidden"}, status=403)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def out_of_range(request, exc: Exception):
    """A number the database cannot hold (an id or offset of 2**63 or more) or a value it refuses: the caller's
    error, 400, not a 500."""
    log.info("%s %s: value refused by the database: %s", request.method, request.path, exc)
    return api.create_response(request, {"detail": _("a number or value in the request is out of range"),
                                         "code": "out_of_range"}, status=400)


@api.exception_handler(Exception)
def server_error(request, exc: Exception):
    """Anything unexpected: logged with its traceback under a trace id, answered as JSON 500 with that id —
    unless the request carried a whole number no database column holds (the database's own refusal of it
    differs by engine: OverflowError, "datatype mismatch", "out of range"): that is the caller's 400."""
    if _has_huge_number(request):
        return out_of_range(request, exc)
    return server_error_response(request, exc)


def _has_huge_number(request: HttpRequest) -> bool:
    """Whether a query parameter or path segment is an integer outside the signed 64-bit range."""
    values = [*request.GET.values(), *request.path.split("/")]
    return any(value.strip().lstrip("+-").isdigit() and abs(int(value)) >= 2 ** 63 for value in values
               if len(value) < 4300)


def server_error_response(request: HttpRequest, exc: BaseException) -> JsonResponse:
    """The JSON 500 of an unexpected exception, logged with its traceback under a new trace id."""
    trace_id = uuid.uuid4().hex[:16]
    log.error("trace_id=%s %s %s failed", trace_id, request.method, request.get_full_path()[:300], exc_info=exc)
    return JsonResponse({"detail": _("an unexpected error occurred on the server; it was logged under the trace "
                                     "id %(trace_id)s: give it to your administrator") % {"trace_id": trace_id},
                         "code": "server_error", "trace_id": trace_id}, status=500)


def _error_ref(name: str) -> dict:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


_STATUS_TEXT = {400: "Invalid request (a parameter, a field or the body)", 401: "No valid token or session",
                404: "Not found", 500: "Unexpected server error (logged under its trace_id)"}


def openapi_statuses(schema: dict) -> dict:
    """Add to every operation the statuses any operation may answer, which its endpoint does not list: 401 when
    it needs authentication, 400 when it takes parameters or a body (validation, out-of-range numbers), 404 when
    its path has parameters (an unknown id, or a value the path does not accept), 500 everywhere; all with the
    error schema. Returns `schema`, changed in place."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorOut, ServerErrorOut):
        components.setdefault(model.__name__, model.model_json_schema(ref_template="#/components/schemas/{model}"))
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "put", "post", "delete", "patch", "head", "options", "trace"):
                continue
            responses = operation.setdefault("responses", {})
            statuses = {500: "ServerErrorOut"}
            if operation.get("security"):
                statuses[401] = "ErrorOut"
            if operation.get("parameters") or operation.get("requestBody"):
                statuses[400] = "ErrorOut"
            if "{" in path:
                statuses[404] = "ErrorOut"
            for status, model in statuses.items():
                if status not in responses and str(status) not in responses:
                    responses[status] = {"description": _STATUS_TEXT[status], **_error_ref(model)}
    return schema


class ApiErrorsMiddleware:
    """Under /api/, what Django answers itself — an unknown path (404), a method the path does not take (405), an
    exception outside the API's views — is JSON ``{"detail", "code"}`` too (settings.MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400 \
                or response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        detail = {404: _("no such API path: %(path)s (see /api/docs)") % {"path": request.path[:200]},
                  405: _("method %(method)s is not allowed on %(path)s; allowed: %(allowed)s")
                  % {"method": request.method, "path": request.path[:200], "allowed": response.get("Allow", "")},
                  }.get(status, str(getattr(response, "reason_phrase", "")) or str(status))
        answer = JsonResponse({"detail": detail, "code": status_code(status)}, status=status)
        for header in ("Allow", "Retry-After"):
            if response.has_header(header):
                answer[header] = response[header]
        return answer

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not request.path.startswith("/api/"):
            return None
        return server_error_response(request, exc)
