"""Page composer: articles → modules placed on the column grid, furniture, jumps."""
from layout.pages.paginate import LayoutResult, compose_edition

__all__ = ["LayoutResult", "compose_edition"]
