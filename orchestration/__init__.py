"""Orchestration: the build, load, shards and Dask scale-out that join extraction and the store."""
