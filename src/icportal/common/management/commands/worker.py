from django.core.management.base import BaseCommand

from icportal.common import worker


class Command(BaseCommand):
    help = (
        "Run background jobs (document signing, e-SANCHIT uploads, e-mails, daily tables), "
        "each task in its own thread on its own schedule; several workers may run on PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="One pass over every task, then exit."
        )
        parser.add_argument("--task", action="append", dest="tasks", help="Only these task names.")
        parser.add_argument(
            "--idle-sleep",
            type=float,
            default=1.0,
            help="Seconds between looks of the tasks declared every=0 (the worker's tick).",
        )

    def handle(self, *args, once=False, tasks=None, idle_sleep=1.0, **options):
        if once:
            handled = worker.run_once(names=tasks)
            worker.Heartbeat(worker.worker_id(), every=0).beat()  # a cron-run pass counts too
            self.stdout.write(f"Handled {handled} job(s).")
            return
        self.stdout.write(f"Worker {worker.worker_id()} running; Ctrl-C to stop.")
        try:
            worker.run_forever(idle_sleep=idle_sleep, names=tasks)
        except KeyboardInterrupt:
            self.stdout.write("Worker stopped.")
