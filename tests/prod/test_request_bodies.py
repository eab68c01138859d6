"""Request bodies against a real `voicecrm serve` (server/asgi.py): chunked uploads, the limit counted while a
body streams, and a client that goes away mid-body."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import select
import socket
import time
import uuid

import pytest

from tests.helpers import Api, VoiceCRMServer

MB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = VoiceCRMServer(tmp_path_factory.mktemp("bodies"), embedded_worker=False,
                         env={"VOICECRM_UPLOAD_MAX_MB": "25"}).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def api(server):
    return Api(server.url, server.user_token())


def multipart(content: bytes) -> tuple[bytes, bytes, str]:
    """(envelope head, envelope tail, content type) of a form with one `audio` file part around `content`."""
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="audio"; filename="note.webm"\r\n'
            "Content-Type: audio/webm\r\n\r\n").encode()
    return head, f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def partial_uploads(server: VoiceCRMServer) -> list:
    return list((server.data_dir / "media").glob("audio/*/*/*.upload"))


def test_a_chunked_upload_without_content_length_is_accepted_with_202(api, server, new_client_webm):
    content = new_client_webm.read_bytes()
    head, tail, content_type = multipart(content)
    pieces = [head, *(content[i:i + 16 * 1024] for i in range(0, len(content), 16 * 1024)), tail]
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    # An iterable body and no Content-Length: http.client sends it with Transfer-Encoding: chunked.
    conn.request("POST", "/api/audio/upload", body=iter(pieces), encode_chunked=True,
                 headers={"Authorization": api.session.headers["Authorization"], "Content-Type": content_type})
    answer = conn.getresponse()
    body = answer.read()
    conn.close()
    assert answer.status == 202, body
    record = api.status(json.loads(body)["audio_record_id"])
    assert record["size"] == len(content)
    assert record["sha256"] == hashlib.sha256(content).hexdigest()


def test_a_chunked_body_over_the_limit_is_refused_with_413_before_it_is_all_sent(api, server):
    head, _tail, content_type = multipart(b"")
    piece = os.urandom(MB)
    request = ("POST /api/audio/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Authorization: {api.session.headers['Authorization']}\r\nContent-Type: {content_type}\r\n"
               "Transfer-Encoding: chunked\r\n\r\n").encode() + b"%x\r\n%s\r\n" % (len(head), head)
    sent, offered = 0, 60 * MB  # the limit is 25 MB
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(request)
        while sent < offered and not select.select([sock], [], [], 0)[0]:
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            except (BrokenPipeError, ConnectionResetError):
                break  # refused and closed while we were still sending
            sent += len(piece)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass  # the server closed with our body unread; its answer came before
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 413"), answer[:500]
    assert b"upload limit is 25 MB" in rest and b'"code": "too_large"' in rest
    # Counted while it streamed: the answer came at the limit, not after the 60 MB offered (what is in flight
    # in the two sockets' buffers is a few MB).
    assert sent < 45 * MB, f"{sent / MB:.0f} MB sent before the answer"


def test_a_client_that_goes_away_mid_body_leaves_no_record_and_no_file(api, server, new_client_webm):
    content = new_client_webm.read_bytes()
    before = api.upload(new_client_webm).json()["audio_record_id"]
    head, tail, content_type = multipart(content + os.urandom(4 * MB))
    body = head + content + os.urandom(4 * MB) + tail
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(("POST /api/audio/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      f"Authorization: {api.session.headers['Authorization']}\r\nContent-Type: {content_type}\r\n"
                      f"Content-Length: {len(body)}\r\n\r\n").encode() + body[:len(body) // 2])
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    while partial_uploads(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not partial_uploads(server)
    after = api.upload(new_client_webm).json()["audio_record_id"]
    assert after == before + 1, "the cut upload made a record"


def test_a_recording_downloads_whole(api, server, new_client_webm):
    content = new_client_webm.read_bytes() + os.urandom(MB)
    record_id = api.session.post(api.base + "/api/audio/upload", files={"audio": ("note.webm", content)},
                                 timeout=30).json()["audio_record_id"]
    answer = api.session.get(f"{api.base}/api/audio/{record_id}/file", timeout=30)
    assert answer.status_code == 200
    assert answer.content == content
