"""What the rehearsal does, in the order an operator and the council's people would do it."""

from __future__ import annotations

import json
import logging
import os
import queue
import secrets
import signal
import socket
import threading
import time
import uuid

import httpx
import journey
from journey import Api, Browser, Failure
from rehearse import BIN, ICS, OFFICE_ID, SOURCE, free_port, wait_for

CLIENT_A, CLIENT_B, CLIENT_C, CLIENT_D = "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"
GUNICORN_WORKERS = 2


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def set_up(rh):
    """The operator: database, keys, env file, check --deploy, migrate, collectstatic; then the
    services start while the first admin, the signing key and ICEGATE's records are added."""
    from icportal.documents.devkeys import ensure_office_keys, passphrase

    rh.say("PostgreSQL 15: a throwaway cluster with the databases icportal and icegate_sandbox")
    url, sandbox_url = rh.postgres()
    cert, key = rh.tls_certificate()
    ports = {n: free_port() for n in ("web", "https", "http", "sandbox", "smtp", "pki")}
    site = f"https://127.0.0.1:{ports['https']}"
    keys_dir = rh.tmp / "keys"
    pki_url = f"http://127.0.0.1:{ports['pki']}/"  # the development PKI stands in for the CA's
    (office_key,) = ensure_office_keys(keys_dir, [("CHN", "Chennai")], base_url=pki_url)
    office_password = secrets.token_urlsafe(12) + "-Aa1"
    env = rh.env(
        DJANGO_SETTINGS_MODULE="icportal.config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        ICPORTAL_SITE_URL=site,
        DATABASE_URL=url,
        ICPORTAL_VAR_DIR=str(rh.tmp / "var"),
        ICPORTAL_STATIC_ROOT=str(rh.tmp / "static"),
        ICPORTAL_TRUSTED_PROXIES="127.0.0.1",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(ports["smtp"]),
        EMAIL_USE_TLS="false",
        DEFAULT_FROM_EMAIL="ic-desk@rehearsal.example",
        ICEGATE_BASE_URL=f"http://127.0.0.1:{ports['sandbox']}/sandbox/icegate/",
        ICEGATE_CREDENTIALS=json.dumps(_credentials(office_password)),
        ICEGATE_SANDBOX_ENABLED="false",
        ICPORTAL_SIGNING_SECRET_CHN=passphrase(keys_dir).decode(),
        TSA_URL=pki_url + "tsa",
        SIGNING_TRUST_ANCHORS=str(keys_dir / "dev-ca.pem"),
    )
    sandbox_env = {
        **env,
        "DATABASE_URL": sandbox_url,
        "ICEGATE_SANDBOX_ENABLED": "true",
        "ICEGATE_SANDBOX_ADMIN_KEY": secrets.token_urlsafe(16),
        "ICPORTAL_VAR_DIR": str(rh.tmp / "sandbox-var"),
        # Its own static files: the portal's manifest has no sandbox pages (its /healthz probes
        # the sandbox's front page, which answered 500 without them).
        "ICPORTAL_STATIC_ROOT": str(rh.tmp / "sandbox-static"),
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
    }
    icportal = str(BIN / "icportal")
    rh.say(f"The development PKI (OCSP, CRL, TSA) for the throwaway CA at {pki_url}")
    pki_argv = [str(BIN / "python"), "-m", "dev_pki", "serve", "--dir", str(keys_dir)]
    rh.start("pki", [*pki_argv, "--port", str(ports["pki"]), "--exit-with-parent"], env)
    rh.say("check --deploy, migrate (icportal; the sandbox's own database), collectstatic")
    rh.run_all(
        {
            "check-deploy": ([icportal, "check", "--deploy"], env),
            "migrate": ([icportal, "migrate", "--noinput"], env),
            "migrate-sandbox": ([icportal, "migrate", "--noinput"], sandbox_env),
            "collectstatic": ([icportal, "collectstatic", "--noinput"], env),
            "collectstatic-sandbox": ([icportal, "collectstatic", "--noinput"], sandbox_env),
        }
    )
    start_services(rh, env, sandbox_env, ports, cert, key)
    rh.say("createsuperuser (first head-office admin), signing_identity CHN, ICEGATE's records")
    os.environ.update(env)
    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    import world

    seed = world.sandbox_seed(office_password, office_key.cert_pem_path.read_text())
    (rh.tmp / "sandbox-seed.json").write_text(json.dumps(seed))
    admin_password = secrets.token_urlsafe(12) + "-Aa1"
    admin_env = {
        **env,
        "DJANGO_SUPERUSER_EMAIL": "head.office@rehearsal.example",
        "DJANGO_SUPERUSER_PASSWORD": admin_password,
        "DJANGO_SUPERUSER_FULL_NAME": "Meena Sundaram",
    }
    signing = [
        *(icportal, "signing_identity", "CHN", f"--pkcs12={office_key.p12_path}"),
        *(f"--certificate={office_key.cert_pem_path}", "--secret-env=ICPORTAL_SIGNING_SECRET_CHN"),
    ]
    seeding = [icportal, "sandbox_seed", "--from", str(rh.tmp / "sandbox-seed.json")]
    steps = {
        "createsuperuser": ([icportal, "createsuperuser", "--noinput"], admin_env),
        "signing-identity": (signing, env),
        "sandbox-seed": (seeding, sandbox_env),
    }
    runner = threading.Thread(target=lambda: errors.extend(_run_all(rh, steps)))
    errors: list[BaseException] = []
    runner.start()
    people = world.onboard(password=secrets.token_urlsafe(12) + "-Aa1")  # meanwhile, in here
    runner.join()
    if errors:
        raise errors[0]
    services_up(rh, ports)
    _slow_icegate(rh, ports, sandbox_env["ICEGATE_SANDBOX_ADMIN_KEY"])
    return ports, site, people, admin_password, cert


