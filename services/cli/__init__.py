"""The `pilothouse` terminal client: a client of both services, never of the database."""
