#!/usr/bin/env python3
"""Drives an action runtime image through OpenWhisk's action protocol and checks what every runtime of OpenWhisk.NET
shares. Works on any image that speaks the protocol on port 8080 (ours, or Apache OpenWhisk's own).

  tests/runtime-conformance/conformance.py --image openwhisknet/action-nodejs-v20 --init init.json --bad-main nope

--init names a file holding a valid /init body whose action is the probe of probes/ for that language (it answers
what args.mode asks: env, echo, log, sleep, text, throw); --bad-main is a main the image cannot load. Each check runs
in a container started with the platform's hardening (read-only root, a tmpfs /tmp, no capabilities, 256 MB) and
published on 127.0.0.1 only. Prints PASS or FAIL per check; exits 1 when any failed.
"""
import argparse
import http.client
import json
import subprocess
import sys
import threading
import time
import uuid

SENTINEL = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX"


class Container:
    def __init__(self, image):
        self.id = subprocess.check_output([
            "docker", "run", "-d", "--rm", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "-m", "256m",
            "-p", "127.0.0.1::8080", "--label", "net.openwhisk.conformance=true", image]).decode().strip()
        address = subprocess.check_output(["docker", "port", self.id, "8080/tcp"]).decode().split()[0]
        self.port = int(address.rsplit(":", 1)[1])
        deadline = time.time() + 60
        while True:
            try:
                self.post("/probe-for-life", b"{}", timeout=1)
                return
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("the container did not answer within 60 s")
                time.sleep(0.05)

    def post(self, path, body, timeout=60):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            text = response.read().decode("utf-8")
            try:
                parsed = json.loads(text) if text else None
            except ValueError:
                parsed = text
            return response.status, parsed
        finally:
            connection.close()

    def run(self, value, **fields):
        message = dict(fields)
        message["value"] = value
        return self.post("/run", json.dumps(message).encode())

    def logs(self):
        done = subprocess.run(["docker", "logs", self.id], capture_output=True, timeout=30)
        return done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")

    def remove(self):
        subprocess.run(["docker", "rm", "-f", self.id], capture_output=True)


class Checks:
    def __init__(self):
        self.failed = 0

    def check(self, name, passed, detail=""):
        print(("PASS " if passed else "FAIL ") + name + ("" if passed else ": " + str(detail)[:300]), flush=True)
        if not passed:
            self.failed += 1


def has_error(body, text=None):
    return isinstance(body, dict) and isinstance(body.get("error"), str) and (text is None or text in body["error"])


def protocol_checks(checks, image, init, concurrency):
    container = Container(image)
    try:
        status, body = container.run({"mode": "env"})
        checks.check("a run before init is refused with an error", status != 200 and has_error(body), (status, body))
        status, body = container.post("/init", init)
        checks.check("init succeeds", status == 200, (status, body))

        # At once after the init's answer (a run may follow it that closely on another connection).
        fields = {"namespace": "guest", "action_name": "/guest/probe", "activation_id": uuid.uuid4().hex,
                  "deadline": str(int(time.time() * 1000) + 60000), "transaction_id": "conformance"}
        status, body = container.run({"mode": "env"}, **fields)
        expected = {key.upper(): value for key, value in fields.items()}
        checks.check("a run sees the activation's fields as __OW_ variables",
                     status == 200 and isinstance(body, dict) and body.get("env") == expected, (status, body))

        status, body = container.post("/init", init)
        checks.check("a second init is refused with an error", status != 200 and has_error(body), (status, body))

        payload = "x" + "m" * (1024 * 1024) + "z"
        status, body = container.run({"mode": "echo", "payload": payload})
        checks.check("a 1 MiB payload arrives whole",
                     status == 200 and body == {"length": len(payload), "first": "x", "last": "z"}, (status, body))

        line = "conformance-" + uuid.uuid4().hex
        status, body = container.run({"mode": "log", "line": line})
        checks.check("a run that logs answers", status == 200 and body == {}, (status, body))
        stdout, stderr = "", ""
        for _ in range(50):
            stdout, stderr = container.logs()
            if stdout.find(SENTINEL, stdout.find(line)) > 0 and stderr.find(SENTINEL, stderr.find(line + "-err")) > 0:
                break
            time.sleep(0.1)
        checks.check("stdout holds the run's line, then the sentinel",
                     0 <= stdout.find(line) < stdout.find(SENTINEL, stdout.find(line)), stdout[-300:])
        checks.check("stderr holds the run's line, then the sentinel",
                     0 <= stderr.find(line + "-err") < stderr.find(SENTINEL, stderr.find(line + "-err")), stderr[-300:])

        if concurrency:
            answers = []

            def sleep():
                answers.append(container.run({"mode": "sleep", "ms": 1000}))

            started = time.time()
            threads = [threading.Thread(target=sleep) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.time() - started
            # One after the other they would take 2 s at least.
            checks.check("two runs at once overlap (concurrency)",
                         [a[0] for a in answers] == [200, 200] and elapsed < 1.8, (answers, round(elapsed, 2)))
    finally:
        container.remove()


def failure_checks(checks, image, init, bad_main):
    for mode, name, text in [("throw", "a run that throws answers an error naming it", "probe failure"),
                             ("text", "a result that is not an object is refused", "The action did not return a dictionary.")]:
        container = Container(image)
        try:
            status, body = container.post("/init", init)
            status, body = container.run({"mode": mode}) if status == 200 else (status, body)
            checks.check(name, status != 200 and has_error(body, text), (status, body))
        finally:
            container.remove()

    container = Container(image)
    try:
        bad = json.loads(init)
        bad["value"]["main"] = bad_main
        status, body = container.post("/init", json.dumps(bad).encode())
        checks.check("an init whose main cannot be loaded answers an error", status != 200 and has_error(body), (status, body))
    finally:
        container.remove()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--image", required=True)
    parser.add_argument("--init", required=True, help="a file holding a valid /init body of the probe")
    parser.add_argument("--bad-main", required=True, help="a main the image cannot load")
    parser.add_argument("--no-concurrency", action="store_true", help="skip the concurrency check")
    options = parser.parse_args()
    with open(options.init, "rb") as file:
        init = file.read()
    checks = Checks()
    protocol_checks(checks, options.image, init, not options.no_concurrency)
    failure_checks(checks, options.image, init, options.bad_main)
    print(("%d checks failed" % checks.failed) if checks.failed else "all checks passed", flush=True)
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
