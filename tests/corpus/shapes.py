from typing import Annotated, Literal, Union, List
from typing_extensions import TypeAlias
from pydantic import BaseModel, Field
from dataclasses import dataclass
from enum import Enum
from prefect import flow

from pkg.models import Mode, Params
import pkg.models as models
from pkg import models as m2


class Cat(BaseModel):
    kind: Literal["cat"] = "cat"
    lives: int = 9


class Dog(BaseModel):
    kind: Literal["dog"] = "dog"
    good: bool = True


Pet = Annotated[Union[Cat, Dog], Field(discriminator="kind")]
Names: TypeAlias = List[str]


class Level(str, Enum):
    LOW = "low"
    HIGH = "high"


class Inner(BaseModel):
    level: Level = Level.LOW
    n: int = 1


class Outer(BaseModel):
    inner: Inner = Inner()
    name: str = "o"


@dataclass
class Box:
    w: int
    h: int = 2


@flow
def s_shapes(pet: Pet = Cat(), names: Names = ["a"], outer: Outer = Outer(name="x"), box: Box = Box(3),
             p: models.Params = None, mode: m2.Mode = Mode.SAFE):
    pass
