"""The visit-notebook contract: what a visit holds (spec), the typed records (model), problems
and errors."""
