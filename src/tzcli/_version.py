"""The version, in a module of its own: the loader's cache keys on it, and a module of
the package that imported ``tzcli`` itself for it would close an import cycle
(``tzcli.load_dataset`` imports the loader). Read by hatch (pyproject.toml)."""

__version__ = "0.2.0"
