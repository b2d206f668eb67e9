"""The batch scan (``waardetaal scan``): many documents in parallel, a resumable store and a report.

Data flows one way: walking yields :class:`~waardetaal.scan.model.DocumentTask`
values, an executor (local worker processes or a Dask cluster) turns each into a
:class:`~waardetaal.scan.model.DocumentResult` with
:func:`waardetaal.scan.work.check_document`, the store records each result as
it arrives, and the outputs (CSV files and the HTML report) are written from the
store.
"""
