"""Browser-test helpers: Debian's Chromium with a fake microphone, users, logins, screenshots."""

from __future__ import annotations

import re
import subprocess
import time
import wave
from pathlib import Path

from playwright.sync_api import expect

from tests.helpers import ROOT, VOICECRM, make_speech

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "correct horse battery"
WIDTHS = {"phone": 375, "desktop": 1280}

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--use-fake-device-for-media-stream"]


def launch(driver, *, speech: Path | None = None, allow_microphone: bool = True):
    """Chromium whose microphone plays `speech` once; without `allow_microphone` the site is refused it."""
    args = list(CHROMIUM_ARGS)
    if allow_microphone:
        args.append("--use-fake-ui-for-media-stream")
    if speech is not None:
        args.append(f"--use-file-for-fake-audio-capture={speech}%noloop")
    return driver.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=args)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def speech_wav(directory: Path, name: str, text: str) -> Path:
    return make_speech(text, directory / name, fmt="wav")


def expect_job_ends(card, done: str, *, timeout: float) -> None:
    """Wait (``timeout`` in ms) for the job on the recorder's ``card`` to end, and check it ended with the status
    ``done``. A job held for review ("⚠️") or failed ("❌") fails the test as soon as it is shown, with the card's
    text (what was heard, and why), instead of after the whole timeout: what the speech model hears from an
    espeak-ng clip depends on the CPU (README, "Trust"). For a recording's first run only:
    a card re-run on corrected text still shows its earlier outcome when the wait begins."""
    status = card.locator(".job-status")
    expect(status).to_have_text(re.compile(re.escape(done) + "|⚠️|❌"), timeout=timeout)
    assert status.inner_text().strip() == done, card.inner_text()


def create_user(server, username: str, *, staff: bool) -> None:
    """A superuser through `createsuperuser --noinput`, or a plain user through `voicecrm shell -c`."""
    if staff:
        env = {**server.env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
        subprocess.run([*VOICECRM, "createsuperuser", "--noinput", "--username", username,
                        "--email", f"{username}@example.com"], env=env, check=True, capture_output=True)
    else:
        code = ("from django.contrib.auth import get_user_model; "
                f"get_user_model().objects.create_user({username!r}, password={PASSWORD!r})")
        subprocess.run([*VOICECRM, "shell", "-c", code], env=server.env, check=True, capture_output=True)


def log_in(page, server, username: str) -> None:
    page.goto(server.url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(server.url + "/")


def screenshot(page, name: str) -> None:
    """The page at a phone width and a desktop width, into test-artifacts/screenshots/NAME-WIDTH.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(200)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(original)


def no_horizontal_scroll(page) -> bool:
    """At a phone width nothing should stick out sideways."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def watch(page, dialogs: list) -> None:
    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: dialogs.append(f"page error: {error}"))


def record(page, wav, recorder="[data-recorder]") -> None:
    """Press Start, let the fake microphone play the whole sentence, press Stop."""
    root = page.locator(recorder)
    button = root.locator("[data-record]")
    expect(button).to_have_text("Démarrer l'enregistrement")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_text("Arrêter l'enregistrement")
    expect(root.locator("[data-timer]")).to_be_visible()
    started = page.evaluate("performance.now()")
    # While the speech plays, the level meter moves and the timer counts. Polled from here: Playwright's
    # wait_for_function polls with eval() in the page, which the app's Content-Security-Policy forbids (it
    # passed only when the meter had already moved at the first look).
    level = f"document.querySelector('{recorder} [data-level]').value"
    deadline = time.monotonic() + 10
    while page.evaluate(level) <= 0.02:
        assert time.monotonic() < deadline, "the level meter never moved while the fake microphone played"
        page.wait_for_timeout(50)
    expect(root.locator("[data-timer]")).not_to_have_text("00:00", timeout=5_000)
    elapsed = page.evaluate("performance.now()") - started
    page.wait_for_timeout(max(0, int(wav_seconds(wav) * 1000 + 1200 - elapsed)))
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(root.locator("[data-timer]")).to_be_hidden()


def steps(card) -> list[str]:
    return [re.sub(r"\s+[\d.]+ s$", "", text) for text in card.locator(".job-steps li").all_inner_texts()]
