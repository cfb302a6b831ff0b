import inspect

import storyline


def test_public_api_is_exactly_what_all_lists():
    public = {
        name
        for name, value in vars(storyline).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    # Names loaded on first use (the language stage) are public too.
    assert public | set(storyline._LAZY) == set(storyline.__all__)


def test_every_exported_name_is_importable_from_the_package():
    for name in storyline.__all__:
        assert getattr(storyline, name) is not None, name
