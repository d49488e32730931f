"""The two SMS gateways behind ``QIZHI_SMS_GATEWAY``: the development one logs, the HTTP adapter posts JSON
with its bearer token to ``QIZHI_SMS_URL`` and fails loudly (an ``OSError``, which the delivery task records
and tries again) when the platform does not answer 2xx. The platform here is a local HTTP server."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from qizhi.core import channels


class Platform(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 200

    def do_POST(self):  # the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(
            {"auth": self.headers["Authorization"], "type": self.headers["Content-Type"], "body": json.loads(body)}
        )
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def platform(settings):
    Platform.received, Platform.status = [], 200
    server = HTTPServer(("127.0.0.1", 0), Platform)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.QIZHI_SMS_GATEWAY = "qizhi.core.channels.HttpSmsGateway"
    settings.QIZHI_SMS_URL = f"http://127.0.0.1:{server.server_port}/sms"
    settings.QIZHI_SMS_TOKEN = "token-123"
    yield Platform
    server.shutdown()
    server.server_close()


def test_the_http_gateway_posts_the_message_with_its_token(platform):
    channels.gateway().send("13800000001", "党费催交：请于本月底前交纳")
    assert platform.received == [
        {
            "auth": "Bearer token-123",
            "type": "application/json",
            "body": {"phone": "13800000001", "text": "党费催交：请于本月底前交纳"},
        }
    ]


def test_a_refusing_platform_is_a_failure_the_task_records(platform):
    platform.status = 503
    with pytest.raises(OSError):
        channels.gateway().send("13800000001", "测试")
    assert len(platform.received) == 1


def test_the_development_gateway_only_logs(settings, caplog):
    settings.QIZHI_SMS_GATEWAY = "qizhi.core.channels.LoggingSmsGateway"
    with caplog.at_level(logging.INFO, logger=channels.logger.name):
        channels.gateway().send("13800000001", "会议通知")
    assert "13800000001" in caplog.text and "会议通知" in caplog.text
