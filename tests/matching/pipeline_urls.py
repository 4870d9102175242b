"""The project's routes plus the pipeline's, for the time before ``matching/urls.py`` and ``api.py`` include them.

The pipeline's API is served by a second NinjaAPI under the same ``/api/v1/`` prefix, with the one API's
authentication and error handlers, so responses are the same as once it is mounted there.
"""

from django.urls import include, path
from ninja import NinjaAPI

from hatchway import urls as project
from hatchway.api import api
from hatchway.matching import api_pipeline, urls_pipeline
from hatchway.matching import urls as matching_urls

pipeline_api = NinjaAPI(auth=api.auth, urls_namespace="pipeline_api", docs_url=None, openapi_url=None)
pipeline_api._exception_handlers = dict(api._exception_handlers)
pipeline_api.add_router("/", api_pipeline.router)

_PIPELINE_NAMES = {pattern.name for pattern in urls_pipeline.urlpatterns}
_matching = [p for p in matching_urls.urlpatterns if getattr(p, "name", None) not in _PIPELINE_NAMES]


def _keep(pattern: object) -> bool:
    return str(getattr(pattern, "pattern", "")) != "matching/"


urlpatterns = [
    path("matching/", include(([*_matching, *urls_pipeline.urlpatterns], "matching"))),
    path("api/v1/", pipeline_api.urls),
    *[pattern for pattern in project.urlpatterns if _keep(pattern)],
]

handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
