import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

const BASE = "fedora_image_uploader.published.v1";

describe("schemas/image_uploader", () => {
  // The classes indent each field of the long form with a tab; the `format` contract (DESIGN.md) allows no
  // control character but \n in `long`, so the tab reaches users as a space.
  /** What every class leaves out: no user, agent, link, package or icon. */
  function assertNoPeople(s: ReturnType<typeof messaging>): void {
    assert.equal(s.app, "fedora-image-uploader");
    assert.equal(s.icon, null);
    assert.equal(s.link, null);
    assert.equal(s.agent, null);
    assert.equal(s.avatar, null);
    assert.deepEqual(s.usernames, []);
    assert.deepEqual(s.packages, []);
    assert.equal(s.severity, 20);
  }

  it("AwsPublishedV1: counts the regions, lists each AMI", () => {
    const body = {
      architecture: "aarch64",
      compose_id: "Fedora-43-20261101.0",
      image_name: "Fedora-Cloud-Base-AmazonEC2.aarch64-43-1.1",
      regions: { "eu-central-1": "ami-0aa11", "ap-south-1": "ami-0bb22", "sa-east-1": "ami-0cc33" },
      release: 43,
      subvariant: "Cloud_Base",
    };
    const s = messaging(`${BASE}.aws`, `org.fedoraproject.prod.${BASE}.aws.ga.Cloud_Base.aarch64`, body);
    assert.equal(
      s.text,
      "fedora-image-uploader published AWS images from compose Fedora-43-20261101.0 as Fedora-Cloud-Base-AmazonEC2.aarch64-43-1.1 in 3 regions",
    );
    assert.equal(
      s.long,
      "A new image has been published to Amazon Web Services:\n\n Architecture: aarch64\n Compose ID: Fedora-43-20261101.0\n" +
        " Image Name: Fedora-Cloud-Base-AmazonEC2.aarch64-43-1.1\n Regions: eu-central-1 as ami-0aa11, ap-south-1 as ami-0bb22, sa-east-1 as ami-0cc33\n",
    );
    assertNoPeople(s);
    // The class writes "regions" whatever the count.
    assert.match(messaging(`${BASE}.aws`, `${BASE}.aws`, { ...body, regions: { "eu-central-1": "ami-0aa11" } }).text, / in 1 regions$/);
  });

  it("AzurePublishedV1: the gallery's definition and version", () => {
    const body = {
      architecture: "x86_64",
      compose_id: "Fedora-Rawhide-20261102.n.1",
      image_definition_name: "Fedora-Cloud-Rawhide-x64",
      image_version_name: "2026.11.02",
      image_resource_id: "/subscriptions/abc/resourceGroups/rg/providers/Microsoft.Compute/galleries/g1",
      regions: ["westeurope", "eastus2"],
      release: 44,
      subvariant: "Cloud_Base",
    };
    const s = messaging(`${BASE}.azure`, `${BASE}.azure.rawhide.Cloud_Base.x86_64`, body);
    assert.equal(
      s.text,
      "fedora-image-uploader published Azure image from compose Fedora-Rawhide-20261102.n.1 as version 2026.11.02 to Fedora-Cloud-Rawhide-x64",
    );
    assert.equal(
      s.long,
      "A new image has been published to the Azure image gallery:\n\n Architecture: x86_64\n Compose ID: Fedora-Rawhide-20261102.n.1\n" +
        " Image Definition Name: Fedora-Cloud-Rawhide-x64\n Image Version Name: 2026.11.02\n" +
        " Image Resource ID: /subscriptions/abc/resourceGroups/rg/providers/Microsoft.Compute/galleries/g1\n Regions: westeurope, eastus2\n",
    );
    assertNoPeople(s);
  });

  it("ContainerPublishedV1: registries, repository, tags and architectures", () => {
    const body = {
      architectures: ["x86_64", "ppc64le"],
      compose_id: "Fedora-43-20261103.0",
      registries: ["registry.example.org", "mirror.example.net"],
      release: 43,
      repository: "fedora/fedora-toolbox",
      tags: ["43", "latest"],
    };
    const s = messaging(`${BASE}.container`, `${BASE}.container.toolbox`, body);
    assert.equal(
      s.text,
      "fedora-image-uploader published container manifest from compose Fedora-43-20261103.0 to registry.example.org, mirror.example.net.",
    );
    assert.equal(
      s.long,
      "A new container manifest has been published:\n\n Compose ID: Fedora-43-20261103.0\n Registries: registry.example.org, mirror.example.net\n" +
        " Repository: fedora/fedora-toolbox\n Tags: 43, latest\n Architectures: x86_64, ppc64le\n",
    );
    assertNoPeople(s);
  });

  it("GcpPublishedV1: the image family", () => {
    const body = {
      architecture: "x86_64",
      compose_id: "Fedora-42-20261104.0",
      release: 42,
      subvariant: "Cloud_Base",
      family: "fedora-cloud-42-x86-64",
      image_name: "fedora-cloud-42-20261104-0-x86-64",
      image_url: "https://images.example.com/projects/fedora/global/images/f42",
      storage_locations: ["eu"],
    };
    const s = messaging(`${BASE}.gcp`, `${BASE}.gcp`, body);
    assert.equal(
      s.text,
      "fedora-image-uploader published the x86_64 image from compose Fedora-42-20261104.0 to the fedora-cloud-42-x86-64 family in Google Cloud Platform",
    );
    assert.equal(
      s.long,
      "A new image has been published to Google Cloud Platform:\n\n Architecture: x86_64\n Compose ID: Fedora-42-20261104.0\n" +
        " Family: fedora-cloud-42-x86-64\n Image Name: fedora-cloud-42-20261104-0-x86-64\n Image URL: https://images.example.com/projects/fedora/global/images/f42\n",
    );
    assertNoPeople(s);
  });

  it("without a schema header: found by topic when the body has the class's fields, else left to the generic line", () => {
    const body = {
      architecture: "s390x",
      compose_id: "Fedora-43-20261105.0",
      release: 43,
      subvariant: "Cloud_Base",
      family: "fedora-cloud-43-s390x",
      image_name: "f43-s390x",
      image_url: "https://images.example.com/f43-s390x",
      storage_locations: [],
    };
    const s = messaging(null, `org.fedoraproject.prod.${BASE}.gcp.ga.Cloud_Base.s390x`, body);
    assert.equal(
      s.text,
      "fedora-image-uploader published the s390x image from compose Fedora-43-20261105.0 to the fedora-cloud-43-s390x family in Google Cloud Platform",
    );
    // Bodies from before `release` and `subvariant` existed are still this class's.
    const older = messaging(null, `org.fedoraproject.prod.${BASE}.aws.Cloud_Base.43.x86_64`, {
      architecture: "x86_64",
      compose_id: "Fedora-43-20261105.0",
      image_name: "Fedora-Cloud-Base-AmazonEC2.x86_64-43-1.2",
      regions: { "us-east-1": "ami-0dd44" },
    });
    assert.equal(
      older.text,
      "fedora-image-uploader published AWS images from compose Fedora-43-20261105.0 as Fedora-Cloud-Base-AmazonEC2.x86_64-43-1.2 in 1 regions",
    );
    // A header this formatter does not know (another spelling of the schema name) still finds the class by topic.
    const renamed = messaging(`${BASE}.container.v2`, `${BASE}.container`, {
      compose_id: "Fedora-43-20261105.0",
      registries: ["registry.example.org"],
    });
    assert.equal(
      renamed.text,
      "fedora-image-uploader published container manifest from compose Fedora-43-20261105.0 to registry.example.org.",
    );
    const other = messaging(null, `org.fedoraproject.prod.${BASE}.gcp.ga`, { compose_id: "Fedora-43-20261105.0" });
    assert.notEqual(other.app, "fedora-image-uploader");
  });

  it("with the header but a body missing fields: placeholders, never Python's None or a throw", () => {
    const s = messaging(`${BASE}.azure`, `${BASE}.azure`, { compose_id: "Fedora-43-20261106.0" });
    assert.equal(s.text, "fedora-image-uploader published Azure image from compose Fedora-43-20261106.0 as version (unknown) to (unknown)");
    assert.match(s.long ?? "", / Regions: \n$/);
  });
});
