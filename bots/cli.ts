#!/usr/bin/env node
/**
 * The `fedmsg-echo` command: irc, mastodon, matrix, web, tail, format, replay, check-config, demo.
 * Exit status: 0 success, 1 a config or runtime error (printed), 2 a usage error.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { StartError } from "../config/errors.js";

// Each command's module (and the configuration loader) is imported when that command runs, not
// here: a bot then loads only its own transport and libraries (a `tail` no AMQP client, replay
// engine, Redis client or demo), which is memory it holds, idle, for as long as it runs.
const config = () => import("../config/load.js");

const USAGE = `usage: fedmsg-echo <command> [options]

commands:
  irc            run the IRC echo bot            [--config PATH]
  mastodon       run the Mastodon firehose bot   [--config PATH]
  matrix         run the Matrix firehose bot     [--config PATH]
  web            serve the live bus page         [--config PATH] [--listen HOST:PORT]
  tail           print the bus, one line per message
                 [--config PATH] [--endpoint ADDR]... [--topic GLOB]... [--json]
  format         JSON Lines of messages on stdin -> JSON summaries on stdout   [--user-map FILE]
  replay FILE    publish a JSON Lines file on a ZeroMQ PUB socket
                 --bind ADDR [--rate N] [--loop] [--wait-subscribers N] [--delay MS]
  verify         JSON Lines of fedmsg envelopes on stdin -> {"valid", "reason"} lines on stdout
                 --ca FILE [--crl FILE] [--routing-policy FILE] [--nitpicky]
  check-config   print the effective config (secrets redacted), or the errors   [--config PATH]
  demo           replay sample messages into console bots (no server needed)   [--rate N]
  healthcheck    ask the running bot's metrics_listen: /healthz, or /readyz with --ready
                 [--config PATH] [--ready] [--tcp HOST:PORT]
  import-fedmsg-config DIR   an old fedmsg.d directory -> fedmsg-echo YAML on stdout   [--out FILE]

--config takes a file or a directory of *.yaml/*.yml/*.json (merged in file-name order);
its default is $FEDMSG_ECHO_CONFIG.`;

const LISTEN = /^(\[[^\]]+\]|[^:\s]+):\d{1,5}$/;

class UsageError extends Error {
  override readonly name = "UsageError";
}

function args<T extends ParseArgsConfig["options"]>(argv: string[], options: T, positionals = 0) {
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: positionals > 0, strict: true });
    if (r.positionals.length > positionals) throw new UsageError(`unexpected argument: ${r.positionals[positionals] ?? ""}`);
    return r;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message, { cause: err });
  }
}

function number(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} must be a number >= 0, got ${JSON.stringify(v)}`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "irc":
    case "mastodon":
    case "matrix": {
      const { values } = args(rest, { config: { type: "string" } });
      const { loadConfig, resolveConfigPath } = await config();
      const { runService } = await import("./service.js");
      return runService(cmd, loadConfig(resolveConfigPath(values.config)).config);
    }
    case "web": {
      const { values } = args(rest, { config: { type: "string" }, listen: { type: "string" } });
      const { loadConfig, resolveConfigPath } = await config();
      const loaded = loadConfig(resolveConfigPath(values.config)).config;
      if (values.listen !== undefined && !LISTEN.test(values.listen))
        throw new UsageError(`--listen must be HOST:PORT, got ${JSON.stringify(values.listen)}`);
      const { runService } = await import("./service.js");
      return runService("web", values.listen === undefined ? loaded : { ...loaded, web: { ...loaded.web, listen: values.listen } });
    }
    case "tail": {
      const { values } = args(rest, {
        config: { type: "string" },
        endpoint: { type: "string", multiple: true },
        topic: { type: "string", multiple: true },
        json: { type: "boolean" },
      });
      const { loadConfig, resolveConfigPath } = await config();
      const loaded = loadConfig(resolveConfigPath(values.config)).config;
      const { NoSourceError, runTail } = await import("./tail.js");
      try {
        return await runTail({ config: loaded, endpoints: values.endpoint ?? [], topics: values.topic ?? [], json: values.json ?? false });
      } catch (err) {
        // Nothing to subscribe to is a usage problem: printed with the usage, exit status 2.
        if (err instanceof NoSourceError) throw new UsageError(err.message, { cause: err });
        throw err;
      }
    }
    case "format": {
      const { values } = args(rest, { "user-map": { type: "string" } });
      const { readUserMap, runFormat } = await import("./format-cmd.js");
      const userMap = values["user-map"] ? readUserMap(values["user-map"]) : {};
      await runFormat(process.stdin, process.stdout, { userMap });
      return 0;
    }
    case "replay": {
      const { values, positionals } = args(
        rest,
        {
          bind: { type: "string" },
          rate: { type: "string" },
          loop: { type: "boolean" },
          "wait-subscribers": { type: "string" },
          delay: { type: "string" },
        },
        1,
      );
      const file = positionals[0];
      if (!file) throw new UsageError("replay needs a FILE");
      if (!values.bind) throw new UsageError("replay needs --bind ADDR (e.g. tcp://127.0.0.1:9940)");
      const { replay } = await import("./replay.js");
      const ac = new AbortController();
      process.once("SIGINT", () => ac.abort());
      process.once("SIGTERM", () => ac.abort());
      const n = await replay({
        file,
        bind: values.bind,
        rate: number(values.rate, "--rate", 0),
        loop: values.loop ?? false,
        waitSubscribers: number(values["wait-subscribers"], "--wait-subscribers", 0),
        delayMs: number(values.delay, "--delay", 500),
        signal: ac.signal,
        onBound: (e) => process.stderr.write(`replay: publishing on ${e}\n`),
      });
      process.stderr.write(`replay: published ${n} messages\n`);
      return 0;
    }
    case "verify": {
      const { values } = args(rest, {
        ca: { type: "string" },
        crl: { type: "string" },
        "routing-policy": { type: "string" },
        nitpicky: { type: "boolean" },
      });
      if (!values.ca) throw new UsageError("verify needs --ca FILE (the PEM CA that issues the publishers' certificates)");
      const { runVerify } = await import("./verify-cmd.js");
      await runVerify(process.stdin, process.stdout, {
        ca: values.ca,
        crl: values.crl,
        routingPolicy: values["routing-policy"],
        nitpicky: values.nitpicky ?? false,
      });
      return 0;
    }
    case "check-config": {
      const { values } = args(rest, { config: { type: "string" } });
      const { loadConfig, redactConfig, resolveConfigPath } = await config();
      const { stringify: toYaml } = await import("yaml");
      const path = resolveConfigPath(values.config);
      const loaded = loadConfig(path);
      process.stdout.write(
        `# effective config${loaded.files.length ? ` from ${loaded.files.join(", ")}` : " (defaults only)"}; secrets redacted\n`,
      );
      process.stdout.write(toYaml(redactConfig(loaded.config)));
      return 0;
    }
    case "demo": {
      const { values } = args(rest, { rate: { type: "string" } });
      const { runDemo } = await import("./demo.js");
      return runDemo({ rate: number(values.rate, "--rate", 20) });
    }
    case "healthcheck": {
      const { values } = args(rest, { config: { type: "string" }, ready: { type: "boolean" }, tcp: { type: "string" } });
      const { resolveConfigPath } = await config();
      const { runHealthcheck } = await import("./healthcheck.js");
      return runHealthcheck({ configPath: resolveConfigPath(values.config), ready: values.ready ?? false, tcp: values.tcp });
    }
    case "import-fedmsg-config": {
      const { values, positionals } = args(rest, { out: { type: "string" } }, 1);
      if (!positionals[0]) throw new UsageError("import-fedmsg-config needs the fedmsg.d directory");
      const { runImportFedmsgConfig } = await import("./import-fedmsg/command.js");
      return runImportFedmsgConfig(positionals[0], values.out);
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return cmd === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(cmd)}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof StartError) {
      // A config problem, or a start that cannot succeed (refused TLS or credentials, an unreadable file).
      process.stderr.write(`fedmsg-echo: ${err.heading}:\n${err.message.replace(/^/gm, "  ")}\n`);
      process.exitCode = err.exitCode;
    } else if (err instanceof UsageError) {
      process.stderr.write(`fedmsg-echo: ${err.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`fedmsg-echo: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
