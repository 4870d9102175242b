"""The rules-as-code policy engine: framework-free, exact, three-valued, explainable.

Rule files (``hatchway/policy/rules/*.yaml``) hold the programmes as data; this package reads records in
the docs/policy/criteria.md §5 schema, evaluates them one at a time (with traces, near-miss hints and
what-if) or many at once over numpy columns — for a large batch as one compiled loop when numba is
installed (``pip install 'hatchway[fast]'``, see ``compiled_available``) — and never imports Django nor
reads the environment: the app passes in what it configures (``kernel_cache``).

Everything outside this package imports from here; the ``_modules`` are private.
"""

from hatchway.policy.engine._columns import (
    Col,
    Columns,
    bool_column,
    category_column,
    cell,
    num_column,
    str_column,
)
from hatchway.policy.engine._compiled import available as compiled_available
from hatchway.policy.engine._evaluate import (
    FAIL,
    PASS,
    UNKNOWN,
    ParameterNotSet,
    ResolvedParameter,
    apply_changes,
    evaluate_facts,
    evaluate_record,
    evaluate_records,
    get_programme,
    jsonable,
    programmes,
    read_facts,
    read_rule_file,
    resolve_parameters,
    what_if,
    with_parameters,
)
from hatchway.policy.engine._expr import EvaluationError, ExpressionError, parse
from hatchway.policy.engine._growth import Growth, bands_from_parameter, growth_indicator
from hatchway.policy.engine._inputs import Facts, FieldError, InputErrors
from hatchway.policy.engine._rules import RULES_DIR, Programme, RuleFileError, Text
from hatchway.policy.engine._values import Unknown, decimal_text, exact
from hatchway.policy.engine._vector import (
    COMPILED_MIN_ROWS,
    THREADS,
    VectorResult,
    columns_from_facts,
    evaluate_columns,
    evaluate_many,
)

__all__ = [
    "COMPILED_MIN_ROWS",
    "FAIL",
    "PASS",
    "RULES_DIR",
    "THREADS",
    "UNKNOWN",
    "Col",
    "Columns",
    "EvaluationError",
    "ExpressionError",
    "Facts",
    "FieldError",
    "Growth",
    "InputErrors",
    "ParameterNotSet",
    "Programme",
    "ResolvedParameter",
    "RuleFileError",
    "Text",
    "Unknown",
    "VectorResult",
    "apply_changes",
    "bands_from_parameter",
    "bool_column",
    "category_column",
    "cell",
    "columns_from_facts",
    "compiled_available",
    "decimal_text",
    "evaluate_columns",
    "evaluate_facts",
    "evaluate_many",
    "evaluate_record",
    "evaluate_records",
    "exact",
    "get_programme",
    "growth_indicator",
    "jsonable",
    "num_column",
    "parse",
    "programmes",
    "read_facts",
    "read_rule_file",
    "resolve_parameters",
    "str_column",
    "what_if",
    "with_parameters",
]
