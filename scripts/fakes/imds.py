#!/usr/bin/env python3
"""A local EC2 instance metadata service (IMDSv2) with one instance role.

Why it exists: nothing real serves 169.254.169.254 off EC2. Behaviour copied from EC2:
PUT /latest/api/token needs X-aws-ec2-metadata-token-ttl-seconds (1..21600) and returns a
session token; GET /latest/meta-data/iam/security-credentials/ lists the role and
.../ROLE returns {Code, LastUpdated, Type, AccessKeyId, SecretAccessKey, Token, Expiration}.
With --v2-only (EC2's "IMDSv2 required") a GET without a valid token is 401.

Usage: imds.py [--port P] [--role NAME] [--v2-only] [--log FILE]
Prints {"url", "port"} on stdout when ready; one JSON line per request to --log.
"""

import argparse
import datetime
import secrets

import fakeutil


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--role", default="instance-role")
    ap.add_argument("--v2-only", action="store_true")
    ap.add_argument("--log")
    a = ap.parse_args()
    log = fakeutil.Log(a.log)
    issued = set()
    base = "/latest/meta-data/iam/security-credentials/"

    def app(method, path, query, headers, body):
        token = headers.get("X-aws-ec2-metadata-token")
        log.write({"method": method, "path": path, "token": bool(token)})
        if path == "/latest/api/token":
            if method != "PUT":
                return 405, {}, ""
            ttl = headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
            if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
                return 400, {}, ""
            t = secrets.token_hex(16)
            issued.add(t)
            return 200, {"X-aws-ec2-metadata-token-ttl-seconds": ttl}, t
        if method != "GET":
            return 405, {}, ""
        if token is not None and token not in issued:
            return 401, {}, ""
        if token is None and a.v2_only:
            return 401, {}, ""
        if path == base:
            return 200, {"Content-Type": "text/plain"}, a.role
        if path == base + a.role:
            exp = fakeutil.now() + datetime.timedelta(hours=6)
            return 200, {}, {"Code": "Success", "LastUpdated": fakeutil.iso(fakeutil.now()), "Type": "AWS-HMAC",
                             "AccessKeyId": "ASIAIMDS0000000000001", "SecretAccessKey": "imds-secret",
                             "Token": "imds-session-token", "Expiration": fakeutil.iso(exp)}
        return 404, {}, ""

    fakeutil.serve(a.port, app)


if __name__ == "__main__":
    main()
