#!/usr/bin/env python3
"""Random but plausible AWS config/credentials files, each with botocore's own answer.

    aws_config_cases.py --seed N --count N --out DIR

Writes DIR/NNNN/config, DIR/NNNN/credentials and DIR/cases.json, a list of
{"dir", "profile", "expected"} where expected is {"error": true} or {"AccessKeyId",
"SecretAccessKey", "SessionToken"} as botocore (installed with the AWS CLI) resolves the profile
with nothing else in the environment: no AWS_* variables, instance metadata disabled.

The files use every feature of the format that people's files have: [default], [profile x],
quoted and oddly spaced headers, [DEFAULT], [sso-session]/[services]/other sections, comments
(also after a header), `key: value`, upper-case keys, CRLF and lone CR line ends, indented
continuation lines and nested blocks, blank lines inside values, duplicate sections and keys
(botocore refuses them), credential_process (with and without "Version": 1), session tokens in
both spellings, keys split across the two files, and a few broken lines. Profiles with roles,
SSO or web identity are left out: they need the network (role chains are tested against moto).

Why botocore's answer counts as an error when it gives credentials with an empty key id or
secret: such credentials cannot sign anything, and creds-resolve refuses them with a message
naming the line (README, "Reading AWS config files").
"""
import argparse
import json
import os
import random
import sys
import tempfile

NAMES = ["default", "dev", "prod", "ci", "a b", "x.y", "team-1", "Ops"]
PLAIN_KEYS = ["region", "output", "cli_pager", "retry_mode", "max_attempts", "s3"]


class Gen:
    def __init__(self, rnd):
        self.r = rnd

    def chance(self, p):
        return self.r.random() < p

    def ws(self):
        return self.r.choice(["", "", " ", "  ", "\t"])

    def key(self, k):
        return k.upper() if self.chance(0.05) else k

    def line(self, k, v, indent=""):
        d = self.r.choice(["=", "=", "=", ":"])
        return f"{indent}{self.key(k)}{self.ws()}{d}{self.ws()}{v}{self.ws() if self.chance(0.3) else ''}"

    def secret(self, tag):
        return f"{tag}{self.r.randrange(10**6):06d}" + ("/x+y" if self.chance(0.2) else "")

    def process(self, tag):
        doc = {"AccessKeyId": f"PK{tag}", "SecretAccessKey": f"PS{tag}"}
        if not self.chance(0.1):
            doc = {"Version": 1, **doc}
        if self.chance(0.3):
            doc["SessionToken"] = f"PT{tag}"
        text = json.dumps(doc, separators=(",", ":"))
        return "printf '%s'" % text.replace("'", "")

    def header(self, kind, name):
        if kind == "default":
            h = "default"
        elif kind == "plain":
            h = name
        else:
            quoted = f'"{name}"' if (" " in name or self.chance(0.1)) else name
            word = kind if not self.chance(0.05) else kind + "s"
            h = f"{word}{self.r.choice([' ', ' ', '  ', chr(9)])}{quoted}"
        out = f"{self.ws() if self.chance(0.05) else ''}[{h}]"
        if self.chance(0.15):
            out += self.r.choice([" # note", " ; note", "  #x"])
        return out

    def section_body(self, tag, file_kind):
        lines = []
        keys = []
        if self.chance(0.75):
            if self.chance(0.97):
                keys.append(("aws_access_key_id", "" if self.chance(0.03) else f"AK{tag}"))
            if self.chance(0.97):
                keys.append(("aws_secret_access_key", "" if self.chance(0.03) else self.secret("SK")))
            if self.chance(0.3):
                keys.append((self.r.choice(["aws_session_token", "aws_security_token"]), f"ST{tag}"))
        if self.chance(0.3):
            keys.append(("credential_process", self.process(tag)))
        for k in self.r.sample(PLAIN_KEYS, self.r.randrange(3)):
            keys.append((k, self.r.choice(["us-east-1", "eu-west-2", "json", "10", "standard", "Ohio"])))
        self.r.shuffle(keys)
        for k, v in keys:
            if self.chance(0.1):
                lines.append(self.r.choice(["# comment", "; comment", "   # indented comment", ""]))
            if k == "s3" and self.chance(0.7):
                lines.append(f"{k} =")
                for sub in ["max_concurrent_requests = 20", "addressing_style = path"][: self.r.randrange(1, 3)]:
                    lines.append(self.r.choice(["  ", "    ", "\t"]) + sub)
                    if self.chance(0.1):
                        lines.append("")
                continue
            lines.append(self.line(k, v))
            if self.chance(0.04):
                lines.append(self.r.choice(["  continued", "\tmore text", "  x = y"]))
            if self.chance(0.008):
                lines.append(self.line(k, v + "2"))  # duplicate key: refused by botocore
        if self.chance(0.01):
            lines.append(self.r.choice(["broken line", "= value without a key", "[unclosed"]))
        return lines

    def file(self, file_kind, profiles):
        lines = []
        if self.chance(0.05):
            lines.append("# top comment")
        if self.chance(0.005):
            lines.append("region = us-east-1")  # before any section: refused
        if self.chance(0.05):
            lines.append("[DEFAULT]")
            lines += [self.line("aws_secret_access_key", self.secret("DS"))] if self.chance(0.5) else [self.line("region", "us-west-2")]
        sections = []
        for i, name in enumerate(profiles):
            if file_kind == "config":
                kind = "default" if name == "default" and self.chance(0.7) else "profile"
            else:
                kind = "plain"
            sections.append((kind, name, i))
        if file_kind == "config":
            for extra in ["sso-session", "services", "plain"]:
                if self.chance(0.1):
                    sections.append((extra, "s1" if extra != "plain" else "preview", 99))
        if self.chance(0.03) and sections:
            sections.append(self.r.choice(sections))  # duplicate section
        self.r.shuffle(sections)
        for kind, name, i in sections:
            lines.append(self.header(kind, name))
            lines += self.section_body(f"{file_kind[0]}{i}", file_kind)
            if self.chance(0.4):
                lines.append("")
        end = self.r.choice(["\n"] * 8 + ["\r\n", "\r"])
        text = end.join(lines) + (end if self.chance(0.9) else "")
        if self.chance(0.005):
            text = "\ufeff" + text
        return text