def _credentials(chennai_password: str) -> dict[str, str]:
    """A password for every office the migrations seed (check refuses an active office without
    one); only Chennai's is known to the sandbox, the only office issuing in the rehearsal."""
    import importlib

    seed = importlib.import_module("icportal.offices.migrations.0002_seed_council_offices")
    passwords = {office[3]: secrets.token_urlsafe(12) + "-Aa1" for office in seed.OFFICES}
    return {**passwords, OFFICE_ID: chennai_password}


def _run_all(rh, steps) -> list[BaseException]:
    try:
        rh.run_all(steps)
    except BaseException as exc:
        return [exc]
    return []


def _slow_icegate(rh, ports, admin_key):
    """ICEGATE answers each upload after 1.5 s (the sandbox's fault injection): a worker is then
    surely in the middle of an upload when it is killed, as on a slow day at ICEGATE."""
    response = httpx.post(
        f"http://127.0.0.1:{ports['sandbox']}/sandbox/icegate/api/admin/faults",
        headers={"X-Sandbox-Admin-Key": admin_key},
        json={"operation": "esanchit.upload", "latency_ms": 1500},
        timeout=30,
    )
    if response.status_code >= 300:
        raise Failure(f"sandbox fault injection: {response.status_code} {response.text[:200]}")


def start_services(rh, env, sandbox_env, ports, cert, key):
    icportal = str(BIN / "icportal")
    rh.say("Starting SMTP (aiosmtpd), the ICEGATE sandbox, gunicorn, nginx and two workers")
    rh.start(
        "smtp",
        [
            *(str(BIN / "aiosmtpd"), "-n", "-l", f"127.0.0.1:{ports['smtp']}"),
            *("-c", "aiosmtpd.handlers.Mailbox", str(rh.tmp / "maildir")),
        ],
        env,
    )
    rh.start(
        "sandbox",
        [icportal, "sandbox", "--host", "127.0.0.1", "--port", str(ports["sandbox"]), "--noreload"],
        sandbox_env,
    )
    argv = rh.exec_start("icportal-web.service")
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{ports['web']}"
    argv[argv.index("--workers") + 1] = str(GUNICORN_WORKERS)
    rh.start("gunicorn", argv, env)
    rh.nginx(ports["https"], ports["http"], ports["web"], cert, key)
    for n in (1, 2):
        rh.start(f"worker-{n}", rh.exec_start("icportal-worker@.service"), env)


def services_up(rh, ports):
    for name, port in (
        ("SMTP", "smtp"),
        ("sandbox", "sandbox"),
        ("gunicorn", "web"),
        ("PKI", "pki"),
    ):
        wait_for(f"{name} to listen", lambda p=ports[port]: _listening(p))
    for name, proc in rh.procs.items():
        if proc.poll() is not None and proc.returncode != 0:
            raise Failure(f"{name} exited with {proc.returncode}")


