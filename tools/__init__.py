"""Developer tools: benchmarks, load tests, the test server and browser helpers (Playwright, subprocesses).

Never imported by the app; run them as `python -m tools.bench`, `python -m tools.load_test`.
"""
