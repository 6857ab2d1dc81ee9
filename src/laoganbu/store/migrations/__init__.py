"""The store's schema migrations (Alembic), run by :meth:`laoganbu.store.Store.init`."""
