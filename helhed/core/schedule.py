"""Periodic work: an extension point where each app registers the tasks the scheduler enqueues.

    register_periodic(send_due_reminders, every_minutes=1)     # from contact's AppConfig.ready()
    register_periodic(evaluate_obligations_nightly, nightly=True)

`task` is a django-tasks task. `every_minutes` enqueues it that often (not again while an earlier run waits);
`nightly=True` enqueues it once a day at `HELHED_NIGHTLY_AT`. `manage.py schedule_tasks` reads this registry
and imports no app.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Periodic:
    task: object
    every_minutes: int | None = None
    nightly: bool = False

    @property
    def name(self) -> str:
        return self.task.module_path.rsplit(".", 1)[-1]


_PERIODIC: dict[str, Periodic] = {}


def register_periodic(task, *, every_minutes: int | None = None, nightly: bool = False) -> None:
    if (every_minutes is None) == (not nightly):
        raise ValueError("Give either every_minutes or nightly=True.")
    _PERIODIC[task.module_path] = Periodic(task, every_minutes, nightly)


def periodic_tasks() -> list[Periodic]:
    return sorted(_PERIODIC.values(), key=lambda p: p.task.module_path)
