"""An API as one app mounts it: its parsed spec, registry, views, judge and default data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mockserver.engine.api import ApiPackage, Handler
from mockserver.engine.config import Config
from mockserver.engine.dataset import load_dataset
from mockserver.engine.judge import Judge
from mockserver.engine.registry import Registry
from mockserver.engine.spec import Spec, load_spec
from mockserver.engine.views import Views


@dataclass(slots=True)
class Mount:
    """Everything about one API that is the same in every session."""

    api: ApiPackage
    spec: Spec
    registry: Registry
    views: Views
    judge: Judge
    handlers: dict[str, Handler]
    dataset: dict[str, Any]

    @property
    def name(self) -> str:
        return self.api.name

    @property
    def path(self) -> str:
        """Where its operations are served, e.g. `/v1`."""
        return self.api.mount.rstrip("/")


def _reuse_encoded(config: Config) -> bool:
    """Records' JSON can be reused where records are never changed in place (memory stores),
    and not in strict mode, which checks the values of every answer."""
    return not config.strict and config.data_dir is None and config.redis_url is None


def mount(api: ApiPackage, config: Config) -> Mount:
    spec = load_spec(api.spec_path)
    override = config.datasets.get(api.name)
    return Mount(
        api=api,
        spec=spec,
        registry=Registry(spec.schemas, api.resources),
        views=Views(spec.schemas, spec.resolve, encode=_reuse_encoded(config)),
        judge=Judge(api.spec_path),
        handlers=dict(api.handlers(spec)),
        dataset=load_dataset(override) if override else api.default_dataset(),
    )
