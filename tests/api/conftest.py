import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """Requests in French leave French active in the test's thread (LocaleMiddleware activates, nothing
    deactivates): later tests that run a job outside a request would speak it."""
    yield
    translation.deactivate()
