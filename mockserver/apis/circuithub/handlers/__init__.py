"""One module per spec tag; each function is the snake_case of an operationId."""
