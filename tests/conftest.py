import pytest

from tests.fake_openai import FakeOpenAI
from tests.helpers import make_speech

NEW_CLIENT = ("Hi, my name is Robert Miller, I am 42 years old. I live in Denver and I work at Redwood "
              "as an account manager.")
MOVED = "He moved to Seattle."


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="session")
def new_client_webm(speech_dir):
    """An English recording that introduces a new client, encoded as browsers upload it."""
    return make_speech(NEW_CLIENT, speech_dir / "new-client", fmt="webm")


@pytest.fixture(scope="session")
def moved_webm(speech_dir):
    """An update recorded on a client's page: it names no one and changes only the city."""
    return make_speech(MOVED, speech_dir / "moved", fmt="webm")


@pytest.fixture(scope="session")
def silence_wav(speech_dir):
    import wave

    path = speech_dir / "silence.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\0\0" * 16000 * 3)
    return path


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="pw-alice-123")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password="pw-bob-123")


@pytest.fixture
def alice_api(client, alice):
    from voicecrm.accounts.services import token_create

    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_create(user=alice)}"
    return client


@pytest.fixture(scope="module")
def fake_openai():
    """An OpenAI-compatible transcription server on loopback whose behaviour a test switches."""
    fake = FakeOpenAI()
    yield fake
    fake.close()
