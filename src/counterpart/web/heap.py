"""Keeping the serving process's long-lived objects out of the garbage collector's way.

A node holds a few hundred thousand objects for as long as it runs: the substance registry
and its parsed structures, vocabularies, catalogs, routes, and a watchlist index once one is
built. CPython's cyclic collector walks every tracked object on each full (generation 2)
collection; on such a heap one takes 170-300 ms, and a request that meets it waits that long
(measured under the load bench: it was the p99). `settle()` collects what is garbage now and
moves the survivors to the permanent generation (`gc.freeze`), which the collector no longer
walks. Reference counting still frees them when they are dropped; only a cycle among them
would outlive its last reference, so `settle` is called where the long-lived set changes
rarely: once the app has started, and after a new watchlist index is built.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect the garbage there is, then exempt every surviving object from collection."""
    gc.collect()
    gc.freeze()
