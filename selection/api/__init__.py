"""The selection side's REST endpoints (DRF): reviews (/api/v1/reviews/), decisions (/api/v1/decisions/) and the
dashboard's figures (/api/v1/stats/)."""
