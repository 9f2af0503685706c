import { strict as assert } from "node:assert";
import { artifactKey } from "../../../bots/matrix/artifact.js";
import { MemoryThreadStore } from "../../../bots/matrix/threads.js";
import { decodeMessage } from "../../../formatters/index.js";
import { MatrixDouble, type StoredEvent } from "./double.js";
import { bodhiUpdate, buildSink, kojiBuild, pagurePr, summary, Tickets, until } from "./helpers.js";

function relation(
  e: StoredEvent | undefined,
): { rel_type?: string; event_id?: string; is_falling_back?: boolean; "m.in_reply_to"?: { event_id: string } } | undefined {
  return e?.content["m.relates_to"] as ReturnType<typeof relation>;
}

describe("matrix threads by artifact", () => {
  describe("artifact keys", () => {
    it("names one Bodhi update, one Koji build NVR, one Pagure pull request; nothing else", () => {
      assert.equal(artifactKey(bodhiUpdate("FEDORA-2026-0a1b2c", "request.testing")), "org.fedoraproject.prod|bodhi|FEDORA-2026-0a1b2c");
      assert.equal(artifactKey(bodhiUpdate("FEDORA-2026-0a1b2c", "comment", {})), "org.fedoraproject.prod|bodhi|FEDORA-2026-0a1b2c");
      assert.equal(artifactKey(kojiBuild("nano", "1.fc45")), "org.fedoraproject.prod|koji|primary|nano-1.0-1.fc45");
      assert.equal(artifactKey(pagurePr("fedora-infra/ansible", 42, "comment.added")), "io.pagure.prod|pagure|fedora-infra/ansible|42");
      const fas = decodeMessage({ topic: "org.fedoraproject.prod.fas.user.create", msg: { user: "x" }, msg_id: "2026-1" });
      assert.equal(artifactKey(fas), null);
      const noNvr = decodeMessage({ topic: "org.fedoraproject.prod.buildsys.build.state.change", msg: { name: "x" }, msg_id: "2026-2" });
      assert.equal(artifactKey(noNvr), null);
      const stg = decodeMessage({
        topic: "org.fedoraproject.stg.bodhi.update.comment",
        msg: { comment: { update_alias: "FEDORA-2026-0a1b2c" } },
        msg_id: "2026-3",
      });
      assert.equal(artifactKey(stg), "org.fedoraproject.stg|bodhi|FEDORA-2026-0a1b2c", "staging never joins production's thread");
    });

    it("the in-process store forgets after its TTL and keeps a bounded number of entries", async () => {
      let now = 0;
      const store = new MemoryThreadStore(1000, () => now, 3);
      await store.set("!r", "a", { root: "$1", last: "$1" });
      now = 999;
      assert.deepEqual(await store.get("!r", "a"), { root: "$1", last: "$1" });
      now = 1000;
      assert.equal(await store.get("!r", "a"), undefined);
      for (const k of ["b", "c", "d", "e"]) await store.set("!r", k, { root: k, last: k });
      assert.equal(store.size(), 3);
      assert.equal(await store.get("!r", "b"), undefined, "the least recently used went first");
    });
  });

  describe("through the double @integration", () => {
    let double: MatrixDouble;
    beforeEach(async () => {
      double = await new MatrixDouble({ rateLimit: null }).start();
    });
    afterEach(async () => {
      await double.close();
    });

    it("groups a Bodhi update's life, a Koji build and a Pagure PR into one thread each, rooted at the first message", async () => {
      const threaded = double.createRoom();
      const flat = double.createRoom();
      const tickets = new Tickets();
      const { sink } = buildSink(double.url, [{ room: threaded, thread_by: "artifact" }, flat], {
        limit: { burst: 20, rate: 1000, queue_max: 50 },
      });
      await sink.start();
      const msgs = [
        bodhiUpdate("FEDORA-2026-aaaa", "request.testing"),
        kojiBuild("nano", "1.fc45", 0),
        bodhiUpdate("FEDORA-2026-bbbb", "request.testing"),
        bodhiUpdate("FEDORA-2026-aaaa", "comment"),
        pagurePr("fedora-infra/ansible", 7, "new"),
        kojiBuild("nano", "1.fc45", 1),
        bodhiUpdate("FEDORA-2026-aaaa", "request.stable"),
        pagurePr("fedora-infra/ansible", 7, "closed"),
        decodeMessage({ topic: "org.fedoraproject.prod.fas.user.create", msg: { user: "newbie", agent: "newbie" }, msg_id: "2026-fas" }),
      ];
      msgs.forEach((m, i) => sink.offer(m, summary(`m${i}`), tickets.make()));
      await until(() => double.events.length === msgs.length * 2, "every event in both rooms");
      await sink.stop(1000);
      assert.equal(tickets.count("sent"), msgs.length, "one ticket per message, settled once both rooms sent");
      const ev = double.eventsIn(threaded);
      const byText = (i: number): StoredEvent | undefined =>
        ev.find((e) => String(e.content.body).includes(`m${i} `) || String(e.content.body).endsWith(`m${i}`));
      const roots = { a: byText(0), koji: byText(1), b: byText(2), pr: byText(4) };
      for (const r of Object.values(roots)) assert.equal(relation(r), undefined, "a root is a plain event");
      assert.deepEqual(relation(byText(3)), {
        rel_type: "m.thread",
        event_id: roots.a?.event_id,
        is_falling_back: true,
        "m.in_reply_to": { event_id: roots.a?.event_id },
      });
      assert.equal(relation(byText(6))?.event_id, roots.a?.event_id);
      assert.equal(
        relation(byText(6))?.["m.in_reply_to"]?.event_id,
        byText(3)?.event_id,
        "the reply fallback names the thread's latest event",
      );
      assert.equal(relation(byText(5))?.event_id, roots.koji?.event_id);
      assert.equal(relation(byText(7))?.event_id, roots.pr?.event_id);
      assert.equal(relation(byText(8)), undefined, "a message about no artifact stays top level");
      assert.ok(
        double.eventsIn(flat).every((e) => relation(e) === undefined),
        "thread_by is off by default",
      );
    });
  });
});
