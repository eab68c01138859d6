"""deploy/: the compose file, the systemd units and the supervisor program are well-formed and agree with
what the code expects (Docker cannot run here, so the compose file is checked, not started); production
settings pass Django's deployment checks."""

import configparser
import subprocess
import sys

import pytest
import yaml

from tests.helpers import ROOT

DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def _seconds(value: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    return float(value[:-1]) * units[value[-1]] if value[-1] in units else float(value)


def test_compose_has_web_two_workers_postgresql_and_redis(compose):
    services = compose["services"]
    assert {"web", "worker", "postgres", "redis"} <= set(services)
    assert services["worker"]["deploy"]["replicas"] == 2
    assert services["worker"]["command"][:2] == ["voicecrm", "worker"]
    assert "--no-worker" in services["web"]["command"]
    for name in ("web", "worker", "migrate"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql://") and "@postgres:" in env["DATABASE_URL"]
        assert env["VOICECRM_QUEUE_URL"].startswith("redis://redis:")
        assert env["VOICECRM_PRODUCTION"] == "1"
        assert "voicecrm-data:/data" in services[name]["volumes"]


def test_compose_references_only_what_it_defines(compose):
    services = compose["services"]
    for name, service in services.items():
        assert "image" in service or "build" in service, name
        for dependency in service.get("depends_on", {}):
            assert dependency in services, (name, dependency)
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                assert source in compose["volumes"], (name, source)
    build = services["web"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).is_file()
    assert "requirements.lock" in (DEPLOY / build["context"] / build["dockerfile"]).read_text()


def test_compose_gives_a_stopping_worker_time_to_finish_its_job(compose):
    worker = compose["services"]["worker"]
    assert worker["stop_signal"] == "SIGTERM"
    assert _seconds(worker["stop_grace_period"]) > float(worker["environment"]["VOICECRM_SHUTDOWN_TIMEOUT"])


def test_systemd_worker_unit_stops_gracefully_and_restarts():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(DEPLOY / "systemd" / "voicecrm-worker@.service")
    service = unit["Service"]
    assert "voicecrm worker" in service["ExecStart"]
    assert service["KillSignal"] == "SIGTERM" and service["Restart"] == "always"
    shutdown = float(service["Environment"].split("VOICECRM_SHUTDOWN_TIMEOUT=")[-1])
    assert float(service["TimeoutStopSec"]) > shutdown
    web = configparser.ConfigParser(strict=False, interpolation=None)
    web.read(DEPLOY / "systemd" / "voicecrm-web.service")
    assert "--no-worker" in web["Service"]["ExecStart"]


def test_supervisor_runs_two_workers_that_stop_gracefully_and_restart():
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(DEPLOY / "supervisor" / "voicecrm.conf")
    worker = conf["program:voicecrm-worker"]
    assert "exec /srv/voicecrm/.venv/bin/voicecrm worker" in worker["command"]
    assert worker["numprocs"] == "2" and worker["autorestart"] == "true" and worker["stopsignal"] == "TERM"
    assert "%(process_num)" in worker["process_name"]
    assert int(worker["stopwaitsecs"]) > 60


def _voicecrm(env: dict, tmp_path, *args: str) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "voicecrm.cli", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "VOICECRM_DATA_DIR": str(tmp_path), **env})


def test_production_settings_pass_check_deploy(tmp_path):
    env = {"VOICECRM_PRODUCTION": "1", "VOICECRM_ALLOWED_HOSTS": "crm.example.com"}
    checked = _voicecrm(env, tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout
    shown = _voicecrm(env, tmp_path, "shell", "-c", "from django.conf import settings as s; print("
                      "s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
                      "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.DEBUG, "
                      "s.PASSWORD_HASHERS[0].rsplit('.', 1)[1])")
    assert shown.stdout.strip().splitlines()[-1].split() == ["True", "True", "Lax", "True", "True", "True", "False",
                                    "Argon2PasswordHasher"]


def test_development_settings_are_what_check_deploy_warns_about(tmp_path):
    checked = _voicecrm({"VOICECRM_PRODUCTION": "0"}, tmp_path, "check", "--deploy")
    assert "SESSION_COOKIE_SECURE" in checked.stdout + checked.stderr
