"""Node-to-node exchange: wire messages, the peer client, log mirroring, node keys."""
