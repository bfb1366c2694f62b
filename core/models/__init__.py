from .generation import ContentGeneration
from .scheduling import SchedulerHeartbeat, SchedulerLease

__all__ = ["ContentGeneration", "SchedulerHeartbeat", "SchedulerLease"]
