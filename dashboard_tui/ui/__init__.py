"""The shell: base screen, home, help, error, command palette."""
