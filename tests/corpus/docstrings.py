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


# Google-style edge cases as Prefect reads them (griffe): a header needs a blank line before it,
# the last section wins, continuation lines are dedented by the first one's indentation.
@flow
def d1(x: int = 1, y: int = 2, z: int = 3):
    """Text.

    Args:
        x: first
            second
              third
        y (int): yy
          continued two
        z:
            only on the next line

    Returns:
        r
    """

@flow
def d2(x: int = 1):
    """Args:
        x: from the first line
    """

@flow
def d3(x: int = 1, y: int = 2):
    """Text.

    Parameters:
        x: px

    Arguments:
        y: ay
    """

@flow
def d4(x: int = 1, y: int = 2):
    """Text.

    Args:
        x: ax

        y: after a blank
    """

@flow
def e1(x: int = 1):
    """Text.

    Parameters:
        x: px
    """

@flow
def e2(x: int = 1):
    """Text.

    Params:
        x: px
    """

@flow
def e3(x: int = 1, y: int = 2):
    """Text.

    Keyword Args:
        x: kx

    Other Parameters:
        y: oy
    """

@flow
def e4(x: int = 1, y: int = 2):
    """Text.

    Args:
        x (int, optional): typed. Defaults to 1.
        y: has: colons: inside
    """

@flow
def e5(x: int = 1):
    """Text.
    More text.

    Args:
        x: fine
    Raises:
        ValueError: no
    """
