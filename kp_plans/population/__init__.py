"""Population data: the helper other features read figures through (``figures``), the reading
of the Czech Statistical Office's CSV (``reading``) and the admin's viewset and upload."""
