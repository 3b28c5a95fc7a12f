"""Key bindings shipped with the package, as YAML files."""
