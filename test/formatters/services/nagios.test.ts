import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - a null `service` read "None is down on <host>"; here "some service".
 */

const ICON = "https://apps.fedoraproject.org/img/icons/nagios-logo.png";
const STATUS = "https://admin.fedoraproject.org/nagios/cgi-bin/status.cgi?navbarsearch=1&host=";

describe("nagios (fedmsg)", () => {
  it("host.state.change", () => {
    const s = fedmsg("nagios.host.state.change", {
      host: "proxy11.fedoraproject.org",
      state: "WARNING",
      type: "PROBLEM",
      host_ack_author: "",
      service_ack_author: "",
    });
    assert.equal(s.text, "proxy11.fedoraproject.org is having problems");
    assert.equal(s.link, `${STATUS}proxy11.fedoraproject.org`);
    assert.deepEqual(s.objects, ["proxy11.fedoraproject.org/state"]);
    assert.equal(s.avatar, ICON);
    assert.equal(s.icon, ICON);
    assert.deepEqual(s.usernames, []);
  });

  it("service.state.change with output", () => {
    const s = fedmsg("nagios.service.state.change", {
      host: "db01.example",
      service: "postgres",
      state: "OK",
      type: "RECOVERY",
      output: "OK: 3 connections",
      host_ack_author: "",
      service_ack_author: "",
    });
    assert.equal(s.text, 'postgres is back up on db01.example: "OK: 3 connections"');
    assert.deepEqual(s.objects, ["db01.example/postgres"]);
  });

  it("acknowledgements name the acknowledging account", () => {
    const s = fedmsg("nagios.service.state.change", {
      host: "db01.example",
      service: "disk",
      state: "CRITICAL",
      type: "ACKNOWLEDGEMENT",
      host_ack_author: "",
      service_ack_author: "https://marta.id.fedoraproject.org/",
    });
    assert.equal(s.text, "marta acknowledged that disk is down on db01.example");
    assert.deepEqual(s.usernames, ["marta"]);
    assert.equal(s.avatar, fedoraAvatar("marta"));
    assert.equal(
      fedmsg("nagios.host.state.change", { host: "h", state: "UNKNOWN", type: "ACKNOWLEDGEMENT" }).text,
      "somebody acknowledged that h is in an unknown state",
    );
  });

  it("Python artifact: a null service is 'some service'", () => {
    const s = fedmsg("nagios.service.state.change", { host: "h", service: null, state: "CRITICAL", type: "PROBLEM" });
    assert.equal(s.text, "some service is down on h");
  });
});
