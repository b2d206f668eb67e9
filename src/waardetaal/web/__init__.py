"""The writers' desk: a local web page and JSON API (``waardetaal serve``)."""
