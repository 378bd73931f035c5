"""One screen per module. Screens call services only from thread workers."""
