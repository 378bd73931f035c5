"""Generic, UI-free pieces every area builds on: errors, validation, parsing,
the unit-of-work handle, the scoped repository, paging, entity and area declarations."""
