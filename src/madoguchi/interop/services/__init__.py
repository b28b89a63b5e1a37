"""Domain operations of the interop app (外部連携): the only module other apps call."""
