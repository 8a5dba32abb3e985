"""Testing against the mock from Python: the admin API client and the pytest plugin.

`mockserver.testing.plugin` is registered as a pytest plugin (entry point `pytest11`); its
fixtures `mock` and `mock_server` exist in every pytest run of an environment where
circuithub-mock is installed, and do nothing until a test asks for them.
"""

from mockserver.testing.client import MockClient
from mockserver.testing.errors import MockError

__all__ = ["MockClient", "MockError"]
