#!/usr/bin/env python3
"""Runs the AWS CLI (v1: awscli.clidriver, what the `aws` command runs) once per entry of a
JSON file, all in this one process, each with exactly its own arguments and environment.

    faketime -f '2026-03-04 05:06:07' aws_cli_runs.py RUNS.json

RUNS.json is a list of {"args": ["eks", "get-token", ...], "env": {...}}; prints one JSON list
of {"status", "stdout", "stderr"}, in order. Why: starting the CLI costs most of a second of
CPU (interpreter, botocore, the CLI's command table), comparing a token costs a millisecond;
each run still gets a new CLI driver and session, reading the environment as a new `aws`
would. The faketime variables of this process, and the AWS_DATA_PATH that importing awscli
sets, are kept for every run.
"""
import contextlib
import io
import json
import os
import sys


def main():
    with open(sys.argv[1]) as f:
        runs = json.load(f)
    import awscli.clidriver

    # The faketime variables, and the data path importing awscli sets (as it does in `aws`).
    kept = {k: v for k, v in os.environ.items() if k.startswith("FAKETIME") or k in ("LD_PRELOAD", "AWS_DATA_PATH")}

    results = []
    for run in runs:
        os.environ.clear()
        os.environ.update(run["env"])
        os.environ.update(kept)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = awscli.clidriver.create_clidriver().main(run["args"])
            except SystemExit as e:
                status = e.code if isinstance(e.code, int) else 1
        results.append({"status": status, "stdout": out.getvalue(), "stderr": err.getvalue()})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
