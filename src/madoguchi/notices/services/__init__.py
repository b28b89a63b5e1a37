"""Domain operations of the notices app (通知): the only module other apps call."""
