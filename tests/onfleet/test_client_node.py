"""@onfleet/node-onfleet against a real ordersim process (bare-key Basic auth, base URL in its
constructor). Tests may not download, so this runs only where the package is already installed:
`npm install --prefix /some/dir @onfleet/node-onfleet@1.4.0` and
`ORDERSIM_NODE_MODULES=/some/dir/node_modules`; otherwise it skips."""

import json
import os
import pathlib
import shutil
import subprocess

import pytest

from tests.server import running_server

SCRIPT = pathlib.Path(__file__).with_name("node_client.mjs")


def sdk_entry() -> pathlib.Path:
    modules = os.environ.get("ORDERSIM_NODE_MODULES")
    entry = pathlib.Path(modules or "/nonexistent") / "@onfleet" / "node-onfleet" / "index.js"
    if shutil.which("node") is None or not entry.is_file():
        pytest.skip("node or @onfleet/node-onfleet not installed (set ORDERSIM_NODE_MODULES)")
    return entry


def test_node_onfleet_verifies_key_creates_and_reads_back():
    entry = sdk_entry()
    with running_server() as base:
        done = subprocess.run(["node", str(SCRIPT), entry.as_uri(), base], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out == {"baseUrl": f"{base}/onfleet/api/v2", "verified": True, "created": 200, "readBack": True,
                   "task": True, "webhooks": []}
