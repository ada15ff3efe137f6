"""Batch runs over millions of articles on Dask distributed: partitions of the input analysed
on workers that load the pipeline once, each partition's rows written once, resumable."""
