import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

describe("schemas/nuancier", () => {
  it("new: creator, thing name and id", () => {
    const s = messaging("nuancier.new", "nuancier.new", {
      agent_name: "artist",
      thing: { id: 12, name: "f42-wallpaper", url: "https://nuancier.example/12" },
    });
    assert.equal(s.text, 'artist created thing "f42-wallpaper" (12)');
    assert.equal(s.long, "New Thing: f42-wallpaper\nBy: artist\n");
    assert.equal(s.link, "https://nuancier.example/12");
    assert.deepEqual(s.usernames, ["artist"]);
    assert.equal(s.app, "nuancier");
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/nuancier.png");
  });
});
