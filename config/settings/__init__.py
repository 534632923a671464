"""Settings, composed: the base, then one module per part of the site.

`DJANGO_SETTINGS_MODULE=config.settings` loads this package. `base` reads the environment and
configures Django and the libraries; each part module reads that part's own variables (README.md's
configuration table lists every one) and may extend a base value (training adds video formats),
so the base comes first and the order below is deliberate.
"""

# isort: skip_file

from config.settings.base import *  # noqa: F403
from config.settings.accounts import *  # noqa: F403
from config.settings.register import *  # noqa: F403
from config.settings.consultation import *  # noqa: F403
from config.settings.library import *  # noqa: F403
from config.settings.observatory import *  # noqa: F403
from config.settings.training import *  # noqa: F403
from config.settings.inference import *  # noqa: F403
from config.settings.workspace import *  # noqa: F403