TEMPLATE = None


def new_session():
    """What botocore.session.Session() makes, at a fraction of the cost: registering botocore's
    built-in event handlers (which inspects each one) was most of this script's time, so they
    are registered once and every session gets its own copy of that emitter."""
    import copy

    import botocore.session

    global TEMPLATE
    if TEMPLATE is None:
        TEMPLATE = botocore.session.Session()._original_handler
    return botocore.session.Session(event_hooks=copy.copy(TEMPLATE), include_builtin_handlers=False)


def botocore_answer(config, credentials, profile):
    s = new_session()
    s.set_config_variable("config_file", config)
    s.set_config_variable("credentials_file", credentials)
    s.set_config_variable("profile", profile)
    try:
        c = s.get_credentials()
    except Exception as e:
        return {"error": True, "reason": type(e).__name__}
    if c is None:
        return {"error": True, "reason": "no credentials"}
    f = c.get_frozen_credentials()
    if not f.access_key or not f.secret_key:
        return {"error": True, "reason": "empty key"}
    out = {"AccessKeyId": f.access_key, "SecretAccessKey": f.secret_key}
    if f.token:
        out["SessionToken"] = f.token
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    for k in list(os.environ):
        if k.startswith("AWS_"):
            del os.environ[k]
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    os.environ["HOME"] = tempfile.mkdtemp()
    rnd = random.Random(a.seed)
    g = Gen(rnd)
    cases = []
    for n in range(a.count):
        d = os.path.join(a.out, f"{n:04d}")
        os.makedirs(d, exist_ok=True)
        names = rnd.sample(NAMES, rnd.randrange(1, 4))
        cfg_names = [x for x in names if rnd.random() < 0.7]
        cred_names = [x for x in names if x not in cfg_names or rnd.random() < 0.25]
        for path, kind, ns in ((f"{d}/config", "config", cfg_names), (f"{d}/credentials", "credentials", cred_names)):
            with open(path, "w", newline="", encoding="utf-8") as f:
                f.write(g.file(kind, ns))
        profile = rnd.choice(names) if rnd.random() < 0.95 else "missing"
        cases.append({"dir": d, "profile": profile,
                      "expected": botocore_answer(f"{d}/config", f"{d}/credentials", profile)})
    with open(os.path.join(a.out, "cases.json"), "w") as f:
        json.dump({"seed": a.seed, "cases": cases}, f)


if __name__ == "__main__":
    sys.exit(main())
