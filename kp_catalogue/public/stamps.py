"""Keys of what is kept rendered per version of one service (cards, API list items, detail
bodies): the service with its own change stamp and its provider's (``updated_at``, moved by
every save, publication, import and confirmation), the version of the code lists it names
(``public.terms``) and the language. An edit changes the keys of that one service only, so a
stale part can never be served, and old keys simply expire."""


def service_key(kind, language, terms_version, pk, stamp, provider_stamp, *extra):
    parts = (kind, language, terms_version, pk, stamp.timestamp(), provider_stamp.timestamp(),
             *extra)
    return "kp:" + ":".join(str(part) for part in parts)
