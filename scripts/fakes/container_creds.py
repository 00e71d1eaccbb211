#!/usr/bin/env python3
"""A local ECS / EKS Pod Identity container credential endpoint.

Why it exists: the agents behind 169.254.170.2 and 169.254.170.23 only run in ECS tasks and EKS
pods. Behaviour copied from them: GET on the credentials path; when started with --token, the
Authorization header must carry exactly that token (else 401); the answer is
{AccessKeyId, SecretAccessKey, Token, Expiration, AccountId}.

Usage: container_creds.py [--port P] [--token T] [--status CODE] [--log FILE]
(--status answers every request with that HTTP status and an error document.)
Prints {"url", "port"} on stdout when ready; one JSON line per request to --log.
"""

import argparse
import datetime

import fakeutil


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--token")
    ap.add_argument("--status", type=int)
    ap.add_argument("--log")
    a = ap.parse_args()
    log = fakeutil.Log(a.log)

    def app(method, path, query, headers, body):
        auth = headers.get("Authorization")
        log.write({"method": method, "path": path, "authorization": auth})
        if a.status:
            return a.status, {}, {"code": "ServerError", "message": "the agent failed"}
        if a.token is not None and auth != a.token:
            return 401, {}, {"code": "AccessDeniedException", "message": "invalid authorization token"}
        exp = fakeutil.now() + datetime.timedelta(hours=6)
        return 200, {}, {"AccessKeyId": "ASIACONTAINER0000001", "SecretAccessKey": "container-secret",
                         "Token": "container-session-token", "Expiration": fakeutil.iso(exp),
                         "AccountId": "123456789012"}

    fakeutil.serve(a.port, app)


if __name__ == "__main__":
    main()
