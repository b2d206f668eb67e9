"""A small version of ``benchmarks/bench_serve.py``: concurrent writers on the default server, no request fails."""

from __future__ import annotations

from benchmarks.bench_serve import load, start_server, vacancy

CLIENTS = 5
SECONDS = 5.0


def test_concurrent_clients_checking_a_vacancy_all_get_their_findings() -> None:
    text = vacancy()
    assert len(text.split()) == 500
    server = start_server()  # the default workers and queue
    try:
        measured = load(server, CLIENTS, SECONDS, text)
    finally:
        server.stop()
    figures = measured.summary()
    assert measured.failures == [], measured.failures[:3]
    assert figures["requests"] >= CLIENTS  # every client was answered at least once
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert figures["peak_memory_mb"] > 0
    print(figures)
