"""The JSON API under /api/ (OpenAPI at /api/docs)."""

from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import ValidationError

from voicecrm.accounts.api import router as auth_router
from voicecrm.accounts.auth import api_auth
from voicecrm.crm.api import router as clients_router
from voicecrm.crm.inbox_api import inbox_router, interactions_router
from voicecrm.crm.merge_api import router as duplicates_router
from voicecrm.crm.search_api import router as search_router
from voicecrm.crm.tasks_api import router as tasks_router
from voicecrm.exchange.api import export_router, imports_router
from voicecrm.recordings.api import router as audio_router
from voicecrm.webhooks.api import router as webhooks_router

api = NinjaAPI(title="VoiceCRM", version="1", auth=api_auth, urls_namespace="api")
api.add_router("/audio", audio_router)
# Before the clients' router: its /{client_id} would take /duplicates.
api.add_router("/clients", duplicates_router)
# Before the clients router: its /{client_id} would otherwise take /clients/export.csv.
api.add_router("/clients", export_router)
api.add_router("/clients", clients_router)
api.add_router("/tasks", tasks_router)
api.add_router("/inbox", inbox_router)
api.add_router("/interactions", interactions_router)
api.add_router("/search", search_router)
api.add_router("/auth", auth_router)
api.add_router("/imports", imports_router)
api.add_router("/webhooks", webhooks_router)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """Malformed requests get 400 with a readable reason, as every other client error does."""
    reasons = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg', '')}" for e in exc.errors)
    return api.create_response(request, {"detail": f"invalid request: {reasons}", "errors": exc.errors},
                               status=400)


@api.exception_handler(MultiPartParserError)
def malformed_multipart(request, exc: MultiPartParserError):
    """A broken multipart body is the client's error: 400 in JSON, like every other."""
    return api.create_response(request, {"detail": f"malformed multipart body: {exc}; send the recording as "
                                                   "multipart/form-data with the field 'audio'"}, status=400)
