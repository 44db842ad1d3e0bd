"""Settings: one msgspec Struct. Precedence: CLI flags > ORDERSIM_* environment > defaults.

Every setting is declared once in OPTIONS (flag, env var, meaning, what is allowed, parser), so
`serve --help`, the validation and its messages cannot disagree. `from_sources` checks every value
before anything starts and raises SettingsError with one line per problem, each naming the flag or
variable, the bad value and what is allowed."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import NamedTuple

import msgspec

CLOCK_MODES = ("realtime", "scaled", "manual")
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


class Settings(msgspec.Struct, kw_only=True):
    host: str = "127.0.0.1"
    port: int = 8080  # 0 = any free port (the banner prints the one it got)
    seed: int | None = None
    clock: str = "realtime"  # realtime | scaled | manual
    speed: float = 1.0  # simulated seconds per wall second when clock == scaled
    fixtures: str | None = None  # a JSON file or a directory of *.json
    # Loaded only when the path exists: the container image's /fixtures volume, absent when nothing
    # is mounted. `fixtures` wins over it; a path that exists is loaded as strictly as `fixtures`.
    fixtures_if_present: str | None = None
    body_limit: int = 1_048_576  # bytes; larger bodies get the vendor's 413
    journal_size: int = 10_000
    webhook_timeout: float = 5.0  # seconds per delivery attempt
    rate_limit: bool = True  # vendor rate limits (e.g. Onfleet 20 req/s); switchable at run time
    log_level: str = "warning"
    public_url: str | None = None  # the base URL clients reach us at, when not http://host:port (a proxy, a port
    # mapping): a webhook URL on it names this server (an Onfleet registration of our own sink skips the check)
    state: str | None = None  # a state file: loaded at start when it exists, written on shutdown and every interval
    state_interval: float = 5.0  # seconds between writes of the state file (only when something changed)
    control_token: str | None = None  # when set, every /_sim route but health needs Authorization: Bearer <it>
    max_tenants: int = 10_000  # tenants holding something; one more answers the vendor's 507
    max_orders: int = 1_000_000  # stored orders per tenant; one more answers the vendor's 507
    max_deliveries: int = 10_000  # webhook deliveries kept per tenant (oldest finished dropped first)
    header_timeout: float = 10.0  # seconds for a whole request head, from connecting (slowloris): 408
    body_timeout: float = 30.0  # seconds for a declared body, from the end of its head: the vendor's 408
    max_header_bytes: int = 65_536  # a request head larger than this: 431
    max_headers: int = 100  # more header fields than this: 431

    def fixtures_to_load(self) -> str | None:
        """`fixtures` (it must exist), else `fixtures_if_present` when that path exists, else none.
        The image's /fixtures exists only when a volume is mounted; an empty mount is still an error."""
        if self.fixtures:
            return self.fixtures
        if self.fixtures_if_present and os.path.exists(self.fixtures_if_present):
            return self.fixtures_if_present
        return None


ENV_PREFIX = "ORDERSIM_"


