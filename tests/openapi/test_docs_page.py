"""/_sim/docs works with no internet: the page and everything it loads come from this server."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.anyio
REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


async def test_docs_page_and_every_asset_it_loads_come_from_this_server(client):
    for page in ("/_sim/docs", "/_sim/docs/control"):
        resp = await client.get(page)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
        html = resp.text
        assert "http://" not in html and "https://" not in html and "//" not in html.replace("<!--", "")
        assets = REFERENCE.findall(html)
        assert len(assets) >= 3  # stylesheet, icon, two scripts
        documents = re.findall(r'"url":"(/_sim/openapi/[^"]+)"', html)
        assert "/_sim/openapi/control.json" in documents
        for path in assets + documents:
            assert path.startswith("/_sim/"), path
            got = await client.get(path)
            assert got.status_code == 200 and len(got.content) > 100, path
            if path.endswith(".css"):  # nothing the stylesheet pulls in may come from elsewhere
                assert re.findall(r"url\((?!\"?data:)", got.text) == []
    assert '"validatorUrl":null' in html  # Swagger UI would otherwise call its public validator


async def test_docs_asset_route_serves_only_the_bundle_files(client):
    for path in ("/_sim/docs/assets/nope.js", "/_sim/docs/assets/..%2F__init__.py", "/_sim/docs/assets/index.j2"):
        resp = await client.get(path)
        assert resp.status_code == 404 and resp.json()["status"] == 404, path
