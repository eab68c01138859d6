import pytest
from django.test import Client as HttpClient

from voicecrm.accounts.services import token_create


@pytest.fixture
def bob_api(bob):
    client = HttpClient()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_create(user=bob)}"
    return client


# The browser tests' Playwright driver, shared with tests/web/.
from tests.web.conftest import playwright_driver  # noqa: E402, F401