class SettingsError(Exception):
    """One or more bad settings; `problems` holds one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# -- parsers: text (from the command line or the environment) -> value, ValueError if not allowed --
def _int(text: str) -> int:
    return int(text.strip())


def _port(text: str) -> int:
    port = _int(text)
    if not 0 <= port <= 65535:
        raise ValueError
    return port


def _positive_int(text: str) -> int:
    value = _int(text)
    if value <= 0:
        raise ValueError
    return value


def _positive_float(text: str) -> float:
    value = float(text.strip())
    if not value > 0 or value == float("inf"):
        raise ValueError
    return value


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in choices:
            raise ValueError
        return value
    return parse


def _text(text: str) -> str:
    if not text.strip():
        raise ValueError
    return text.strip()


def _secret(text: str) -> str:
    """A token sent in an HTTP header: printable ASCII, no spaces."""
    value = text.strip()
    if not value or not all(33 <= ord(c) <= 126 for c in value):
        raise ValueError
    return value


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError


class Option(NamedTuple):
    field: str  # the Settings field
    flag: str | None  # the `serve` flag, None if only the environment sets it
    meaning: str
    allowed: str  # what is allowed, as the error message says it
    parse: Callable[[str], object]
    metavar: str | None = None

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.field.upper()


OPTIONS: tuple[Option, ...] = (
    Option("host", "--host", "address to listen on (0.0.0.0 for every interface)", "a host name or IP address",
           _text, "ADDR"),
    Option("port", "--port", "port to listen on; 0 picks a free one (the banner says which)",
           "an integer from 1 to 65535, or 0 for any free port", _port, "N"),
    Option("seed", "--seed", "fix ids, generated values and random outcomes (unset: random)", "an integer",
           _int, "N"),
    Option("clock", "--clock", "default clock of every tenant: realtime, scaled (see --speed) or manual "
           "(moves only on /_sim/clock/advance)", "one of " + ", ".join(CLOCK_MODES), _one_of(CLOCK_MODES), "MODE"),
    Option("speed", "--speed", "simulated seconds per wall second on a scaled clock", "a number greater than 0",
           _positive_float, "X"),
    Option("fixtures", "--fixtures", "a fixtures JSON file or a directory of *.json (validated at start)",
           "a file or directory path", _text, "PATH"),
    Option("fixtures_if_present", "--fixtures-if-present", "fixtures loaded only when PATH exists, as strictly as "
           "--fixtures (the container image sets /fixtures: a volume that may not be mounted); --fixtures wins",
           "a file or directory path", _text, "PATH"),
    Option("body_limit", "--body-limit", "largest request body in bytes; larger ones get the vendor's 413",
           "an integer greater than 0", _positive_int, "BYTES"),
    Option("journal_size", "--journal-size", "how many requests /_sim/requests keeps (oldest dropped first)",
           "an integer greater than 0", _positive_int, "N"),
    Option("webhook_timeout", "--webhook-timeout", "seconds to wait for a webhook receiver per attempt",
           "a number greater than 0", _positive_float, "SECONDS"),
    Option("rate_limit", None, "vendor rate limits (Onfleet's 20 req/s); --no-rate-limit turns them off",
           "true or false (also 1/0, yes/no, on/off)", _bool),
    Option("log_level", "--log-level", "server log level", "one of " + ", ".join(LOG_LEVELS),
           _one_of(LOG_LEVELS), "LEVEL"),
    Option("state", "--state", "keep the simulator's state in this file: loaded at start when it exists, written "
           "atomically on shutdown and every --state-interval seconds when something changed (docs/snapshots.md)",
           "a file path", _text, "PATH"),
    Option("state_interval", "--state-interval", "seconds between writes of the --state file",
           "a number greater than 0", _positive_float, "SECONDS"),
    Option("public_url", None, "base URL the server is reached at, when not http://host:port",
           "a URL", _text),
    Option("max_tenants", "--max-tenants", "most tenants holding something (orders, tokens, sessions, webhooks); "
           "a new one beyond it gets the vendor's 507", "an integer greater than 0", _positive_int, "N"),
    Option("max_orders", "--max-orders", "most orders stored per tenant, all vendors together; one more gets "
           "the vendor's 507", "an integer greater than 0", _positive_int, "N"),
    Option("max_deliveries", "--max-deliveries", "webhook deliveries kept per tenant in /_sim/webhooks; beyond "
           "it the oldest delivered or failed ones are dropped (pending ones never)", "an integer greater than 0",
           _positive_int, "N"),
    Option("header_timeout", "--header-timeout", "seconds a client has to send a whole request head (from "
           "connecting, or from its previous answer after keep-alive's idle time); then 408 and closed",
           "a number greater than 0", _positive_float, "SECONDS"),
    Option("body_timeout", "--body-timeout", "seconds a client has to send the body its head declared; then "
           "the vendor's 408 and closed", "a number greater than 0", _positive_float, "SECONDS"),
    Option("max_header_bytes", "--max-header-bytes", "largest request head (request line and headers) in bytes; "
           "larger gets 431 and is closed", "an integer greater than 0", _positive_int, "BYTES"),
    Option("max_headers", "--max-headers", "most header fields in one request; more gets 431 and is closed",
           "an integer greater than 0", _positive_int, "N"),
    Option("control_token", "--control-token", "lock the control plane: every /_sim route but /_sim/health "
           "then needs 'Authorization: Bearer TOKEN' (prefer the variable: a flag shows in ps)",
           "printable ASCII without spaces", _secret, "TOKEN"),
)
OPTION_BY_FIELD = {option.field: option for option in OPTIONS}


def default_of(field: str) -> object:
    return getattr(Settings(), field)


def from_sources(cli: Mapping[str, object] | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Merge env then CLI values over the defaults; every value is checked, all problems reported at once.
    CLI values may be text (as argparse gives them) or already-typed values (e.g. from a test)."""
    env = os.environ if env is None else env
    values: dict[str, object] = {}
    problems: list[str] = []
    for option in OPTIONS:
        source, raw = _pick(option, cli or {}, env)
        if source is None:
            continue
        if not isinstance(raw, str):
            values[option.field] = raw
            continue
        try:
            values[option.field] = option.parse(raw)
        except ValueError:
            problems.append(f"{source}: {raw!r} is not allowed; expected {option.allowed}")
    if problems:
        raise SettingsError(problems)
    try:
        return msgspec.convert(values, Settings)
    except msgspec.ValidationError as exc:  # a typed value of the wrong type, from code rather than a user
        raise SettingsError([str(exc)]) from None


def _pick(option: Option, cli: Mapping[str, object], env: Mapping[str, str]) -> tuple[str | None, object]:
    """(how the user set it, raw value): the flag if given, else the env var if set and not empty."""
    value = cli.get(option.field)
    if value is not None:
        return (option.flag or f"--{option.field.replace('_', '-')}"), value
    text = env.get(option.env)
    if text is not None and text != "":
        return option.env, text
    return None, None
