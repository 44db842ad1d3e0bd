"""Run one 'container': start the ENTRYPOINT+CMD with exactly the given environment, wait until it
answers, run the HEALTHCHECK command (it must pass), make a few GET requests, stop the server, run the
HEALTHCHECK once more (it must now fail). Prints one JSON report. Started by test_image_steps.py,
inside a private network namespace when the machine allows it (so port 8080 is the image's own).

usage: python container_driver.py SPEC.json"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def main(spec_path: str) -> None:
    with open(spec_path) as f:
        spec = json.load(f)
    env, cwd = spec["env"], spec["cwd"]
    started = time.monotonic()
    server = subprocess.Popen(spec["command"], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    report: dict = {"ready_after_s": None, "healthcheck_exit": None}
    while time.monotonic() - started < 15 and server.poll() is None:
        try:
            get(spec["base"] + "/_sim/health")
        except OSError:
            time.sleep(0.02)
            continue
        report["ready_after_s"] = round(time.monotonic() - started, 3)
        check_started = time.monotonic()
        report["healthcheck_exit"] = subprocess.run(spec["healthcheck"], env=env, cwd=cwd, capture_output=True).returncode
        report["healthcheck_s"] = round(time.monotonic() - check_started, 3)
        report["get"] = {path: get(spec["base"] + path) for path in spec["get"]}
        break
    server.terminate()
    try:
        server.wait(5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    report["server_exit"] = server.returncode
    report["server_output"] = server.stdout.read().decode(errors="replace") if server.stdout else ""
    report["healthcheck_after_stop"] = subprocess.run(spec["healthcheck"], env=env, cwd=cwd,
                                                      capture_output=True).returncode
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
