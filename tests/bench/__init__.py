"""`make bench`: performance figures of Pilothouse, each beside a bare baseline measured
in the same run on the same machine. Files are named bench_*.py so pytest never collects
them; `python -m tests.bench [figure ...]` runs them (see __main__.py)."""
