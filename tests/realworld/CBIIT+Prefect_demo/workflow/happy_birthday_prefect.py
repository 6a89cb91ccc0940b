# Signatures from github.com/CBIIT/Prefect_demo (workflow/happy_birthday_prefect.py at 2cabce95d993): bodies dropped.
from prefect import flow, get_run_logger
from typing import Literal

def birthday_message(*args, **kwargs):
    ...
DropDownChoices = Literal['yes', 'no']

@flow(name='Happy_Birthday', log_prints=True, flow_run_name='happy_birthday...')
def runner(user_name: str, celebration_mode: DropDownChoices):
    """
    Prints a birthday message.
    If no name is provided, defaults to "user" and prints "Happy Birthday to you".
    If celebration_mode is True, surrounds the message with dancing Kirby emojis.

    Args:
        user_name (str): The name of the person. Defaults to "user".
        celebration_mode (DropDownChoices): Whether to enable celebration mode. Defaults to False.
    """
    pass
