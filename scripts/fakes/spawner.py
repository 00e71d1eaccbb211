#!/usr/bin/env python3
"""Starts the tests' Python programs by forking one Python that has imported them already.

    spawner.py --socket PATH

Why: the tests start about 300 Python programs (moto's server, the fakes, the AWS CLI, the boto3
helper of each test process), and most of each start is importing moto, boto3, botocore and
awscli: 0.5-1.3 CPU seconds a start, more than half of the suite's CPU time on the 2-core machine.
This process imports them once; every program is then a fork of it, with its own arguments,
environment, working directory and standard streams, run from its entry point as its own
executable would run it. The programs are the same code; only the imports are not repeated.
What a module reads from the environment when it is imported (moto's settings) comes from this
process's environment, the test run's, which is the one the tests start moto with; what
`import awscli` writes to it (AWS_DATA_PATH) is redone on each AWS CLI run's own environment.

What it runs (the request's argv):
  * ["moto_server", ARGS...]            moto.server.main, as the moto_server command
  * ["aws", ARGS...]                    awscli.clidriver.main, as the aws command
  * ["python3", ["-u"], "-c", CODE, ARGS...] or ["python3", ["-u"], SCRIPT, ARGS...]

Protocol, on the Unix socket PATH (mode 0600): a client connects and sends one JSON line
  {"argv": [...], "env": {...}, "cwd": DIR, "stdin": FILE?, "stdout": FILE, "stderr": FILE}
or, for a program that talks to its client, "stdio": "socket" instead of stdin/stdout (its
standard input and output are then the connection itself). The answer is {"pid": N}, then, when
the program ends, {"exit": CODE} (negative: killed by that signal) on the same connection
(not in "socket" mode). A client that closes its connection while its program runs (a test
process that died) gets the program killed. The client stops a program by its process id.

On start it prints {"pid": N, "python": PATH} on stdout once the socket listens (PATH: its
interpreter, symbolic links resolved: the one whose programs it can run). It exits on SIGTERM, or when
the process that started it is gone, and takes the programs still running with it; on the way
out it prints {"childrenCPU": SECONDS}, the CPU time of every program it forked.
"""

import argparse
import json
import os
import runpy
import select
import signal
import socket
import sys
import traceback

# What the programs import, done once here. The moto services the tests use are imported too
# (moto imports a service's models on its first request).
try:  # an AWS CLI that is not this Python's package (v2's own binary) is never sent here
    import awscli.clidriver
except ImportError:
    awscli = None
import boto3  # noqa: F401 - for the boto3 helper of the tests
import botocore.session  # noqa: F401
import moto.server
from moto.backends import get_backend

for _service in ("iam", "sts", "eks"):
    get_backend(_service)
import http.server  # noqa: F401,E402 - the fakes
import ssl  # noqa: F401,E402


def run_program(argv):
    """Runs argv in this (forked) process as its own executable would; returns the exit code."""
    name = os.path.basename(argv[0])
    if name == "moto_server":
        sys.argv = ["moto_server"] + argv[1:]
        moto.server.main(argv[1:])
        return 0
    if name == "aws":
        if awscli is None:
            raise ValueError("this Python has no awscli package")
        if os.environ.get("LC_CTYPE", "") == "UTF-8":  # what the aws script does first
            os.environ["LC_CTYPE"] = "en_US.UTF-8"
        # What `import awscli` does to the environment, redone on this program's environment:
        # its data directory goes after the caller's AWS_DATA_PATH.
        paths = [os.path.expanduser(os.path.expandvars(p))
                 for p in os.environ["AWS_DATA_PATH"].split(os.pathsep)] if "AWS_DATA_PATH" in os.environ else []
        paths.append(os.path.join(os.path.dirname(os.path.abspath(awscli.__file__)), "data"))
        os.environ["AWS_DATA_PATH"] = os.pathsep.join(paths)
        sys.argv = ["aws"] + argv[1:]
        return awscli.clidriver.main()
    if name != "python3":
        raise ValueError(f"cannot run {argv[0]!r}")
    args = argv[1:]
    if args and args[0] == "-u":
        args = args[1:]
        sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)
        sys.stdout.reconfigure(write_through=True)
    if len(args) >= 2 and args[0] == "-c":
        sys.argv = ["-c"] + args[2:]
        sys.path[0] = ""
        exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__", "__builtins__": __builtins__})
        return 0
    if not args:
        raise ValueError("python3 without a script")
    script = os.path.abspath(args[0])
    sys.argv = [args[0]] + args[1:]
    sys.path[0] = os.path.dirname(script)
    runpy.run_path(script, run_name="__main__")
    return 0


