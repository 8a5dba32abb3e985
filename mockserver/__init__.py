"""circuithub-mock: a stateful, spec-driven mock of the CircuitHub Platform API."""

from mockserver.app import create_app, mock_of
from mockserver.config import Config

__all__ = ["Config", "create_app", "mock_of"]
