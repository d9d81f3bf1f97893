"""The applications' REST endpoints (/api/v1/applications/): read for staff and applicants, write for applicants."""
