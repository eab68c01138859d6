"""Reading clients, always through the owner: a user never sees another user's clients."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from .models import Client

SORTABLE = {"first_name", "last_name", "age", "email", "phone", "city", "company", "job_title", "budget",
            "created_at", "updated_at"}


def clients_for_user(*, user: AbstractBaseUser, search: str = "", order: str = "-updated_at") -> QuerySet[Client]:
    """The user's clients whose name, company, city, email or phone contain every word of `search` (any case),
    ordered by a SORTABLE field (``-`` for descending; anything else: most recently updated first)."""
    clients = Client.objects.filter(owner=user)
    # NUL cannot be stored, so it cannot match; PostgreSQL would refuse the query.
    for word in search.replace("\x00", " ").split():
        clients = clients.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)
                                 | Q(company__icontains=word) | Q(city__icontains=word)
                                 | Q(email__icontains=word) | Q(phone__icontains=word))
    if order.lstrip("-") not in SORTABLE:
        order = "-updated_at"
    return clients.order_by(order, "-id")


def client_get(*, user: AbstractBaseUser, client_id: int) -> Client | None:
    """The user's client `client_id`, or None for an unknown id or another user's client (the API's 404)."""
    return Client.objects.filter(owner=user, pk=client_id).first()
