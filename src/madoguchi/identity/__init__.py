"""Identity (本人確認): resident login with the My Number card over OpenID Connect, the test
identity provider, JPKI-style signatures, and staff login with MFA."""
