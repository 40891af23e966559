"""Hinge's fault-injection scenarios on the host (docs/scenarios.md): the one
parser of the scenario language, its compiler to the boot form, the reading
of a run's console, the report, the model of the crash rules and the chaos
generator. scripts/README.md lists the modules."""
