"""Flow signatures for the schema corpus: methods and decorator arguments."""

from prefect import flow


class Jobs:
    @flow(name="corpus-method")
    def run(self, table: str, limit: int = 10):
        """Runs a job.

        Args:
            table: which table
        """

    @classmethod
    @flow
    def build(cls, n: int = 1):
        pass


@flow(description="from the decorator", version="9")
def x_decorated(a: int = 1):
    """Not used as the description."""
