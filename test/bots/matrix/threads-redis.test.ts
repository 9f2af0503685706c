import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { RedisThreadStore } from "../../../bots/matrix/threads.js";

describe("matrix thread roots in Redis @integration", () => {
  const prefix = `fedmsg-echo-test:${randomBytes(6).toString("hex")}:`;
  let redis: Redis;
  before(() => {
    redis = new Redis("redis://127.0.0.1:6379", { lazyConnect: false, maxRetriesPerRequest: 1 });
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("is shared by two stores (two replicas), expires after the TTL, and keeps payload keys out of Redis key names", async () => {
    const a = new RedisThreadStore(redis, 300, prefix);
    const b = new RedisThreadStore(redis, 300, prefix);
    await a.set("!room:x", "org.fedoraproject.prod|bodhi|FEDORA-2026-1 *", { root: "$root", last: "$last" });
    assert.deepEqual(await b.get("!room:x", "org.fedoraproject.prod|bodhi|FEDORA-2026-1 *"), { root: "$root", last: "$last" });
    assert.equal(await b.get("!other:x", "org.fedoraproject.prod|bodhi|FEDORA-2026-1 *"), undefined, "per room");
    const keys = await redis.keys(`${prefix}*`);
    assert.equal(keys.length, 1);
    assert.match(keys[0] ?? "", /:[0-9a-f]{64}$/);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(await a.get("!room:x", "org.fedoraproject.prod|bodhi|FEDORA-2026-1 *"), undefined);
  });

  it("reads a value it cannot parse as no thread", async () => {
    const s = new RedisThreadStore(redis, 10_000, prefix);
    await s.set("!r:x", "k", { root: "$1", last: "$2" });
    const [key] = await redis.keys(`${prefix}*`);
    await redis.set(key ?? "", "not json");
    assert.equal(await s.get("!r:x", "k"), undefined);
  });
});
