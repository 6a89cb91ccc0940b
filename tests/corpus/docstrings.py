"""Flow signatures for the schema corpus: docstring styles."""

from prefect import flow


@flow
def d_google(a: int, b: str = "x"):
    """Google style.

    Args:
        a: the first
        b (str): the second
            over two lines
    """


@flow
def d_numpy(a: int, b: str = "x"):
    """NumPy style.

    Parameters
    ----------
    a : int
        the first
    b : str
        the second
    """


@flow
def d_sphinx(a: int, b: str = "x"):
    """Sphinx style.

    :param a: the first
    :param b: the second
    """


@flow
def d_google_kwargs(a: int, *, b: int = 2, **extra):
    """Keyword arguments.

    Args:
        a: positional
        b: keyword only
        **extra: anything else
    """


@flow
def d_none(a: int):
    pass
