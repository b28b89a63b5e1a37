"""pytest plugin for `make mutate` (pyproject [tool.mutmut] pytest_add_cli_args: -p …).

mutmut's first run traces which test reaches which function; the tracing makes a Hypothesis
example take seconds, and Hypothesis would report its own deadline instead of the test's result.
Mutation runs judge what a test asserts, not how fast it runs: no deadline there, and fewer
examples per property (each mutant runs the property tests again).
"""


def pytest_configure(config):
    from hypothesis import settings

    settings.register_profile("mutation", deadline=None, max_examples=30)
    settings.load_profile("mutation")
