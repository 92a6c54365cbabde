"""Building every brief of a project: plan, skip what is unchanged, run units on an executor,
stage and commit, the catalogue."""
