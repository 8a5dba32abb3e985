"""The admin API's handlers: `<tag>.py::<snake_case operationId>`, as for any API."""
