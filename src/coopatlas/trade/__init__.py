"""The trade monitor: indicators, the bulk statistics store, alerts and economic complexity.

Public surface (see docs/trade.md): :func:`indicators.partner_series`,
:func:`indicators.structure`, :func:`indicators.turnover_by_partner`, :func:`alerts.alerts`,
:func:`complexity.complexity`, :func:`complexity.next_products`, :func:`store.load_files`.
"""
