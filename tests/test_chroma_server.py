"""The same search through a real Chroma server (`chroma run`) and HttpClient."""
import shutil
import subprocess

import pytest

from tests.servers import free_port, wait_for_http

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    exe = shutil.which("chroma")
    assert exe, "the chroma CLI ships with chromadb and must be on PATH"
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/api/v2/heartbeat", proc, "chroma run")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_search_through_http_client_matches_embedded(kb, index, chroma_url, tmp_path):
    from knowledge.index import PolicyIndex

    remote = PolicyIndex.open(kb, tmp_path, chroma_url=chroma_url, progress=False)
    assert type(remote.collection._client).__name__ != "PersistentClient"
    assert remote.collection.count() == index.collection.count()
    for q in ("研发投入强度要达到多少", "示範基地多久進行一次成效評估", "取消称号"):
        assert [h.ref for h in remote.search(q, k=3)] == [h.ref for h in index.search(q, k=3)]


def test_unreachable_server_is_a_clear_error(kb, tmp_path):
    from knowledge.errors import PolicyIndexUnavailable
    from knowledge.index import PolicyIndex

    with pytest.raises(PolicyIndexUnavailable) as e:
        PolicyIndex.open(kb, tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}", progress=False)
    assert "政策索引不可用" in e.value.user_message
