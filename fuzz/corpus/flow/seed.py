from prefect import flow


@flow(name="seed")
def main(n: int = 1, *, tags: list[str] = []):
    """Seed.

    Args:
        n: how many
    """
