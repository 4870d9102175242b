"""The rules-as-code policy engine: framework-free, exact, three-valued, explainable.

Rule files (``hatchway/policy/rules/*.yaml``) hold the programmes as data; this package reads records in
the criteria.md §5 schema, evaluates them one at a time (with traces, near-miss hints and what-if) or
many at once over numpy columns — for a large batch as one compiled loop when numba is installed
(``_compiled``) — and never imports Django.
"""

from hatchway.policy.engine._evaluate import (
    FAIL,
    PASS,
    UNKNOWN,
    ParameterNotSet,
    apply_changes,
    evaluate_facts,
    evaluate_record,
    evaluate_records,
    get_programme,
    jsonable,
    programmes,
    read_facts,
    read_rule_file,
    what_if,
    with_parameters,
)
from hatchway.policy.engine._expr import EvaluationError, ExpressionError, parse
from hatchway.policy.engine._growth import Growth, growth_indicator
from hatchway.policy.engine._inputs import Facts, FieldError, InputErrors
from hatchway.policy.engine._rules import Programme, RuleFileError
from hatchway.policy.engine._values import Unknown, decimal_text
from hatchway.policy.engine._vector import (
    Columns,
    category_column,
    columns_from_facts,
    evaluate_columns,
    evaluate_many,
)

__all__ = [
    "FAIL",
    "PASS",
    "UNKNOWN",
    "Columns",
    "EvaluationError",
    "ExpressionError",
    "Facts",
    "FieldError",
    "Growth",
    "InputErrors",
    "ParameterNotSet",
    "Programme",
    "RuleFileError",
    "Unknown",
    "apply_changes",
    "category_column",
    "columns_from_facts",
    "decimal_text",
    "evaluate_columns",
    "evaluate_facts",
    "evaluate_many",
    "evaluate_record",
    "evaluate_records",
    "get_programme",
    "growth_indicator",
    "jsonable",
    "parse",
    "programmes",
    "read_facts",
    "read_rule_file",
    "what_if",
    "with_parameters",
]
