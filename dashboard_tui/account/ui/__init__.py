"""The login, registration and settings screens."""
