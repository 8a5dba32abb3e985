"""The admin API under `/_mock`: the mock's state, clock, faults, journal and sessions.

It has an OpenAPI document of its own (`openapi.yaml`), served, validated and checked by the
same engine as every API; it knows no API and acts on whatever the host mounts.
"""