def child(request, conn, open_sockets):
    """In the forked process: set up what the program sees, run it, exit with its code."""
    code = 1
    try:
        for s in open_sockets:
            s.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        signal.set_wakeup_fd(-1)
        if request.get("stdio") == "socket":
            os.dup2(conn.fileno(), 0)
            os.dup2(conn.fileno(), 1)
        else:
            stdin = os.open(request.get("stdin") or os.devnull, os.O_RDONLY)
            os.dup2(stdin, 0)
            os.close(stdin)
            stdout = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.dup2(stdout, 1)
            os.close(stdout)
        stderr = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(stderr, 2)
        os.close(stderr)
        conn.close()
        os.chdir(request.get("cwd") or "/")
        os.environ.clear()
        os.environ.update(request.get("env") or {})
        try:
            code = run_program(request["argv"])
        except SystemExit as e:
            if e.code is None:
                code = 0
            elif isinstance(e.code, int):
                code = e.code
            else:
                print(e.code, file=sys.stderr)
                code = 1
        code = 0 if code is None else int(code)
    except BaseException:  # noqa: BLE001 - the program's own failure, reported as Python would
        traceback.print_exc()
        code = 1
    finally:
        for f in (sys.stdout, sys.stderr):
            try:
                f.flush()
            except Exception:  # noqa: BLE001
                pass
        os._exit(code & 0xFF)


def send_line(conn, obj):
    try:
        conn.sendall((json.dumps(obj) + "\n").encode())
    except OSError:
        pass


def serve(path):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        listener.bind(path)
    finally:
        os.umask(old)
    listener.listen(128)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    parent = os.getppid()
    clients = {}   # connection -> bytes received so far (no program yet)
    running = {}   # pid -> connection to report its exit on (None in "socket" mode)
    program_of = {}  # connection -> pid
    # EKSPIPE_SPAWNER_CPU_LOG=FILE: one JSON line per program that ended, its CPU seconds and
    # its first arguments (where the suite's Python time goes).
    log_path = os.environ.get("EKSPIPE_SPAWNER_CPU_LOG")
    cpu_log = open(log_path, "a") if log_path else None
    argv_of = {}
    print(json.dumps({"pid": os.getpid(), "python": os.path.realpath(sys.executable)}), flush=True)

    while not stopping and os.getppid() == parent:
        readable, _, _ = select.select([listener, wake_r] + list(clients) + list(program_of), [], [], 1.0)
        for r in readable:
            if r is listener:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    continue
                clients[conn] = b""
            elif r == wake_r:
                os.read(wake_r, 4096)
            elif r in program_of:  # a client that waits for the exit: readable means it is gone
                try:
                    gone = not r.recv(1)
                except OSError:
                    gone = True
                if gone:
                    pid = program_of.pop(r)
                    running[pid] = None
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    r.close()
            else:
                try:
                    data = r.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    del clients[r]
                    r.close()
                    continue
                clients[r] += data
                if b"\n" not in clients[r]:
                    continue
                line = clients.pop(r).split(b"\n", 1)[0]
                try:
                    request = json.loads(line)
                    if not isinstance(request.get("argv"), list) or not request["argv"]:
                        raise ValueError("no argv")
                except ValueError as e:
                    send_line(r, {"error": f"bad request: {e}"})
                    r.close()
                    continue
                sys.stdout.flush()
                sys.stderr.flush()
                # SIGTERM waits until the child has its default action back: a test that stops
                # its program at once must not reach this process's handler in the child.
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
                try:
                    pid = os.fork()
                except OSError as e:  # no process left to fork: the client is told, the rest go on
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
                    send_line(r, {"error": f"fork: {e}"})
                    r.close()
                    continue
                if pid == 0:
                    others = [listener] + [c for c in clients] + [c for c in program_of]
                    child(request, r, others)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
                send_line(r, {"pid": pid})
                if cpu_log:
                    argv_of[pid] = [os.path.basename(a) if "/" in a else a[:60] for a in request["argv"]]
                if request.get("stdio") == "socket":
                    running[pid] = None
                    r.close()
                else:
                    running[pid] = r
                    program_of[r] = pid
        while running:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if cpu_log:
                cpu_log.write(json.dumps({"cpu": round(usage.ru_utime + usage.ru_stime, 3), "argv": argv_of.pop(pid, [])[:3]}) + "\n")
                cpu_log.flush()
            conn = running.pop(pid, None)
            if conn is not None:
                program_of.pop(conn, None)
                send_line(conn, {"exit": os.waitstatus_to_exitcode(status)})
                conn.close()

    for pid in list(running):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for pid in list(running):
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    listener.close()
    os.unlink(path)
    # The CPU seconds of every program it forked (scripts/test adds them to ekspipe-test-cpu).
    t = os.times()
    print(json.dumps({"childrenCPU": round(t.children_user + t.children_system, 2)}), flush=True)


def main():
    ap = argparse.ArgumentParser(description="forks the tests' Python programs from one warm Python")
    ap.add_argument("--socket", required=True, help="the Unix socket to listen on (created, mode 0600)")
    serve(ap.parse_args().socket)


if __name__ == "__main__":
    main()
