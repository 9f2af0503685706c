import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

describe("elections (fedmsg)", () => {
  const old = { agent: "marta", election: { alias: "f41-fesco", shortdesc: "FESCo" }, candidate: { name: "Olek" } };
  const fresh = { fas_user: "marta", alias: "f41-council", candidate: { name: "Ana" } };

  it("election.new and election.edit (both payload styles)", () => {
    const n = fedmsg("fedora_elections.election.new", fresh);
    assert.equal(n.text, 'marta created election "f41-council"');
    assert.equal(n.link, "https://admin.fedoraproject.org/voting/about/f41-council");
    assert.deepEqual(n.objects, ["f41-council/election/new"]);
    assert.deepEqual(n.usernames, ["marta"]);
    assert.equal(n.avatar, fedoraAvatar("marta"));
    assert.equal(n.icon, null);
    assert.equal(fedmsg("fedora_elections.election.edit", old).text, 'marta edited election "f41-fesco"');
  });

  it("candidate.new / edit / delete", () => {
    const n = fedmsg("fedora_elections.candidate.new", old);
    assert.equal(n.text, 'marta added candidate "Olek" to election "f41-fesco"');
    assert.equal(n.link, "https://admin.fedoraproject.org/voting/about/f41-fesco");
    assert.deepEqual(n.objects, ["f41-fesco/candidate/new"]);
    assert.equal(fedmsg("fedora_elections.candidate.edit", fresh).text, 'marta edited candidate "Ana" of election "f41-council"');
    assert.equal(fedmsg("fedora_elections.candidate.delete", fresh).text, 'marta deleted candidate "Ana" of election "f41-council"');
  });
});