def play(rh):
    ports, site, people, admin_password, cert = set_up(rh)
    import world

    ca = str(cert)
    browsers = []

    def browser(source):
        b = Browser(site, ca, source)
        browsers.append(b)
        return b

    try:
        plain = httpx.get(f"http://127.0.0.1:{ports['http']}/accounts/login/", timeout=30)
        if plain.status_code != 301 or not plain.headers["location"].startswith("https://"):
            raise Failure(f"plain HTTP is not redirected to HTTPS: {plain.status_code}")
        member = browser(SOURCE["member"])
        wait_for(
            "the sign-in page over HTTPS", lambda: member.get("/accounts/login/").status_code == 200
        )
        rh.say(f"Journey: the member signs in, applies {ICS} times; the office issues with TOTP")
        member.signed_in(people.member_email, people.password)
        api = Api(site, ca, SOURCE["member"], member.api_token("Broker software"))
        staff = browser(SOURCE["staff"])
        staff.signed_in(people.staff_email, people.password)
        staff.second_factor_setup()
        kills = issue_with_kills(rh, api, staff, people)
        rh.say("Waiting until every IC is signed, uploaded (IRN/DRN) and its mail received")
        wait_for(
            "every IC signed, accepted by ICEGATE and mailed",
            lambda: _complete(rh, world.state()),
            every=1.0,
            progress=lambda: _progress(rh, world.state()),
        )
        problems = world.final_problems(rh.mails())
        if problems:
            raise Failure("lost or duplicated:\n  " + "\n  ".join(problems))
        pages = role_pages(rh, browser, people, admin_password, world)
        health = healthy(browser)
        proxy = behind_the_proxy(browser, people, world)
    finally:
        for b in browsers:
            b.close()
    final = world.state()
    rh.say("PASSED")
    print(
        "\n".join(
            [
                "== production rehearsal: summary",
                f"  ICs: {len(final.issued)} issued; every one signed, accepted by ICEGATE with "
                f"IRN/DRN, and its 'IC uploaded' mail received once over SMTP",
                f"  kills (SIGKILL): {kills}",
                f"  pages answering 200 over HTTPS: {pages}",
                f"  /healthz through nginx: {health}",
                f"  behind the proxy: {proxy}",
                f"  took {time.monotonic() - rh.started:.0f} s",
            ]
        ),
        flush=True,
    )


def _uploaded_mails(rh) -> int:
    return len([s for s in rh.mails() if " on e-SANCHIT: IRN " in s])


def _progress(rh, state) -> str:
    return (
        f"{len(state.issued)} issued, {state.signed} signed, {state.accepted} accepted, "
        f"{state.mails_sent} mails sent, {_uploaded_mails(rh)} received, leases: {state.leased_by}"
    )


def _complete(rh, state) -> bool:
    if state.problems:
        raise Failure("; ".join(state.problems))
    n = len(state.issued)
    return n == ICS and state.signed == n and state.accepted == n and _uploaded_mails(rh) >= n


