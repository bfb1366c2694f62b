from .audience import AUDIENCE_SPECIFICITY, Audience, AudienceWindow
from .offers import DiscountKind, Offer
from .pages import PromotionIndexPage, PromotionPage, gone_response
from .prices import PriceLine, PriceList
from .scheduling import SchedulerHeartbeat, SchedulerLease

__all__ = [
    "AUDIENCE_SPECIFICITY",
    "Audience",
    "AudienceWindow",
    "DiscountKind",
    "Offer",
    "PriceLine",
    "PriceList",
    "PromotionIndexPage",
    "PromotionPage",
    "SchedulerHeartbeat",
    "SchedulerLease",
    "gone_response",
]
