import { strict as assert } from "node:assert";
import { filtersSchema } from "../../config/common.js";
import { Filter } from "../../bots/filter.js";
import { compileGlob, type Summary } from "../../formatters/index.js";
import { summary } from "../helpers/builders.js";

const filter = (cfg: unknown) => new Filter(filtersSchema.parse(cfg));
const involving = (usernames: string[], packages: string[]): Summary => summary({ usernames, packages });

describe("topic globs", () => {
  it("`*` matches exactly one segment", () => {
    const g = compileGlob("org.fedoraproject.*.buildsys.build.state.change");
    assert.ok(g.match("org.fedoraproject.prod.buildsys.build.state.change"));
    assert.equal(g.match("org.fedoraproject.buildsys.build.state.change"), undefined);
    assert.equal(g.match("org.fedoraproject.prod.stg.buildsys.build.state.change"), undefined);
  });

  it("`**` matches any number of segments, zero included", () => {
    const g = compileGlob("org.fedoraproject.**.comment");
    assert.ok(g.match("org.fedoraproject.prod.bodhi.update.comment"));
    assert.ok(g.match("org.fedoraproject.comment"));
    assert.equal(g.match("org.fedoraproject.prod.bodhi.update.comment.edit"), undefined);
    assert.deepEqual(compileGlob("**.bodhi.*").match("org.fedoraproject.prod.bodhi.update"), ["org.fedoraproject.prod", "update"]);
  });

  it("a pattern without wildcards is an exact match, not a prefix", () => {
    assert.equal(compileGlob("org.fedoraproject.prod.git").match("org.fedoraproject.prod.git.receive"), undefined);
  });
});

describe("sink filters", () => {
  it("takes everything when empty", () => {
    const f = filter({});
    assert.ok(f.acceptsTopic("io.pagure.prod.pagure.issue.new"));
    assert.ok(f.acceptsSummary(involving([], [])));
  });

  it("include globs restrict, exclude globs win over include", () => {
    const f = filter({ include: ["org.fedoraproject.*.bodhi.**"], exclude: ["**.bodhi.update.comment"] });
    assert.ok(f.acceptsTopic("org.fedoraproject.prod.bodhi.update.request.stable"));
    assert.ok(!f.acceptsTopic("org.fedoraproject.prod.bodhi.update.comment"));
    assert.ok(!f.acceptsTopic("org.fedoraproject.prod.buildsys.tag"));
  });

  it("regular expressions include and exclude too", () => {
    const f = filter({ include_regex: ["\\.(stg|prod)\\.buildsys\\."], exclude_regex: ["\\.rpm\\.sign$"] });
    assert.ok(f.acceptsTopic("org.fedoraproject.prod.buildsys.build.state.change"));
    assert.ok(!f.acceptsTopic("org.fedoraproject.prod.buildsys.rpm.sign"));
    assert.ok(!f.acceptsTopic("org.fedoraproject.dev.buildsys.tag"));
  });

  it("an include glob or an include regex is enough", () => {
    const f = filter({ include: ["**.git.receive"], include_regex: ["anitya"] });
    assert.ok(f.acceptsTopic("org.fedoraproject.prod.git.receive"));
    assert.ok(f.acceptsTopic("org.release-monitoring.prod.anitya.project.add"));
    assert.ok(!f.acceptsTopic("org.fedoraproject.prod.fas.user.create"));
  });

  it("user and package allow lists need one match; deny lists veto", () => {
    const f = filter({ users: { allow: ["alice", "bob"], deny: ["mallory"] }, packages: { deny: ["kernel"] } });
    assert.ok(f.acceptsSummary(involving(["carol", "bob"], ["nano"])));
    assert.ok(!f.acceptsSummary(involving(["carol"], ["nano"])));
    assert.ok(!f.acceptsSummary(involving(["alice", "mallory"], [])));
    assert.ok(!f.acceptsSummary(involving(["alice"], ["nano", "kernel"])));
    const p = filter({ packages: { allow: ["nano"] } });
    assert.ok(p.acceptsSummary(involving([], ["nano"])));
    assert.ok(!p.acceptsSummary(involving(["alice"], [])));
  });
});