def issue_with_kills(rh, api, staff, people) -> str:
    """The member's software applies while two officers' tabs issue; a gunicorn worker is
    SIGKILLed a third of the way, an icportal worker while it holds uploads."""
    import world

    slugs: queue.Queue = queue.Queue()
    errors: list[BaseException] = []

    def apply():
        try:
            for n in range(1, ICS + 1):
                slugs.put(
                    api.apply(epc_id=people.epc_id, eligible_item_id=people.eligible_item_id, n=n)
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            slugs.put(None)
            slugs.put(None)

    def issue():
        try:
            while (slug := slugs.get()) is not None:
                journey.staff_issue(staff, api, slug)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=apply)] + [threading.Thread(target=issue) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        wait_for(f"{ICS // 3} ICs issued", lambda: errors or len(world.state().issued) >= ICS // 3)
        if errors:
            raise errors[0]
        victim = max(rh.gunicorn_workers())
        os.kill(victim, signal.SIGKILL)
        rh.say(f"SIGKILL gunicorn worker {victim} (IC {len(world.state().issued)} of {ICS})")
        wait_for("gunicorn to replace it", lambda: len(rh.gunicorn_workers()) == 2)
        holder = wait_for(
            "a worker holding uploads while others are still to come",
            lambda: errors or _upload_holder(rh, world.state()),
            every=0.1,
        )
        if errors:
            raise errors[0]
        name, pid = holder
        os.kill(pid, signal.SIGKILL)
        held = [o for o in world.state().leased_by if o.endswith(f":{pid}")]
        rh.say(f"SIGKILL icportal {name} (pid {pid}, holding uploads: {bool(held)}); restarted")
        rh.procs[f"{name}-killed"] = rh.procs.pop(name)
        rh.start(
            name, rh.exec_start("icportal-worker@.service"), dict(os.environ)
        )  # Restart=always
    finally:
        for t in threads:
            t.join()
    if errors:
        raise errors[0]
    cut = f"requests it cut off: {', '.join(journey.CUT_OFF) or 'none'}"
    return f"killed gunicorn worker {victim} ({cut}) and {name} (pid {pid}) mid-upload"


def _upload_holder(rh, state):
    pids = {p.pid: name for name, p in rh.procs.items() if name.startswith("worker-")}
    if state.accepted >= ICS:
        raise Failure("every upload finished before a worker could be killed: raise REHEARSAL_ICS")
    for owner in state.leased_by:
        pid = int(owner.rsplit(":", 1)[1]) if owner.rsplit(":", 1)[1].isdigit() else None
        if pid in pids:
            return pids[pid], pid
    return None


def role_pages(rh, browser, people, admin_password, world) -> str:
    member = browser(SOURCE["member"])
    member.signed_in(people.member_email, people.password)
    head = browser(SOURCE["head"])
    head.signed_in("head.office@rehearsal.example", admin_password)
    head.second_factor_setup()
    staff = browser(SOURCE["staff"])
    staff.signed_in(people.staff_email, people.password)
    public = browser(SOURCE["public"])
    code = world.verification_code(world.state().issued[-1])
    checked = []
    for who, client, path in (
        ("member", member, "/ic/"),
        ("office staff", staff, "/ic/queue/"),
        ("head office", head, "/accounts/users/"),
        ("public verify", public, f"/verify/{code}"),
    ):
        response = client.get(path)
        if response.status_code != 200:
            raise Failure(f"{who} page {path}: {response.status_code}")
        checked.append(f"{who} {path}")
    rh.say("Pages of each role answer 200: " + ", ".join(checked))
    return ", ".join(checked)


def healthy(browser) -> str:
    """What the proxy and monitoring poll: every part up, both workers' heartbeats fresh."""
    probe = browser(SOURCE["public"])
    answer = {}

    def ok() -> bool:
        nonlocal answer
        response = probe.get("/healthz")
        answer = (
            response.json()
            if response.headers.get("content-type", "").startswith("application/json")
            else {"status": response.status_code}
        )
        return response.status_code == 200 and answer.get("status") == "ok"

    try:
        wait_for("/healthz to answer 200 through nginx", ok, deadline=90)
    except Failure as exc:
        raise Failure(f"{exc}; last answer: {json.dumps(answer)}") from exc
    if probe.get("/metrics").status_code != 403:
        raise Failure("/metrics is reachable through the public proxy")
    return f"200 {sorted(answer.get('checks', {}))}; /metrics refused (403)"


def behind_the_proxy(browser, people, world) -> str:
    """Lockout per account and client address; no way past the verification throttle."""
    a, b = browser(CLIENT_A), browser(CLIENT_B)
    for _ in range(5):
        a.sign_in(people.staff_email, "Wrong-Password-1")
    if world.failed_sign_ins_from(CLIENT_A) < 5:
        raise Failure(f"the audit did not record the failed sign-ins with {CLIENT_A}'s address")
    locked = a.sign_in(people.staff_email, people.password)
    if locked.status_code == 302 or "Too many wrong passwords" not in locked.text:
        raise Failure(
            f"5 wrong passwords from {CLIENT_A} did not lock it there ({locked.status_code})"
        )
    if b.sign_in(people.staff_email, people.password).status_code != 302:
        raise Failure(f"the clerk is locked out from {CLIENT_B} by wrong passwords from {CLIENT_A}")
    c = browser(CLIENT_C)
    answers = [
        c.get(
            "/api/v1/verify/NOSUCHCODE1/",
            headers={"X-Forwarded-For": str(uuid.uuid4().int % 250) + ".1.2.3"},
        ).status_code
        for _ in range(120 * GUNICORN_WORKERS + 30)
    ]
    refused = answers.count(429)
    if refused == 0:
        raise Failure("rotating X-Forwarded-For got past the verification throttle")
    if browser(CLIENT_D).get("/api/v1/verify/NOSUCHCODE1/").status_code == 429:
        raise Failure(f"another client ({CLIENT_D}) is throttled for {CLIENT_C}'s requests")
    return (
        f"lockout from {CLIENT_A} only ({CLIENT_B} signs in); forged XFF from {CLIENT_C}: "
        f"{refused} of {len(answers)} throttled, {CLIENT_D} not"
    )
