"""The registry's tables (SQLAlchemy 2.x).

Column names follow the import formats in ``registry/schema/``; the rules that must hold
whatever writes to the database (unique codes, references, non-negative quantities,
ordered periods) are constraints here, not only checks in the importer.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Region(Base):
    """A Belarusian oblast (or Minsk) or a Russian federal subject."""

    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(24))
    name_en: Mapped[str] = mapped_column(String(120))
    name_ru: Mapped[str] = mapped_column(String(120))
    centre_en: Mapped[str | None] = mapped_column(String(80))
    centre_ru: Mapped[str | None] = mapped_column(String(80))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    __table_args__ = (
        CheckConstraint("country IN ('BY', 'RU')", name="country"),
        CheckConstraint("lat IS NULL OR (lat >= -90 AND lat <= 90)", name="lat"),
        CheckConstraint("lon IS NULL OR (lon >= -180 AND lon <= 180)", name="lon"),
    )


class RegionAlias(Base):
    """Another name of a region, in English or Russian (case forms included)."""

    __tablename__ = "region_aliases"
    region: Mapped[str] = mapped_column(
        ForeignKey("regions.code", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    alias: Mapped[str] = mapped_column(String(160), primary_key=True)


class Product(Base):
    """A code of the Harmonized System (HS2/HS4/HS6) or of the EAEU nomenclature (10 digits)."""

    __tablename__ = "products"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)
    parent: Mapped[str | None] = mapped_column(ForeignKey("products.code"), index=True)
    section: Mapped[str | None] = mapped_column(String(6))
    name_en: Mapped[str] = mapped_column(Text)
    name_ru: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (CheckConstraint("level IN (2, 4, 6, 10)", name="level"),)


class Enterprise(Base):
    """A producer or buyer of goods, sited in one region."""

    __tablename__ = "enterprises"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    city: Mapped[str | None] = mapped_column(String(80))
    sector: Mapped[str | None] = mapped_column(String(80))
    holding: Mapped[str | None] = mapped_column(String(120))
    tax_id: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)


class EnterpriseAlias(Base):
    """Another name of an enterprise (abbreviation, Russian name, former name)."""

    __tablename__ = "enterprise_aliases"
    enterprise: Mapped[str] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    alias: Mapped[str] = mapped_column(String(200), primary_key=True)


class Capability(Base):
    """What an enterprise can make: capacity, output, cost and backlog."""

    __tablename__ = "capabilities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enterprise: Mapped[str] = mapped_column(ForeignKey("enterprises.id"))
    hs: Mapped[str] = mapped_column(ForeignKey("products.code"), index=True)
    capacity: Mapped[float] = mapped_column(Float)
    output: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16), default="pcs")
    unit_cost: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    backlog_months: Mapped[float] = mapped_column(Float, default=0.0)
    year: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        UniqueConstraint("enterprise", "hs", name="uq_capabilities_enterprise_hs"),
        CheckConstraint("capacity >= 0", name="capacity"),
        CheckConstraint("output IS NULL OR (output >= 0 AND output <= capacity)", name="output"),
        CheckConstraint("unit_cost IS NULL OR unit_cost >= 0", name="unit_cost"),
        CheckConstraint("backlog_months >= 0", name="backlog_months"),
    )


class Demand(Base):
    """What a buyer needs per year, from which year, and who supplies it now."""

    __tablename__ = "demands"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    buyer_enterprise: Mapped[str | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    buyer_region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    hs: Mapped[str] = mapped_column(ForeignKey("products.code"), index=True)
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16), default="pcs")
    first_year: Mapped[int] = mapped_column(Integer)
    foreign_source: Mapped[str | None] = mapped_column(String(2))
    priority: Mapped[int] = mapped_column(Integer, default=3)
    must_localize_from: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority"),
    )


class TradeFlow(Base):
    """A trade figure: who reported it, with whom, for which period, from which source."""

    __tablename__ = "trade_flows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reporter: Mapped[str] = mapped_column(String(8))
    partner: Mapped[str] = mapped_column(String(8), index=True)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    flow: Mapped[str] = mapped_column(String(8))
    hs: Mapped[str] = mapped_column(String(10), default="TOTAL")
    value_usd: Mapped[float | None] = mapped_column(Float)
    value: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    qualifier: Mapped[str] = mapped_column(String(8), default="exact")
    growth_pct: Mapped[float | None] = mapped_column(Float)
    growth_basis: Mapped[str | None] = mapped_column(String(24))
    source: Mapped[str] = mapped_column(String(500))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        UniqueConstraint(
            "reporter",
            "partner",
            "period_start",
            "period_end",
            "flow",
            "hs",
            "source",
            name="uq_trade_flows_key",
        ),
        CheckConstraint("period_start <= period_end", name="period"),
        CheckConstraint("flow IN ('export', 'import', 'turnover')", name="flow"),
        CheckConstraint("value_usd IS NULL OR value_usd >= 0", name="value_usd"),
        CheckConstraint("value IS NULL OR value >= 0", name="value"),
        CheckConstraint("value_usd IS NOT NULL OR value IS NOT NULL", name="has_value"),
        Index("ix_trade_flows_partner_period", "partner", "period_start"),
    )


class Project(Base):
    """A cooperation project between enterprises or regions, as a source reports it."""

    __tablename__ = "projects"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    title_ru: Mapped[str | None] = mapped_column(Text)  # for Russian pages (migration 0007)
    sector: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16), default="other")
    status: Mapped[str] = mapped_column(String(12))
    stage: Mapped[int | None] = mapped_column(Integer)
    investment_usd: Mapped[float | None] = mapped_column(Float)
    horizon_year: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        CheckConstraint("stage IS NULL OR stage BETWEEN 1 AND 3", name="stage"),
        CheckConstraint("investment_usd IS NULL OR investment_usd >= 0", name="investment"),
    )


class ProjectParty(Base):
    __tablename__ = "project_parties"
    project: Mapped[str] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    enterprise: Mapped[str] = mapped_column(ForeignKey("enterprises.id"), primary_key=True)


class ProjectRegion(Base):
    __tablename__ = "project_regions"
    project: Mapped[str] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)


class ProjectDocument(Base):
    """A document that reports a project: the sentence, and the status it gave at the time."""

    __tablename__ = "project_documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    document: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12))
    stage: Mapped[int | None] = mapped_column(Integer)
    horizon_year: Mapped[int | None] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        UniqueConstraint("project", "document", "span_start", name="uq_project_documents_key"),
    )


class ProjectStage(Base):
    """One stage of a staged programme ("in three stages until 2030"), as a source lists it."""

    __tablename__ = "project_stages"
    project: Mapped[str] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    stage: Mapped[int] = mapped_column(Integer, primary_key=True)
    summary: Mapped[str] = mapped_column(Text)
    document: Mapped[str | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    __table_args__ = (CheckConstraint("stage BETWEEN 1 AND 9", name="stage"),)


class Trend(Base):
    """A direction of trade a document states without a figure ("trade has been growing")."""

    __tablename__ = "trends"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    partner: Mapped[str] = mapped_column(String(8), index=True)
    indicator: Mapped[str] = mapped_column(String(8))
    direction: Mapped[str] = mapped_column(String(10))
    period: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    sentence: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint(
            "indicator IN ('export', 'import', 'turnover', 'balance')", name="indicator"
        ),
        CheckConstraint(
            "direction IN ('rising', 'falling', 'positive', 'negative')", name="direction"
        ),
        UniqueConstraint("document", "span_start", "indicator", name="uq_trends_key"),
    )


class Document(Base):
    """A source document: an article, a statistics file, or a synthetic generator run."""

    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str | None] = mapped_column(Text)
    title_ru: Mapped[str | None] = mapped_column(Text)  # for Russian pages (migration 0007)
    url: Mapped[str | None] = mapped_column(String(500), index=True)
    published: Mapped[dt.date | None] = mapped_column(Date)
    published_partial: Mapped[str | None] = mapped_column(String(5))
    language: Mapped[str | None] = mapped_column(String(2))
    source_site: Mapped[str | None] = mapped_column(String(120))
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("documents.id"))


class Fact(Base):
    """A fact extracted from a document, with the character span it was read from."""

    __tablename__ = "facts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    payload: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    sentence: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint(
            "span_start IS NULL OR (span_start >= 0 AND span_end >= span_start)", name="span"
        ),
    )


class ExpansionOption(Base):
    """A possible expansion of an existing plant (localization stage 2)."""

    __tablename__ = "expansion_options"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    enterprise: Mapped[str] = mapped_column(ForeignKey("enterprises.id"), index=True)
    hs: Mapped[str] = mapped_column(ForeignKey("products.code"), index=True)
    added_capacity: Mapped[float] = mapped_column(Float)
    capital_cost: Mapped[float] = mapped_column(Float)
    lead_time_years: Mapped[int] = mapped_column(Integer, default=1)
    unit_cost: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        CheckConstraint("added_capacity >= 0", name="added_capacity"),
        CheckConstraint("capital_cost >= 0", name="capital_cost"),
        CheckConstraint("lead_time_years >= 0", name="lead_time"),
        CheckConstraint("unit_cost IS NULL OR unit_cost >= 0", name="unit_cost"),
    )


class PlantOption(Base):
    """A possible new plant in a region (localization stage 3)."""

    __tablename__ = "plant_options"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    hs: Mapped[str] = mapped_column(ForeignKey("products.code"), index=True)
    capacity: Mapped[float] = mapped_column(Float)
    capital_cost: Mapped[float] = mapped_column(Float)
    lead_time_years: Mapped[int] = mapped_column(Integer, default=3)
    unit_cost: Mapped[float] = mapped_column(Float)
    sponsor: Mapped[str | None] = mapped_column(ForeignKey("enterprises.id"))
    source: Mapped[str | None] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity"),
        CheckConstraint("capital_cost >= 0", name="capital_cost"),
        CheckConstraint("lead_time_years >= 0", name="lead_time"),
        CheckConstraint("unit_cost >= 0", name="unit_cost"),
    )


def table(model: type[Base]) -> Table:
    """The Core table of a mapped class, typed as a Table."""
    return cast(Table, model.__table__)


TABLE_OF_KIND: dict[str, Table] = {
    "regions": table(Region),
    "products": table(Product),
    "enterprises": table(Enterprise),
    "capabilities": table(Capability),
    "demands": table(Demand),
    "trade": table(TradeFlow),
    "projects": table(Project),
    "documents": table(Document),
    "expansions": table(ExpansionOption),
    "plants": table(PlantOption),
}


# --- web application: accounts, tokens, audit trail, review, background runs (migration 0005)


class User(Base):
    """A person who signs in to the web application; the role decides what they may see."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(200))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (
        CheckConstraint("role IN ('viewer', 'analyst', 'editor', 'admin')", name="role"),
    )


class ApiToken(Base):
    """A token for scripts; only its SHA-256 is kept, the token itself is shown once."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str | None] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    """One change: who made it, when, to what, and the record before and after (JSON)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class FactReview(Base):
    """A reviewer's verdict on an extracted fact; a correction sits beside the extracted value."""

    __tablename__ = "fact_reviews"
    fact: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))
    corrected_payload: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(80))
    reviewed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        CheckConstraint("status IN ('accepted', 'rejected', 'corrected')", name="status"),
    )


class PlanRun(Base):
    """A planner run started from the web: a background job with progress and results."""

    __tablename__ = "plan_runs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_by: Mapped[str] = mapped_column(String(80))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    status: Mapped[str] = mapped_column(String(12))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str | None] = mapped_column(Text)
    options: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    report_html: Mapped[str | None] = mapped_column(Text)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # written every few seconds by the run's process (migration 0006): a queued or running
    # run without a recent one has lost its process and is marked failed
    heartbeat: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed', 'cancelled')", name="status"
        ),
    )
