# Signatures from github.com/CBIIT/ChildhoodCancerDataInitiative-cBioPortal-Workflows (workflows/restart-ecs-service.py at 9f2a772c0a99): bodies dropped.
from prefect import flow
from src.utils import restart_ecs_service

@flow
def restart_backend_ecs_service(env_name: str):
    """
    A flow that orchestrates the restart of a specific ECS service.
    """
    pass
