"""The web application and REST API over the same library functions as the CLI.

Public surface::

    from coopatlas.web.app import Settings, create_app
    app = create_app(Settings(db_url="sqlite:///coopatlas.db"))   # a FastAPI app
    accounts.add_user(engine, "ana", "analyst", "a long password")
    accounts.create_token(engine, "ana")                         # shown once
"""
