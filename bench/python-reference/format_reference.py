"""Fedora's own Python formatters, timed on the bench corpora (bench/format.ts runs this).

Not part of the project: it imports fedmsg.meta (with fedmsg_meta_fedora_infrastructure) and
the fedora-messaging schema packages from a folder that bench/python-reference/prepare.py
fills, and prints one JSON object on stdout. Usage:

    python3 format_reference.py SECONDS FEDMSG_META_CORPUS FEDORA_MESSAGING_CORPUS

Each era is timed in two ways:

- fedmsg.meta, "api": its public msg2<field> functions, one call per field, each finding the
  message's processor again (fedmsg's IRC bot calls three of them so, datagrepper one per field
  asked for); "lean": the processor is found once per message and passed to every msg2<field>,
  the least work the library allows for the same fields.
- fedora-messaging, "api": the message's schema class (the one the corpus names: two packages
  register one schema name) is constructed with the message's AMQP properties, as the consumer
  API's get_message does, and its properties are read; "receipt": the same with the JSON-schema
  validation that get_message runs on every message it receives.

The three mixes the bench reports (fedmsg.meta mode, then fedora-messaging mode) are timed
directly, one pass over both eras' messages at a time, as the bench times format().

The fields are those of the project's Summary: title, subtitle, link, icon, secondary icon,
usernames, packages, objects, agent and long form (fedmsg.meta); str(), summary, url,
usernames, packages, agent_name, app_icon, agent_avatar, groups, severity and app_name
(fedora-messaging). A message whose formatter raises, or tries the network (it is refused
here, and a formatter may catch the refusal), is left out of both sides and listed by its
case number (0-based). "matches" counts the messages whose subtitle (fedmsg.meta) or
summary (fedora-messaging) equals the corpus's recorded text: a check that the layout works,
not part of the timing.
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


class Network:
    """Every connection is refused; `tried` tells that a formatter asked for one."""

    tried = False

    @classmethod
    def refuse(cls, *_args, **_kwargs):
        cls.tried = True
        raise OSError("the network is refused in the bench")


# Some processors look things up on the web (GitHub, Bodhi, meeting logs): never in a timing.
socket.socket.connect = Network.refuse
socket.create_connection = Network.refuse
socket.getaddrinfo = Network.refuse


def read_cases(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip() and not line.startswith("#")]


def keep(cases, check):
    """The line numbers of the cases that `check` formats without error or network, and why the others are left out."""
    kept, left_out, matches = [], {}, 0
    for line, case in enumerate(cases):
        Network.tried = False
        try:
            matches += check(case)
        except Exception as error:  # noqa: BLE001 - reported, and left out of both sides
            left_out[line] = type(error).__name__
            continue
        if Network.tried:
            left_out[line] = "network"
        else:
            kept.append(line)
    return kept, left_out, matches


def per_cpu_second(passes, seconds):
    """Messages per CPU-second of `passes`: (function, items) pairs, run in turn as one pass."""
    count = sum(len(items) for _fn, items in passes)
    for fn, items in passes:  # one pass to fill caches, as the JS side warms up
        for item in items:
            fn(item)
    n = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for fn, items in passes:
            for item in items:
                fn(item)
        n += count
    return n / (time.process_time() - start)


def fedmsg_meta_era(path):
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

    def check(case):
        api(case["msg"])
        return lean(case["msg"])[1] == case.get("reference", {}).get("subtitle")

    cases = read_cases(path)
    kept, left_out, matches = keep(cases, check)
    info = {"processors": len(meta.processors), "kept": kept, "leftOut": left_out, "matches": matches}
    return info, [cases[i]["msg"] for i in kept], {"api": api, "lean": lean}


def fedora_messaging_era(path):
    from fedora_messaging import message as fm

    def properties(m):
        return (str(m), m.summary, m.url, m.usernames, m.packages, m.agent_name, m.app_icon,
                m.agent_avatar, m.groups, m.severity, m.app_name)

    def receive(case):
        return case["class"](body=case["body"], topic=case["topic"], properties=case["properties"],
                             severity=case["properties"].headers.get("fedora_messaging_severity"))

    def api(case):
        return properties(receive(case))

    def receipt(case):
        m = receive(case)
        m.validate()
        return properties(m)

    def check(case):
        module, name = case["schema_class"].split(":")
        case["class"] = getattr(importlib.import_module(module), name)
        # The AMQP properties a consumer receives with the message (as the publisher built them).
        case["properties"] = case["class"](body=case["body"], topic=case["topic"])._properties
        summary = api(case)[1]
        receipt(case)
        return summary == case.get("expected", {}).get("summary")

    cases = read_cases(path)
    kept, left_out, matches = keep(cases, check)
    info = {"kept": kept, "leftOut": left_out, "matches": matches}
    return info, [cases[i] for i in kept], {"api": api, "receipt": receipt}


def main():
    seconds = float(sys.argv[1])
    meta_info, meta_items, meta_modes = fedmsg_meta_era(sys.argv[2])
    fm_info, fm_items, fm_modes = fedora_messaging_era(sys.argv[3])
    meta_info["rates"] = {mode: per_cpu_second([(fn, meta_items)], seconds) for mode, fn in meta_modes.items()}
    fm_info["rates"] = {mode: per_cpu_second([(fn, fm_items)], seconds) for mode, fn in fm_modes.items()}
    mixes = {"asCalled": ("api", "api"), "lean": ("lean", "api"), "onReceipt": ("api", "receipt")}
    mixed = {name: per_cpu_second([(meta_modes[a], meta_items), (fm_modes[b], fm_items)], seconds)
             for name, (a, b) in mixes.items()}
    json.dump({"python": sys.version.split()[0], "fedmsgMeta": meta_info, "fedoraMessaging": fm_info,
               "mixed": mixed}, sys.stdout)


if __name__ == "__main__":
    main()
