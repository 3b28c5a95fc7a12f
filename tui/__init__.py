"""The review screen and the `triage` command."""
