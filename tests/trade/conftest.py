from tests.trade.helpers import trade_engine

__all__ = ["trade_engine"]
