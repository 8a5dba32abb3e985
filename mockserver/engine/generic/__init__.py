"""Zero-code mode: stateful behaviour inferred from any OpenAPI 3.0 or 3.1 document."""
