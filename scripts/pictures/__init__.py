"""Pictures of a scenario run (docs/pictures.md): the console's events as a
Perfetto trace (perfetto.py), a sequence diagram of door calls between
domains (sequence.py) and a schedule of the threads (schedule.py), all read
through one model of the run (model.py). Python 3 standard library only."""
