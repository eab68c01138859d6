"""Webhooks: signed HTTP POSTs of CRM and recording events, delivered by the worker with retries."""
