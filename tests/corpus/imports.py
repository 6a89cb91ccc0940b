"""Flow signatures for the schema corpus: types from a package that is not installed, so
Prefect cannot import the module and falls back to reading it without importing."""

from not_installed_package import Config, Mode
from prefect import flow


@flow
def i_unknown_type(cfg: Config = None, n: int = 1):
    pass


@flow
def i_unknown_required(mode: Mode, label: str = "x"):
    """Args:
        mode: how to run
    """


@flow
def i_unknown_in_optional(cfg: "Config | None" = None):
    pass
