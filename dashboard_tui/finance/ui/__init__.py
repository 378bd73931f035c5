"""The finance area's screens."""
