"""The handlers of the typed commands, one module per theme. Each is ``handler(interview, arg)``
and returns the replies; the registry (:mod:`..registry`) names them. Nothing is imported here,
so that the registry can import the handlers without importing itself."""
