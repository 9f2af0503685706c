import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

describe("nuancier (fedmsg)", () => {
  const election = { id: 12, name: "Fedora 41", year: 2024 };
  const candidate = { name: "Sunrise", submitter: "olek", original_url: "https://example.org/sunrise.png" };

  it("election.new and election.update link to the election", () => {
    const n = fedmsg("nuancier.election.new", { agent: "marta", election });
    assert.equal(n.text, 'marta created a new election "Fedora 41"');
    assert.equal(n.link, "https://apps.fedoraproject.org/nuancier/election/12");
    assert.deepEqual(n.objects, ["2024/Fedora 41/election/new"]);
    assert.equal(n.icon, "https://apps.fedoraproject.org/img/icons/nuancier.png");
    const u = fedmsg("nuancier.election.update", { agent: "marta", election, updated: ["election end date"] });
    assert.equal(u.text, 'marta changed the following details on the "Fedora 41" election: election end date');
  });

  it("candidate.new", () => {
    const s = fedmsg("nuancier.candidate.new", { agent: "olek", election, candidate: { name: "Dusk", submitter: "olek" } });
    assert.equal(s.text, 'olek uploaded a new candidate for the "Fedora 41" wallpaper election');
    assert.equal(s.link, "https://apps.fedoraproject.org/nuancier/candidate/12");
    assert.deepEqual(s.objects, ["2024/Fedora 41/Dusk/candidate/new"]);
  });

  it("candidate.approved and candidate.denied link to the wallpaper", () => {
    const a = fedmsg("nuancier.candidate.approved", { agent: "marta", election, candidate });
    assert.equal(a.text, `marta approved olek's "Sunrise" submission to the "Fedora 41" wallpaper election`);
    assert.equal(a.link, "https://example.org/sunrise.png");
    assert.deepEqual(a.usernames, ["marta", "olek"]);
    assert.equal(a.avatar, fedoraAvatar("marta"));
    assert.equal(a.agent, "marta");
    const d = fedmsg("nuancier.candidate.denied", { agent: "marta", election, candidate });
    assert.equal(d.text, `marta denied olek's "Sunrise" submission to the "Fedora 41" wallpaper election`);
  });
});
