#!/usr/bin/env python3
"""A local HTTPS Kubernetes API endpoint that authenticates EKS bearer tokens.

Why it exists: nothing real can play an EKS control plane on 127.0.0.1, but the one thing
ekspipe must get right for kubectl is the bearer token. This server checks tokens the way
kubernetes-sigs/aws-iam-authenticator (pkg/token/token.go, Verify) does -- prefix, base64url,
https, an STS host of the partition, path "/", only the allowed query parameters,
Action=GetCallerIdentity, the signed x-k8s-aws-id header, X-Amz-Expires in 0..900, X-Amz-Date
no older than 15 minutes -- and then does what STS would do with the presigned URL: it verifies
the SigV4 signature itself, with the `x-k8s-aws-id` header set to the cluster id it was started
with (so a token made for another cluster fails its signature, exactly as on EKS).

Where the secret comes from (STS cannot be called here):
  * `--credentials FILE`: JSON map access key id -> secret, or -> {"secretAccessKey": ...,
    "sessionToken": ..., "arn": ...} for static or hand-made temporary keys;
  * `--moto URL`: keys that moto issued (IAM users' access keys, AssumeRole credentials). moto
    only checks Authorization-header signatures, never presigned query strings, so forwarding the
    URL to moto would prove nothing; instead the secret (and session token) are read from moto's
    `/moto-api/data.json` model dump, the signature is checked here, and the caller ARN is asked
    of moto's GetCallerIdentity signed with those same credentials (once per set of credentials).

Served after authentication: /version, /api, /api/v1, /apis, /api/v1/namespaces (list, as a
Table when kubectl asks for one), /api/v1/namespaces/NAME. Every authentication decision is
logged as one JSON line (to --log FILE, else stderr) with the caller ARN or the reason.

Usage: kube_api.py --cluster-id ID [--port P] [--partition aws|aws-cn|...|any]
                   [--credentials FILE] [--moto URL] [--ca-out FILE] [--log FILE]
                   [--now 2024-01-02T03:04:05Z] [--check TOKEN]
       kube_api.py --check-batch FILE
On start it prints one JSON line on stdout: {"url", "port", "caFile", "caData"}; SIGTERM stops it.
With --check it verifies TOKEN, prints the decision as JSON and exits 0 (valid) or 1.
With --check-batch it verifies every check in FILE, a JSON list of {"token", "clusterId",
"credentials" (what --credentials holds), "partition" (default "any"), "now"?}, and prints the
decisions as one JSON list (one process for many checks: a start costs far more than a check).
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "k8s-aws-v1."
MAX_TOKEN_LEN = 4096
PRESIGNED_URL_LIFETIME = datetime.timedelta(minutes=15)
ALLOWED_PARAMS = {
    "action", "version", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
    "x-amz-expires", "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders",
}

# Partition facts (botocore partitions.json): region prefix, DNS suffix, dual-stack suffix.
PARTITIONS = {
    "aws": (None, "amazonaws.com", "api.aws"),
    "aws-cn": ("cn-", "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
    "aws-us-gov": ("us-gov-", "amazonaws.com", "api.aws"),
    "aws-iso": ("us-iso-", "c2s.ic.gov", "api.aws.ic.gov"),
    "aws-iso-b": ("us-isob-", "sc2s.sgov.gov", "api.aws.scloud"),
    "aws-iso-e": ("eu-isoe-", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
    "aws-iso-f": ("us-isof-", "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
    "aws-eusc": ("eusc-", "amazonaws.eu", "api.amazonwebservices.eu"),
}
REGION_RE = re.compile(r"^[a-z]{2,5}(-[a-z0-9]+){1,3}-[0-9]+$")


class Rejected(Exception):
    """A token the authenticator (or STS) would refuse; the message says why."""


def partition_of(region):
    for name, (prefix, _, _) in PARTITIONS.items():
        if prefix and region.startswith(prefix):
            return name
    return "aws"


def sts_host_region(host, partition):
    """The region an STS host serves, if `host` is an STS endpoint of `partition` ("any": all).

    Accepts the global endpoint, regional, FIPS and dual-stack endpoints, as the hosts of the
    SDK's STS endpoint list (aws-iam-authenticator's stsHostsForPartition) plus dual-stack."""
    if host == "sts.amazonaws.com" and partition in ("aws", "any"):
        return "us-east-1"
    m = re.match(r"^(sts|sts-fips)\.([a-z0-9-]+)\.(.+)$", host)
    if not m:
        return None
    region, suffix = m.group(2), m.group(3)
    if not REGION_RE.match(region):
        return None
    p = partition_of(region)
    if partition not in ("any", p):
        return None
    _, dns, dual = PARTITIONS[p]
    return region if suffix in (dns, dual) else None


def uri_encode(s):
    return urllib.parse.quote(s, safe="-_.~")


def sign(key, msg):
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def expected_signature(secret, method, host, path, params, headers, signed_headers, amz_date, scope):
    """SigV4 over the presigned request as STS receives it (empty body)."""
    query = "&".join(
        f"{uri_encode(k)}={uri_encode(v)}"
        for k, v in sorted((k, v) for k, v in params if k != "X-Amz-Signature")
    )
    canonical_headers = "".join(f"{h}:{headers[h].strip()}\n" for h in signed_headers)
    canonical = "\n".join([
        method, path, query, canonical_headers, ";".join(signed_headers),
        hashlib.sha256(b"").hexdigest(),
    ])
    to_sign = "\n".join([
        "AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest(),
    ])
    date, region, service, terminal = scope.split("/")
    k = sign(("AWS4" + secret).encode("utf-8"), date)
    k = sign(k, region)
    k = sign(k, service)
    k = sign(k, terminal)
    return hmac.new(k, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


class SecretStore:
    """Secrets for access key ids: a static file, then moto's issued keys."""

    def __init__(self, credentials_file, moto_url):
        self.static = {}
        if credentials_file:
            with open(credentials_file) as f:
                for akid, v in json.load(f).items():
                    self.static[akid] = v if isinstance(v, dict) else {"secretAccessKey": v}
        self.moto_url = moto_url.rstrip("/") if moto_url else None
        # moto's answer for a set of credentials never changes, and a botocore session (with
        # its loaded models) costs a tenth of a second: one session, one question per key set.
        self.session = None
        self.arns = {}
        self.arns_lock = threading.Lock()  # requests come on threads; a botocore session is not thread-safe

    def lookup(self, akid):
        """{"secretAccessKey", "sessionToken"?, "arn"?} for akid, or None."""
        if akid in self.static:
            return self.static[akid]
        if not self.moto_url:
            return None
        with urllib.request.urlopen(self.moto_url + "/moto-api/data.json", timeout=10) as r:
            data = json.load(r)
        for inst in data.get("sts", {}).get("AssumedRole", []):
            if inst.get("access_key_id") == akid:
                return {"secretAccessKey": inst["secret_access_key"],
                        "sessionToken": inst.get("session_token"), "source": "moto"}
        for inst in data.get("iam", {}).get("AccessKey", []):
            if inst.get("access_key_id") == akid and inst.get("status", "Active") == "Active":
                return {"secretAccessKey": inst["secret_access_key"], "sessionToken": None, "source": "moto"}
        return None

    def caller_arn(self, akid, entry, session_token, region):
        """The ARN STS would return: from the entry, or moto's GetCallerIdentity."""
        if entry.get("arn"):
            return entry["arn"]
        if entry.get("source") == "moto":
            key = (akid, entry["secretAccessKey"], session_token)
            with self.arns_lock:
                return self.moto_arn(key, region)
        return f"arn:aws:iam::000000000000:user/{akid}"

    def moto_arn(self, key, region):
        """moto's GetCallerIdentity for the credentials `key`, asked once (under arns_lock)."""
        akid, secret, session_token = key
        if key not in self.arns:
            import botocore.session  # moto's own dependency; only needed with --moto
            if self.session is None:
                self.session = botocore.session.get_session()
            client = self.session.create_client(
                "sts", region_name=region, endpoint_url=self.moto_url,
                aws_access_key_id=akid, aws_secret_access_key=secret, aws_session_token=session_token)
            self.arns[key] = client.get_caller_identity()["Arn"]
        return self.arns[key]


