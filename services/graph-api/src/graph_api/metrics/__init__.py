"""Prometheus metrics at /metrics: what graph-api counts (families.py, the GraphQL extension in
operations.py, the store's statements in store/statement_metrics.py), who may read them
(access.py: loopback peers or the metrics token), and the answer itself (endpoint.py), summed over
every worker process when `serve` runs several (multiprocess.py)."""
