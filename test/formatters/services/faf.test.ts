import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

// Python artifacts we deliberately do not reproduce (fedmsg.meta's FAF processor):
// - a missing count read "has reached None occurrences", and missing fields of the
//   long form read "None"; here the count is "its occurrence threshold" and such
//   long-form lines are left out.

describe("faf (fedmsg era)", () => {
  const report = {
    components: ["gnome-shell", "mutter"],
    count: 1000,
    first_occurrence: "2019-11-02",
    function: "meta_window_get_frame",
    level: 3,
    maintainers: ["shelldev"],
    report_id: 88,
    type: "core",
    url: "https://retrace.example.org/faf/reports/88/",
  };

  it("report thresholds", () => {
    const s = fedmsg("faf.report.threshold3", report);
    assert.equal(s.text, "ABRT report for package gnome-shell, mutter has reached 1000 occurrences");
    assert.equal(s.link, "https://retrace.example.org/faf/reports/88/");
    assert.deepEqual(s.packages, ["gnome-shell", "mutter"]);
    assert.deepEqual(s.usernames, ["shelldev"]);
    assert.equal(s.icon, "https://apps.fedoraproject.org/packages/images/icons/abrt.png");
    assert.equal(s.avatar, "https://apps.fedoraproject.org/packages/images/icons/gnome-shell.png");
    assert.equal(
      s.long,
      "Packages: gnome-shell, mutter\nFunction: meta_window_get_frame\nFirst occurrence: 2019-11-02\n" +
        "Type:     core\nCount:    1000\nURL:      https://retrace.example.org/faf/reports/88/\n",
    );
  });

  it("problem thresholds", () => {
    const s = fedmsg("faf.problem.threshold2", { ...report, components: ["glibc"], count: 10, problem_id: 3 });
    assert.equal(s.text, "ABRT problem for package glibc has reached 10 occurrences");
  });

  it("missing fields are left out, not written as None", () => {
    const s = fedmsg("faf.report.threshold1", { components: ["bash"] });
    assert.equal(s.text, "ABRT report for package bash has reached its occurrence threshold");
    assert.equal(s.long, "Packages: bash\n");
    assert.equal(s.link, null);
  });
});
