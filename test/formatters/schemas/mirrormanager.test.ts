import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

// The v2 host long form spells "Bandwitdh" as the schema package does (kept);
// a null bandwidth, printed "None" by the reference, reads "unknown" here.
describe("schemas/mirrormanager", () => {
  const host = { id: 7, name: "mirror.example.net", country: "DE", bandwidth: 1000, asn: 64500, url: "https://mm.example/host/7" };
  const site = { id: 3, name: "Example Uni", org_url: "https://uni.example", admins: ["siteadmin"] };

  it("host v2 added/deleted/updated: host, site, agent; admins concerned; host page link", () => {
    const body = { agent: "mmuser", host, site };
    const added = messaging("mirrormanager.host.added.v2", "mirrormanager.host.added.v2", body);
    assert.equal(added.text, "Host mirror.example.net has been added to site Example Uni by mmuser");
    assert.equal(added.long, "Host name: mirror.example.net\nCountry: DE\nBandwitdh: 1000\nSite: Example Uni\n");
    assert.equal(added.link, "https://mm.example/host/7");
    assert.deepEqual(added.usernames, ["mmuser", "siteadmin"]);
    assert.equal(added.agent, "mmuser");
    assert.equal(added.app, "MirrorManager");
    assert.equal(
      messaging("mirrormanager.host.deleted.v2", "mirrormanager.host.deleted.v2", body).text,
      "Host mirror.example.net has been deleted from site Example Uni by mmuser",
    );
    const updated = messaging("mirrormanager.host.updated.v2", "mirrormanager.host.updated.v2", {
      ...body,
      host: { ...host, bandwidth: null },
    });
    assert.equal(updated.text, "Host mirror.example.net in site Example Uni has been updated by mmuser");
    assert.equal(updated.long, "Host name: mirror.example.net\nCountry: DE\nBandwitdh: unknown\nSite: Example Uni\n");
  });

  it("host v1 added/deleted/updated: only the site id", () => {
    const body = { site_id: 11, host_id: 5, bandwidth: 10, asn: null };
    assert.equal(messaging("mirrormanager.host.added.v1", "mirrormanager.host.added", body).text, "Host on site 11 has been added");
    assert.equal(messaging("mirrormanager.host.deleted.v1", "mirrormanager.host.deleted", body).text, "Host on site 11 has been deleted");
    const s = messaging("mirrormanager.host.updated.v1", "mirrormanager.host.updated", body);
    assert.equal(s.text, "Host on site 11 has been updated");
    assert.deepEqual(s.usernames, []);
    assert.equal(s.link, null);
  });

  it("crawler.host.disabled: reason and crawl details in the long form", () => {
    const body = { host, site, crawled_at: "2025-06-01T02:00:00+00:00", logs_url: "https://mm.example/logs/7", reason: "Not up to date" };
    const s = messaging("mirrormanager.crawler.host.disabled.v1", "mirrormanager.crawler.host.disabled.v1", body);
    assert.equal(s.text, "Host mirror.example.net has been disabled by MirrorManager's crawler");
    assert.equal(
      s.long,
      "Not up to date\n\nThe host was crawled at 2025-06-01T02:00:00+00:00.\nThe crawl log can be found at https://mm.example/logs/7\n" +
        "The host's page in MirrorManager can be found at https://mm.example/host/7\n",
    );
    assert.equal(s.agent, null);
    assert.deepEqual(s.usernames, ["siteadmin"]);
  });

  it("site.deleted v1 and v2", () => {
    const v1 = messaging("mirrormanager.site.deleted.v1", "mirrormanager.site.deleted", {
      site_id: 3,
      site_name: "Example Uni",
      org_url: null,
    });
    assert.equal(v1.text, "Site Example Uni (3) has been deleted");
    const v2 = messaging("mirrormanager.site.deleted.v2", "mirrormanager.site.deleted.v2", { agent: "mmuser", site });
    assert.equal(v2.text, "Site Example Uni (3) has been deleted by mmuser");
    assert.equal(v2.long, "Site Example Uni (3) has been deleted by mmuser\nOrg URL: https://uni.example");
    assert.deepEqual(v2.usernames, ["mmuser"]);
  });
});
