"""Shared plumbing of the small local fakes (sso_portal.py, imds.py, container_creds.py,
github_oidc.py, stalled_endpoint.py): a threaded HTTP server on 127.0.0.1, one JSON line per
request in a log file so tests can see what the tool sent, a JSON ready line on stdout, and an
exit when the process that started the fake is gone."""

import datetime
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


class Log:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    def write(self, entry):
        if not self.path:
            return
        with self.lock, open(self.path, "a") as f:
            f.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    """Subclasses implement handle_request(method, path, query, headers, body) -> (status, headers, body)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _serve(self):
        import urllib.parse
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parsed = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        status, headers, payload = self.server.app(self.command, parsed.path, query, self.headers, body)
        if isinstance(payload, (dict, list)):
            payload = json.dumps(payload).encode()
            headers = dict(headers or {})
            headers.setdefault("Content-Type", "application/json")
        elif isinstance(payload, str):
            payload = payload.encode()
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_PUT = do_POST = _serve


def stop_with_parent(stop):
    """Calls stop() once the process that started us is gone: a test runner that dies without
    stopping a fake must not leave its port taken. Also stops on SIGTERM."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    parent = os.getppid()

    def watch_parent():
        while os.getppid() == parent:
            time.sleep(1)
        stop()

    threading.Thread(target=watch_parent, daemon=True).start()


def print_ready(port):
    """The JSON ready line the Swift helpers wait for."""
    sys.stdout.write(json.dumps({"url": "http://127.0.0.1:%d" % port, "port": port}) + "\n")
    sys.stdout.flush()


def serve(port, app):
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.app = app
    stop_with_parent(server.shutdown)
    print_ready(server.server_address[1])  # the port bound: --port 0 lets the kernel pick a free one
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
