"""Fixtures of the live Kubernetes tests: the replay API server and a kubeconfig pointing at it.

``apiserver.py`` is loaded as the module ``k8s_replay`` so test modules can import its types.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

_spec = importlib.util.spec_from_file_location("k8s_replay", Path(__file__).with_name("apiserver.py"))
assert _spec is not None and _spec.loader is not None
replay = importlib.util.module_from_spec(_spec)
sys.modules["k8s_replay"] = replay
_spec.loader.exec_module(replay)

Serve = Callable[..., tuple[Any, Path]]


@pytest.fixture
def serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    """``serve(cluster="basic", **behaviour)``: a running replay server of that recorded cluster
    and a kubeconfig (context ``replay``) for it; KUBECONFIG is cleared so nothing else is read."""
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    servers: list[Any] = []

    def start(cluster: str | Any = "basic", **behaviour: Any) -> tuple[Any, Path]:
        recorded = replay.Cluster.recorded(cluster) if isinstance(cluster, str) else cluster
        server = replay.ReplayServer(recorded, replay.Behaviour(**behaviour)).__enter__()
        servers.append(server)
        return server, server.kubeconfig(tmp_path / f"kubeconfig-{len(servers)}")

    yield start
    for server in servers:
        server.__exit__(None, None, None)
