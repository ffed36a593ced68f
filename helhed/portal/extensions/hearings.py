"""Registrations for the portal area: hearings, "who has looked at my case" and "my data".

Nothing to register: the area adds no portal model (the citizen's answer is a field of `sanctions.Hearing`, declared
by sanctions with its change history), no staff page that logs a read (staff read the answer on `sanctions:case`,
whose title sanctions registers), and the citizen's own pages are not written to the read log (it records staff)."""
