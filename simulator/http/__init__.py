"""HTTP plumbing shared by every vendor: errors, JSON responses, middleware, journal, faults."""
