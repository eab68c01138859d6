"""Pages for clients by hand, duplicates and search: a new client's form, the possible duplicates, the merge
screen, and the search results. Thin: they validate, call one crm service or selector, and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voicecrm.crm.matching import IDENTIFYING_FIELDS
from voicecrm.crm.merge import OTHER, THIS, MergeError, clients_merge, clients_possible_duplicates
from voicecrm.crm.models import CLIENT_FIELDS
from voicecrm.crm.schemas import InvalidFieldsError, client_fields_clean
from voicecrm.crm.search import SearchQueryError, search
from voicecrm.crm.search_api import hit_url
from voicecrm.crm.selectors import client_get
from voicecrm.crm.services import client_create

from .views import FIELD_LABELS, _phone_region, _render

REASON_LABELS = {"email": gettext_lazy("same email"), "phone": gettext_lazy("same phone"),
                 "name": gettext_lazy("same name"), "name_contained": gettext_lazy("one name contains the other")}


@login_required
def client_new(request: HttpRequest) -> HttpResponse:
    """A client typed by hand: the fields of POST /api/clients, validated the same way; on success its page."""
    values = {name: request.POST.get(name, "").strip() for name in CLIENT_FIELDS} if request.method == "POST" else {}
    error = ""
    if request.method == "POST":
        try:
            fields = client_fields_clean({name: value for name, value in values.items() if value},
                                         phone_region=_phone_region(request))
        except InvalidFieldsError as exc:
            error = _("The client was not saved: %(reason)s") % {"reason": exc}
        else:
            if any(fields.get(name) for name in IDENTIFYING_FIELDS):
                client = client_create(owner=request.user, fields=fields)
                return redirect(reverse("client_detail", args=[client.pk]) + "?created=1")
            error = _("Give at least a first name, a last name, an email, a phone or a company.")
    form = [{"name": name, "label": FIELD_LABELS[name], "value": values.get(name, "")} for name in CLIENT_FIELDS]
    response = _render(request, "web/client_form.html", {"form": form, "error": error})
    if error:
        response.status_code = 400
    return response


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    """The possible duplicates: pairs of clients that may be one person, why, and a link to merge them."""
    pairs = clients_possible_duplicates(user=request.user)
    return _render(request, "web/duplicates.html", {
        "pairs": [{"pair": pair, "reasons": [REASON_LABELS[r] for r in pair.reasons]} for pair in pairs]})


def _merge_rows(survivor, other) -> list[dict]:
    rows = []
    for name in CLIENT_FIELDS:
        mine, theirs = getattr(survivor, name), getattr(other, name)
        mine_text, theirs_text = "" if mine is None else str(mine), "" if theirs is None else str(theirs)
        rows.append({"name": name, "label": FIELD_LABELS[name], "this": mine_text, "other": theirs_text,
                     "differs": mine_text != theirs_text and bool(theirs_text),
                     "default": THIS if mine_text or not theirs_text else OTHER})
    return rows


@login_required
def client_merge(request: HttpRequest, client_id: int, other_id: int) -> HttpResponse:
    """The merge screen: the two clients side by side, a choice per differing field; POST merges `other_id` into
    `client_id` (crm.merge.clients_merge) once the user confirmed, then shows the survivor."""
    survivor = client_get(user=request.user, client_id=client_id)
    other = client_get(user=request.user, client_id=other_id)
    if survivor is None or other is None or survivor.pk == other.pk:
        raise Http404("no such pair of clients")
    error = ""
    if request.method == "POST":
        choices = {name: request.POST[name] for name in CLIENT_FIELDS if request.POST.get(name) in (THIS, OTHER)}
        if request.POST.get("confirm") != "yes":
            error = _("Tick the box to confirm the merge.")
        else:
            try:
                clients_merge(survivor=survivor, other=other, choices=choices, user=request.user)
            except MergeError as exc:
                error = _("The clients were not merged: %(reason)s") % {"reason": exc}
            else:
                return redirect(reverse("client_detail", args=[survivor.pk]) + f"?merged={other_id}")
    response = _render(request, "web/merge.html", {"client": survivor, "other": other, "error": error,
                                                    "rows": _merge_rows(survivor, other)})
    if error:
        response.status_code = 400
    return response


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """Search what was said (the header's box): client cards, transcripts and notes, with links to the client and
    the moment on its timeline."""
    q = request.GET.get("q", "").strip()
    results, error = [], ""
    if q:
        try:
            results = [{"hit": hit, "url": hit_url(hit)} for hit in search(user=request.user, q=q, limit=100)]
        except SearchQueryError:
            error = _("Type at least one word to search for (at most 500 characters).")
    return _render(request, "web/search.html", {"q": q, "results": results, "error": error})
