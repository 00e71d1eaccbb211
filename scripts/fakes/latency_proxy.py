#!/usr/bin/env python3
"""An HTTP reverse proxy on 127.0.0.1 that delays every request by N milliseconds.

Why it exists: moto answers in about a millisecond, so a tool that calls EKS once per cluster
looks just as fast sequentially as concurrently. Real AWS endpoints are tens to hundreds of
milliseconds away; this proxy puts that distance back, so eks-describe's concurrency shows up in
a test (wall time, and the `maxInFlight` it reports) and in scripts/bench.

Each client connection is served by its own thread with HTTP/1.1 keep-alive; each thread keeps
its own keep-alive connection to the upstream. The request is forwarded unchanged (method, path,
query, headers, body -- so SigV4 signatures stay valid as long as the client signed for the
proxy's host, which is what AWS_ENDPOINT_URL makes SDKs do), after sleeping N ms.

GET /__proxy__/stats answers {"requests": n, "inFlight": i, "maxInFlight": m} without delay or
forwarding; POST /__proxy__/reset zeroes the counters and the log. GET /__proxy__/log answers
the requests forwarded so far, in order, as {"requests": [{"action", "params", "keyId"}]}: the
form or query parameters of each (Action, RoleArn, ...) and the access key id that signed it
(from the Authorization header's Credential=), so a test can assert which role was assumed with
which keys.

Usage: latency_proxy.py --upstream http://127.0.0.1:PORT [--latency-ms N] [--port P]
On start it prints one JSON line on stdout: {"url", "port"}; SIGTERM stops it.
"""

import argparse
import http.client
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailers", "transfer-encoding", "upgrade"}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.log = []

    def record(self, path, headers, body):
        query = urllib.parse.urlsplit(path).query
        params = dict(urllib.parse.parse_qsl(query))
        if body and "x-www-form-urlencoded" in (headers.get("Content-Type") or ""):
            params.update(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))
        auth = headers.get("Authorization") or ""
        key = auth.split("Credential=", 1)[1].split("/", 1)[0] if "Credential=" in auth else None
        with self.lock:
            self.log.append({"action": params.get("Action"), "params": params, "keyId": key})

    def enter(self):
        with self.lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self):
        with self.lock:
            self.in_flight -= 1

    def snapshot(self):
        with self.lock:
            return {"requests": self.requests, "inFlight": self.in_flight, "maxInFlight": self.max_in_flight}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def upstream(self):
        """This connection thread's keep-alive connection to the upstream."""
        conn = getattr(self, "_upstream", None)
        if conn is None:
            u = self.server.upstream
            conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=60)
            self._upstream = conn
        return conn

    def reply(self, status, headers, body):
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in HOP_BY_HOP and k.lower() != "content-length":
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def proxy(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if self.path == "/__proxy__/stats":
            return self.reply(200, [("Content-Type", "application/json")],
                              json.dumps(self.server.stats.snapshot()).encode())
        if self.path == "/__proxy__/log":
            with self.server.stats.lock:
                doc = {"requests": list(self.server.stats.log)}
            return self.reply(200, [("Content-Type", "application/json")], json.dumps(doc).encode())
        if self.path == "/__proxy__/reset" and self.command == "POST":
            with self.server.stats.lock:
                self.server.stats.reset()
            return self.reply(200, [("Content-Type", "application/json")], b'{"status": "ok"}')
        stats = self.server.stats
        stats.record(self.path, self.headers, body)
        stats.enter()
        try:
            time.sleep(self.server.latency)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            for attempt in (0, 1):  # a kept-alive upstream connection may have been closed
                conn = self.upstream()
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    break
                except (http.client.HTTPException, ConnectionError, OSError):
                    conn.close()
                    self._upstream = None
                    if attempt == 1:
                        return self.reply(502, [("Content-Type", "text/plain")], b"upstream unreachable")
            self.reply(resp.status, resp.getheaders(), data)
        finally:
            stats.leave()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = proxy


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # listen() backlog: many concurrent clients connect at once


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--upstream", required=True, help="http://host:port of the real server (moto)")
    ap.add_argument("--latency-ms", type=float, default=100.0)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    server.upstream = urllib.parse.urlsplit(args.upstream)
    if server.upstream.scheme != "http":
        sys.exit("latency_proxy: --upstream must be an http:// URL")
    server.latency = args.latency_ms / 1000.0
    server.stats = Stats()
    port = server.server_address[1]
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    # A test process that dies without stopping us must not leave a server behind.
    parent = os.getppid()

    def watch_parent():
        while os.getppid() == parent:
            time.sleep(1)
        server.shutdown()
    threading.Thread(target=watch_parent, daemon=True).start()
    print(json.dumps({"url": f"http://127.0.0.1:{port}", "port": port}), flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
