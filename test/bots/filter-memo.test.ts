/**
 * The topic filter remembers its verdicts by topic (speed, issue 13). A remembered verdict must be
 * the one matching gives, every time, for globs and regexes, and a hostile long topic is matched
 * each time without being remembered.
 */
import { strict as assert } from "node:assert";
import { Filter } from "../../bots/filter.js";
import { filtersSchema } from "../../config/common.js";

describe("Filter.acceptsTopic with remembered verdicts", () => {
  const filter = new Filter(
    filtersSchema.parse({
      include: ["org.fedoraproject.*.buildsys.**", "**.bodhi.update.*"],
      exclude: ["**.buildsys.repo.*"],
      exclude_regex: ["\\.task\\."],
    }),
  );
  const cases: [string, boolean][] = [
    ["org.fedoraproject.prod.buildsys.build.state.change", true],
    ["org.fedoraproject.prod.buildsys.repo.done", false],
    ["org.fedoraproject.prod.buildsys.task.state.change", false],
    ["org.fedoraproject.stg.bodhi.update.comment", true],
    ["org.fedoraproject.prod.bodhi.update.status.testing", false],
    ["org.fedoraproject.prod.copr.build.end", false],
  ];

  it("gives the same verdict the first time and when it is remembered", () => {
    for (let round = 0; round < 3; round++) {
      for (const [topic, want] of cases) assert.equal(filter.acceptsTopic(topic), want, `${topic} (round ${round})`);
    }
  });

  it("matches a topic too long to remember, each time", () => {
    const long = `org.fedoraproject.prod.buildsys.${"x.".repeat(300)}end`;
    const longTask = `org.fedoraproject.prod.buildsys.${"x.".repeat(300)}task.end`;
    for (let round = 0; round < 2; round++) {
      assert.equal(filter.acceptsTopic(long), true);
      assert.equal(filter.acceptsTopic(longTask), false);
    }
  });
});
