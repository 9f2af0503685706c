import { strict as assert } from "node:assert";
import { parseConfig } from "../../config/load.js";
import { consoleSinkSchema } from "../../config/schema.js";
import { IRC_DEFAULT_TEMPLATE } from "../../formatters/render/irc.js";

// The defaults as documented (README "Configuration", config/example.yaml), written out here rather
// than read from the schema: each default is owned by its field, and these literals check that what
// a parse gives for an empty config, an empty entry and a bare channel name is still what they say.
const NO_FILTERS = {
  include: [],
  exclude: [],
  include_regex: [],
  exclude_regex: [],
  users: { allow: [], deny: [] },
  packages: { allow: [], deny: [] },
};
const LIMIT = { burst: 4, rate: 1, queue_max: 100 };
const FLOW = {
  max_behind_s: 60,
  hold_max: 200_000,
  priority: [],
  late_after_s: 120,
  stats_interval_s: 0,
  unavailable_after_s: 600,
  datagrepper_url: "https://apps.fedoraproject.org/datagrepper",
};

describe("config/schema: defaults", () => {
  it("an empty config", () => {
    assert.deepEqual(parseConfig({}), {
      environment: "prod",
      topic_prefix: "org.fedoraproject",
      endpoints: {},
      zmq: {
        subscribe: [""],
        reconnect_ms: 1000,
        reconnect_max_ms: 30_000,
        heartbeat_interval_ms: 10_000,
        heartbeat_timeout_ms: 30_000,
        tcp_keepalive: true,
        tcp_keepalive_idle_s: 60,
        rcvhwm: 10_000,
        max_message_bytes: 4 * 1024 * 1024,
      },
      verify: { validate_signatures: false, routing_policy: {}, routing_nitpicky: false },
      dedupe_size: 10_000,
      user_map: {},
      irc: [],
      mastodon: [],
      matrix: [],
      web: {
        listen: "127.0.0.1:8080",
        filters: NO_FILTERS,
        backlog: 50,
        recent_max: 1000,
        max_clients: 100,
        client_buffer_bytes: 256 * 1024,
        client_stall_max_ms: 30_000,
        heartbeat_ms: 15_000,
        image_origins: [],
      },
      redis: null,
      log: { level: "info" },
      metrics_listen: null,
      stats_interval_s: 300,
      shutdown_deadline_ms: 10_000,
    });
  });

  it("the demo's console sink: an empty entry, and filters given only in part", () => {
    assert.deepEqual(consoleSinkSchema.parse({}), { style: "plain", filters: NO_FILTERS, limit: LIMIT, flow: FLOW });
    assert.deepEqual(consoleSinkSchema.parse({ filters: { users: { allow: ["ada"] } } }).filters, {
      ...NO_FILTERS,
      users: { allow: ["ada"], deny: [] },
    });
  });

  it("a `console:` key is refused as unknown (no command would read it)", () => {
    assert.throws(() => parseConfig({ console: [{}] }), /console/);
    assert.throws(() => parseConfig({ console: [] }), /console/);
  });

  it("an IRC channel given by name alone is the same as one given as {name}", () => {
    const [irc] = parseConfig({ irc: [{ network: "irc.example", nickname: "bot", channels: ["#a", { name: "#b" }] }] }).irc;
    const expected = { filters: NO_FILTERS, colors: true, template: IRC_DEFAULT_TEMPLATE, notice: false };
    assert.deepEqual(irc?.channels[0], { name: "#a", ...expected });
    assert.deepEqual(irc.channels[1], { name: "#b", ...expected });
    assert.deepEqual(irc.limit, LIMIT);
    assert.deepEqual(irc.flow, FLOW);
  });

  it("each parse gets its own default objects (no shared mutable default)", () => {
    const a = parseConfig({});
    const b = parseConfig({});
    assert.notEqual(a.zmq, b.zmq);
    assert.notEqual(a.zmq.subscribe, b.zmq.subscribe);
  });
});

describe("config/schema: bounds", () => {
  it("statistics intervals stop at a week (a timer past 24.8 days fires every millisecond)", () => {
    assert.throws(() => parseConfig({ stats_interval_s: 30 * 86400 }), /stats_interval_s/);
    const irc = (flow: Record<string, unknown>) => ({ irc: [{ network: "irc.example", nickname: "bot", channels: ["#a"], flow }] });
    assert.throws(() => parseConfig(irc({ stats_interval_s: 30 * 86400 })), /stats_interval_s/);
    assert.equal(parseConfig(irc({ stats_interval_s: 7 * 86400 })).irc[0]?.flow.stats_interval_s, 7 * 86400);
    assert.throws(() => consoleSinkSchema.parse({ flow: { stats_interval_s: 30 * 86400 } }), /stats_interval_s/);
  });
});
