"""Number and date forms per language where Django's own differ from what readers expect
(FORMAT_MODULE_PATH): Chinese and Vietnamese group thousands (1,800,000 / 1.800.000)."""
