"""Flow signatures for the schema corpus: builtins, typing forms, defaults, parameter kinds."""

import datetime
import decimal
import pathlib
import uuid
from typing import Annotated, Any, Dict, List, Literal, Optional, Set, Tuple, Union

from prefect import flow


@flow
def t_int(x: int = 1):
    pass


@flow
def t_float(x: float = 1.5):
    pass


@flow
def t_float_int_default(x: float = 2):
    pass


@flow
def t_str(x: str = 'a'):
    pass


@flow
def t_bool(x: bool = True):
    pass


@flow
def t_bytes(x: bytes = b'ab'):
    pass


@flow
def t_required_mix(a: int, b: str, c: float = 0.0):
    pass


@flow
def t_no_annotation(a, b=1, c='x', d=None):
    pass


@flow
def t_list(x: list = []):
    pass


@flow
def t_list_int(x: List[int] = [1, 2]):
    pass


@flow
def t_list_str_pep585(x: list[str] = ['a']):
    pass


@flow
def t_list_nested(x: List[List[int]] = [[1]]):
    pass


@flow
def t_dict(x: dict = {}):
    pass


@flow
def t_dict_str_int(x: Dict[str, int] = {'a': 1}):
    pass


@flow
def t_dict_any(x: dict[str, Any] = {}):
    pass


@flow
def t_dict_nested(x: Dict[str, List[float]] = {}):
    pass


@flow
def t_tuple(x: tuple = (1, 'a')):
    pass


@flow
def t_tuple_fixed(x: Tuple[int, str] = (1, 'a')):
    pass


@flow
def t_tuple_var(x: Tuple[int, ...] = (1, 2)):
    pass


@flow
def t_set(x: Set[int] = set()):
    pass


@flow
def t_frozenset(x: frozenset = frozenset()):
    pass


@flow
def t_optional(x: Optional[int] = None):
    pass


@flow
def t_optional_str_required(x: Optional[str]):
    pass


@flow
def t_union(x: Union[int, str] = 1):
    pass


@flow
def t_union_none_first(x: Union[None, int] = None):
    pass


@flow
def t_pep604(x: int | None = None):
    pass


@flow
def t_pep604_three(x: int | str | None = 'a'):
    pass


@flow
def t_literal_str(x: Literal['a', 'b'] = 'a'):
    pass


@flow
def t_literal_int(x: Literal[1, 2, 3] = 2):
    pass


@flow
def t_literal_one(x: Literal['only'] = 'only'):
    pass


@flow
def t_literal_mixed(x: Literal[1, 'a'] = 1):
    pass


@flow
def t_any(x: Any = None):
    pass


@flow
def t_annotated(x: Annotated[int, 'meta'] = 3):
    pass


@flow
def t_datetime(x: datetime.datetime = None):
    pass


@flow
def t_date(x: datetime.date = None):
    pass


@flow
def t_time(x: datetime.time = None):
    pass


@flow
def t_timedelta(x: datetime.timedelta = None):
    pass


@flow
def t_uuid(x: uuid.UUID = None):
    pass


@flow
def t_path(x: pathlib.Path = None):
    pass


@flow
def t_decimal(x: decimal.Decimal = None):
    pass


@flow
def t_negative(x: int = -5, y: float = -0.5):
    pass


@flow
def t_nested_default(x: dict = {'a': [1, {'b': None}], 'c': (1, 2)}):
    pass


@flow
def t_string_annotation(x: 'int' = 1):
    pass


@flow
def t_kwonly(a: int = 1, *, b: str = 'k', c: bool = False):
    pass


@flow
def t_varargs(*args, **kwargs):
    pass


@flow
def t_typed_varargs(*args: int, **kwargs: str):
    pass


@flow
def t_posonly(a: int, /, b: int = 2):
    pass


@flow
def t_empty():
    pass
