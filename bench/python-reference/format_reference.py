"""Fedora's own Python formatters, timed on the bench corpora (bench/format.ts runs this).

Not part of the project: it imports fedmsg.meta (with fedmsg_meta_fedora_infrastructure) and
the fedora-messaging schema packages from a folder that bench/python-reference/prepare.sh
fills, and prints one JSON object on stdout. Usage:

    python3 format_reference.py SECONDS FEDMSG_META_CORPUS FEDORA_MESSAGING_CORPUS

Each era is timed in two ways:

- fedmsg.meta, "api": its public msg2<field> functions, one call per field, each finding the
  message's processor again, as datagrepper and the old IRC bot call them; "lean": the
  processor is found once per message and passed to every msg2<field>, the least work the
  library allows for the same fields.
- fedora-messaging, "api": the message's schema class (the one the corpus names: two packages
  register one schema name) is constructed, and its properties are read; "receipt": the same with the
  JSON-schema validation that the consumer API runs on every message it receives.

The fields are those of the project's Summary: title, subtitle, link, icon, secondary icon,
usernames, packages, objects, agent and long form (fedmsg.meta); str(), summary, url,
usernames, packages, agent_name, app_icon, agent_avatar, groups, severity and app_name
(fedora-messaging). A message whose formatter raises, or wants the network (it is refused
here), is left out of both sides and listed by its line number (0-based). "matches" counts the
messages whose subtitle (fedmsg.meta) or summary (fedora-messaging) equals the corpus's
recorded text: a check that the layout works, not part of the timing.
"""

import importlib
import json
import logging
import socket
import sys
import time
import warnings

warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)


def refuse(*_args, **_kwargs):
    raise OSError("the network is refused in the bench")


# Some processors look things up on the web (GitHub, Bodhi, meeting logs): never in a timing.
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse


def read_cases(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip() and not line.startswith("#")]


def per_cpu_second(fn, items, seconds):
    for item in items:  # one pass to fill caches, as the JS side warms up
        fn(item)
    n = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for item in items:
            fn(item)
        n += len(items)
    return n / (time.process_time() - start)


def fedmsg_meta_era(path, seconds):
    import fedmsg.meta as meta

    config = {
        "topic_prefix": "org.fedoraproject",
        "topic_prefix_re": r"^org\.fedoraproject\.(dev|stg|prod)",
    }
    meta.make_processors(**config)
    fields = [getattr(meta, "msg2" + f) for f in (
        "title", "subtitle", "link", "icon", "secondary_icon",
        "usernames", "packages", "objects", "agent", "long_form")]

    def api(msg):
        return [f(msg, **config) for f in fields]

    def lean(msg):
        processor = meta.msg2processor(msg, **config)
        return [f(msg, processor=processor, **config) for f in fields]

    cases = read_cases(path)
    kept, left_out, matches = [], {}, 0
    for line, case in enumerate(cases):
        try:
            api(case["msg"])
            subtitle = lean(case["msg"])[1]
            kept.append(line)
            matches += subtitle == case.get("reference", {}).get("subtitle")
        except Exception as error:  # noqa: BLE001 - reported, and left out of both sides
            left_out[line] = type(error).__name__
    msgs = [cases[i]["msg"] for i in kept]
    return {
        "processors": len(meta.processors),
        "kept": kept,
        "leftOut": left_out,
        "matches": matches,
        "rates": {"api": per_cpu_second(api, msgs, seconds), "lean": per_cpu_second(lean, msgs, seconds)},
    }


def fedora_messaging_era(path, seconds):
    from fedora_messaging import message as fm

    def properties(m):
        return (str(m), m.summary, m.url, m.usernames, m.packages, m.agent_name, m.app_icon,
                m.agent_avatar, m.groups, m.severity, m.app_name)

    classes = {}

    def api(case):
        return properties(classes[case["schema_class"]](body=case["body"], topic=case["topic"]))

    def receipt(case):
        m = classes[case["schema_class"]](body=case["body"], topic=case["topic"])
        m.validate()
        return properties(m)

    cases = read_cases(path)
    kept, left_out, matches = [], {}, 0
    for line, case in enumerate(cases):
        try:
            module, name = case["schema_class"].split(":")
            classes[case["schema_class"]] = getattr(importlib.import_module(module), name)
            summary = api(case)[1]
            receipt(case)
            kept.append(line)
            matches += summary == case.get("expected", {}).get("summary")
        except Exception as error:  # noqa: BLE001 - reported, and left out of both sides
            left_out[line] = type(error).__name__
    items = [cases[i] for i in kept]
    return {
        "kept": kept,
        "leftOut": left_out,
        "matches": matches,
        "rates": {"api": per_cpu_second(api, items, seconds), "receipt": per_cpu_second(receipt, items, seconds)},
    }


def main():
    seconds = float(sys.argv[1])
    result = {
        "python": sys.version.split()[0],
        "fedmsgMeta": fedmsg_meta_era(sys.argv[2], seconds),
        "fedoraMessaging": fedora_messaging_era(sys.argv[3], seconds),
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
