"""To be written."""

from ninja import Router

router = Router()