def verify(token, cluster_id, partition, secrets, now):
    """aws-iam-authenticator's Verify, then STS's own checks of the presigned URL.

    Returns {"arn", "accessKeyId"}; raises Rejected."""
    if len(token) > MAX_TOKEN_LEN:
        raise Rejected("token is too large")
    if not token.startswith(PREFIX):
        raise Rejected(f"token is missing expected {PREFIX!r} prefix")
    body = token[len(PREFIX):]
    if "=" in body or not re.fullmatch(r"[A-Za-z0-9_-]*", body):
        raise Rejected("token is not unpadded base64url")
    try:
        url = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("utf-8")
    except Exception as e:  # noqa: BLE001 - any decoding failure is a format error
        raise Rejected(f"token is not base64url: {e}")
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme != "https":
        raise Rejected(f"unexpected scheme {parsed.scheme!r} in pre-signed URL")
    host = parsed.netloc
    host_region = sts_host_region(host, partition)
    if host_region is None:
        raise Rejected(f"unexpected hostname {host!r} in pre-signed URL")
    if parsed.path != "/":
        raise Rejected("unexpected path in pre-signed URL")
    try:
        pairs = urllib.parse.parse_qsl(parsed.query, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise Rejected("malformed query parameter")
    lower = {}
    for k, v in pairs:
        if k.lower() not in ALLOWED_PARAMS:
            raise Rejected(f"non-whitelisted query parameter {k!r}")
        if k.lower() in lower:
            raise Rejected("query parameter with multiple values not supported")
        lower[k.lower()] = v
    if lower.get("action") != "GetCallerIdentity":
        raise Rejected("unexpected action parameter in pre-signed URL")
    signed_headers = lower.get("x-amz-signedheaders", "").split(";")
    if "x-k8s-aws-id" not in [h.lower() for h in signed_headers]:
        raise Rejected("client did not sign the x-k8s-aws-id header in the pre-signed URL")
    try:
        expires = int(lower.get("x-amz-expires", ""))
    except ValueError:
        expires = -1
    if expires < 0 or expires > 900:
        raise Rejected(f"invalid X-Amz-Expires parameter in pre-signed URL: {lower.get('x-amz-expires')}")
    amz_date = lower.get("x-amz-date", "")
    if not amz_date:
        raise Rejected("X-Amz-Date parameter must be present in pre-signed URL")
    try:
        signed_at = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise Rejected(f"error parsing X-Amz-Date parameter {amz_date}")
    if now > signed_at + PRESIGNED_URL_LIFETIME:
        raise Rejected(f"X-Amz-Date parameter is expired (15 minute expiration) {signed_at.isoformat()}")
    if signed_at > now + PRESIGNED_URL_LIFETIME:
        raise Rejected(f"X-Amz-Date parameter is in the future {signed_at.isoformat()}")

    # From here on: what STS checks when the authenticator GETs the URL.
    if lower.get("version") != "2011-06-15":
        raise Rejected("STS: unsupported Version")
    if lower.get("x-amz-algorithm") != "AWS4-HMAC-SHA256":
        raise Rejected("STS: unsupported X-Amz-Algorithm")
    cred = lower.get("x-amz-credential", "").split("/")
    if len(cred) != 5 or cred[4] != "aws4_request" or cred[3] != "sts":
        raise Rejected("STS: malformed X-Amz-Credential")
    akid, scope_date, scope_region = cred[0], cred[1], cred[2]
    if scope_date != amz_date[:8]:
        raise Rejected("STS: credential scope date does not match X-Amz-Date")
    if scope_region != host_region:
        raise Rejected(f"STS: credential should be scoped to region {host_region!r}, not {scope_region!r}")
    entry = secrets.lookup(akid)
    if entry is None:
        raise Rejected(f"STS: InvalidClientTokenId: unknown access key id {akid}")
    session_token = lower.get("x-amz-security-token")
    if (entry.get("sessionToken") or None) != (session_token or None):
        raise Rejected("STS: InvalidClientTokenId: the security token included in the request is invalid")
    canon_names = sorted(h.lower() for h in signed_headers)
    header_values = {"host": host, "x-k8s-aws-id": cluster_id}
    for h in canon_names:
        if h not in header_values:
            raise Rejected(f"STS: signed header {h!r} is not sent by the authenticator")
    want = expected_signature(entry["secretAccessKey"], "GET", host, "/", pairs, header_values,
                              canon_names, amz_date, "/".join(cred[1:]))
    got = lower.get("x-amz-signature", "")
    if not hmac.compare_digest(want, got):
        raise Rejected("STS: SignatureDoesNotMatch (wrong secret, or a token for another cluster)")
    arn = secrets.caller_arn(akid, entry, session_token, scope_region)
    return {"arn": arn, "accessKeyId": akid}


def make_certificate(directory):
    """A throwaway CA and a 127.0.0.1/localhost server certificate, made with the openssl CLI."""
    ca_key, ca_crt = os.path.join(directory, "ca.key"), os.path.join(directory, "ca.crt")
    key, csr, crt = (os.path.join(directory, n) for n in ("server.key", "server.csr", "server.crt"))
    ext = os.path.join(directory, "server.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                "basicConstraints=critical,CA:FALSE\n"
                "keyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n")
    run = lambda *a: subprocess.run(a, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    run("openssl", "req", "-x509", *ec, "-keyout", ca_key, "-out", ca_crt, "-days", "2",
        "-subj", "/CN=ekspipe fake kube CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("openssl", "req", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1")
    run("openssl", "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key, "-CAcreateserial",
        "-out", crt, "-days", "2", "-extfile", ext)
    return ca_crt, crt, key


def iso_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


CREATED = "2024-01-01T00:00:00Z"
NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"]


def namespace(name):
    return {"metadata": {"name": name, "uid": hashlib.md5(name.encode()).hexdigest(),
                         "resourceVersion": "1", "creationTimestamp": CREATED,
                         "labels": {"kubernetes.io/metadata.name": name}},
            "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}


def namespace_table():
    rows = [{"cells": [n, "Active", "1d"],
             "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                        "metadata": namespace(n)["metadata"]}} for n in NAMESPACES]
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": "1"},
            "columnDefinitions": [
                {"name": "Name", "type": "string", "format": "name", "description": "Name", "priority": 0},
                {"name": "Status", "type": "string", "format": "", "description": "Phase", "priority": 0},
                {"name": "Age", "type": "string", "format": "", "description": "Age", "priority": 0}],
            "rows": rows}


API_RESOURCES = {
    "kind": "APIResourceList", "groupVersion": "v1",
    "resources": [{"name": "namespaces", "singularName": "namespace", "namespaced": False,
                   "kind": "Namespace", "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"],
                   "shortNames": ["ns"]}],
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ekspipe-fake-kube/1"

    def log_message(self, fmt, *args):  # the JSON decision log replaces the access log
        pass

    def send_json(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def unauthorized(self, reason):
        self.send_json(401, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                             "message": "Unauthorized", "reason": "Unauthorized", "code": 401})

    def do_GET(self):
        cfg = self.server.cfg
        auth = self.headers.get("Authorization", "")
        path = urllib.parse.urlsplit(self.path).path
        if not auth.startswith("Bearer "):
            cfg.log({"ok": False, "path": path, "reason": "no bearer token"})
            return self.unauthorized("no bearer token")
        try:
            identity = verify(auth[len("Bearer "):].strip(), cfg.cluster_id, cfg.partition, cfg.secrets, cfg.now())
        except Rejected as e:
            cfg.log({"ok": False, "path": path, "reason": str(e)})
            return self.unauthorized(str(e))
        except Exception as e:  # noqa: BLE001 - a broken lookup must not look like success
            cfg.log({"ok": False, "path": path, "reason": f"verifier error: {e!r}"})
            return self.unauthorized("verifier error")
        cfg.log({"ok": True, "path": path, "arn": identity["arn"], "accessKeyId": identity["accessKeyId"]})
        self.route(path)

    def route(self, path):
        accept = self.headers.get("Accept", "")
        if path == "/version":
            return self.send_json(200, {"major": "1", "minor": "31", "gitVersion": "v1.31.0-eks-fake",
                                        "gitCommit": "0" * 40, "gitTreeState": "clean",
                                        "buildDate": CREATED, "goVersion": "go1.22", "compiler": "gc",
                                        "platform": "linux/amd64"})
        if path == "/api":
            return self.send_json(200, {"kind": "APIVersions", "versions": ["v1"],
                                        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                                                        "serverAddress": self.server.address}]})
        if path == "/apis":
            return self.send_json(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": []})
        if path == "/api/v1":
            return self.send_json(200, API_RESOURCES)
        if path == "/api/v1/namespaces":
            if "as=Table" in accept:
                return self.send_json(200, namespace_table())
            return self.send_json(200, {"kind": "NamespaceList", "apiVersion": "v1",
                                        "metadata": {"resourceVersion": "1"},
                                        "items": [dict(namespace(n), kind="Namespace", apiVersion="v1") for n in NAMESPACES]})
        m = re.fullmatch(r"/api/v1/namespaces/([a-z0-9-]+)", path)
        if m and m.group(1) in NAMESPACES:
            return self.send_json(200, dict(namespace(m.group(1)), kind="Namespace", apiVersion="v1"))
        self.send_json(404, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                             "message": f"the server could not find the requested resource ({path})",
                             "reason": "NotFound", "code": 404})


class Config:
    def __init__(self, args):
        self.cluster_id = args.cluster_id
        self.partition = args.partition
        self.secrets = SecretStore(args.credentials, args.moto)
        self.fixed_now = parse_now(args.now) if args.now else None
        self.lock = threading.Lock()
        self.log_file = open(args.log, "a", buffering=1) if args.log else sys.stderr

    def now(self):
        return self.fixed_now or datetime.datetime.now(datetime.timezone.utc)

    def log(self, record):
        record = dict(record, time=iso_now())
        with self.lock:
            self.log_file.write(json.dumps(record) + "\n")
            self.log_file.flush()


def parse_now(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def decide(token, cluster_id, partition, secrets, now):
    """The decision on one token: {"ok": true, "arn", ...} or {"ok": false, "reason"}."""
    try:
        return dict(verify(token, cluster_id, partition, secrets, now), ok=True)
    except Rejected as e:
        return {"ok": False, "reason": str(e)}


def check_batch(path):
    with open(path) as f:
        checks = json.load(f)
    out = []
    for c in checks:
        secrets = SecretStore(None, None)
        secrets.static = {k: v if isinstance(v, dict) else {"secretAccessKey": v} for k, v in c.get("credentials", {}).items()}
        now = parse_now(c["now"]) if c.get("now") else datetime.datetime.now(datetime.timezone.utc)
        out.append(decide(c["token"], c["clusterId"], c.get("partition", "any"), secrets, now))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cluster-id")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--partition", default="aws", choices=sorted(PARTITIONS) + ["any"])
    ap.add_argument("--credentials")
    ap.add_argument("--moto")
    ap.add_argument("--ca-out")
    ap.add_argument("--log")
    ap.add_argument("--now", help="fixed clock, YYYY-MM-DDThh:mm:ssZ (for golden tokens)")
    ap.add_argument("--check", metavar="TOKEN", help="verify TOKEN, print the decision, exit")
    ap.add_argument("--check-batch", metavar="FILE", help="verify each check in FILE, print the decisions, exit")
    args = ap.parse_args()
    if args.check_batch is not None:
        print(json.dumps(check_batch(args.check_batch)))
        sys.exit(0)
    if not args.cluster_id:
        ap.error("--cluster-id is required")
    cfg = Config(args)

    if args.check is not None:
        result = decide(args.check, cfg.cluster_id, cfg.partition, cfg.secrets, cfg.now())
        print(json.dumps(result))
        sys.exit(0 if result["ok"] else 1)

    workdir = tempfile.mkdtemp(prefix="fake-kube-")
    ca_crt, crt, key = make_certificate(workdir)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(crt, key)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    # The handshake happens on the first read, in the connection's own thread: a client that
    # connects and says nothing (a port probe) must not stall accept() for everyone else.
    server.socket = ctx.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    server.cfg = cfg
    port = server.server_address[1]
    server.address = f"127.0.0.1:{port}"
    with open(ca_crt, "rb") as f:
        ca_pem = f.read()
    if args.ca_out:
        with open(args.ca_out, "wb") as f:
            f.write(ca_pem)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    # A test process that dies without stopping us must not leave a server behind.
    parent = os.getppid()

    def watch_parent():
        while os.getppid() == parent:
            time.sleep(1)
        server.shutdown()
    threading.Thread(target=watch_parent, daemon=True).start()
    print(json.dumps({"url": f"https://127.0.0.1:{port}", "port": port, "caFile": args.ca_out or ca_crt,
                      "caData": base64.b64encode(ca_pem).decode()}), flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        for name in os.listdir(workdir):
            os.unlink(os.path.join(workdir, name))
        os.rmdir(workdir)


if __name__ == "__main__":
    main()
