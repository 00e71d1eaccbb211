#!/usr/bin/env python3
"""An endpoint that accepts TCP connections and then never answers in full.

Why it exists: a real STS or EKS endpoint behind a broken proxy, a black-holed VPN route or an
overloaded load balancer accepts the connection and then stalls; nothing real can be made to
do that on demand. The tools must give up at their deadline and name the endpoint.

Modes:
  silent  read the request and never write a byte (the connection stays open);
  drip    read the request, then send an HTTP answer one byte per second (--every), without
          end ("HTTP/1.1 200 OK", then an endless header), so every read makes progress and
          only an overall time limit ends the exchange.

Usage: stalled_endpoint.py [--port P] [--mode silent|drip] [--every SECONDS] [--log FILE]
Prints {"url", "port"} on stdout when ready; one JSON line per connection to --log
({"event": "open"} when accepted, {"event": "closed", "sent": N} when the client went away).
"""

import argparse
import socket
import socketserver
import time

import fakeutil


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--mode", choices=["silent", "drip"], default="silent")
    ap.add_argument("--every", type=float, default=1.0, help="seconds between two bytes of a drip")
    ap.add_argument("--log")
    a = ap.parse_args()
    log = fakeutil.Log(a.log)

    class Stall(socketserver.BaseRequestHandler):
        def handle(self):
            log.write({"event": "open"})
            sock = self.request
            sent = 0
            try:
                received = b""
                while b"\r\n\r\n" not in received:
                    chunk = sock.recv(65536)
                    if not chunk:
                        return
                    received += chunk
                if a.mode == "silent":
                    while sock.recv(65536):
                        pass
                    return
                answer = b"HTTP/1.1 200 OK\r\nX-Drip: "
                while True:
                    sock.sendall(answer[sent:sent + 1] if sent < len(answer) else b"a")
                    sent += 1
                    time.sleep(a.every)
            except OSError:
                pass
            finally:
                log.write({"event": "closed", "sent": sent})

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", a.port), Stall)
    fakeutil.stop_with_parent(server.shutdown)
    fakeutil.print_ready(server.server_address[1])
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()
