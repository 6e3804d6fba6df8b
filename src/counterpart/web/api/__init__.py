"""The versioned JSON API, one router module per capability."""
