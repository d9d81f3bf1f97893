"""The selection side's REST endpoints: reviews (/api/v1/reviews/) and decisions (/api/v1/decisions/)."""
