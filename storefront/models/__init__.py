from .home import HomePage
from .site_settings import CompanySettings, NavigationSettings

__all__ = ["CompanySettings", "HomePage", "NavigationSettings"]
