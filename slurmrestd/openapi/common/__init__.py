"""What the slurmctld OpenAPI plugins share; not a plugin itself."""
