"""The selection side's REST endpoints (DRF)."""
