/**
 * fedora-image-uploader-messages: Fedora's cloud images and containers
 * published to AWS, Azure, Google Cloud and container registries.
 *
 * The classes name no user, package, link or icon; the application's name
 * opens every summary. Real topics carry more segments after the class's own
 * (`fedora_image_uploader.published.v1.gcp.rc.Cloud_Base.aarch64`), hence the
 * `.**` topic patterns.
 *
 * Schema names: `...v1.aws` and `...v1.gcp` are seen on the bus; `...v1.azure`
 * and `...v1.container` follow the same rule (the class's own topic). Should
 * either header differ, its messages still arrive on the class's topic and
 * are found by it.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import type { Payload } from "../payload.js";
import { shaped } from "../util/schema-guard.js";

const APP = "fedora-image-uploader";
const UNKNOWN = "(unknown)";

/** A field as the classes print it, or a placeholder where the payload lacks it (Python would raise). */
function field(b: Payload, path: string): string {
  return b.text(path) ?? UNKNOWN;
}

/** `', '.join(...)` of a list of strings. */
function joined(b: Payload, path: string): string {
  return b.strs(path).join(", ");
}

/** The "key: value" block under a heading, one tab-indented line per field, as the classes' long forms read. */
function block(heading: string, lines: readonly (readonly [string, string])[]): string {
  return `${heading}:\n\n${lines.map(([k, v]) => `\t${k}: ${v}\n`).join("")}`;
}

function result(text: string, long: string): Result {
  return { text, long, link: null, agent: null, usernames: [], packages: [] };
}

function aws(ctx: Ctx): Result {
  const b = ctx.body;
  // An AMI per region: the summary counts the regions, the long form lists "region as ami-id".
  const regions = b.entries("regions").map(([region, ami]) => `${region} as ${ami.text() ?? UNKNOWN}`);
  const count = b.isArray("regions") ? b.list("regions").length : regions.length;
  return result(
    `${APP} published AWS images from compose ${field(b, "compose_id")} as ${field(b, "image_name")} in ${count} regions`,
    block("A new image has been published to Amazon Web Services", [
      ["Architecture", field(b, "architecture")],
      ["Compose ID", field(b, "compose_id")],
      ["Image Name", field(b, "image_name")],
      ["Regions", regions.join(", ")],
    ]),
  );
}

function azure(ctx: Ctx): Result {
  const b = ctx.body;
  return result(
    `${APP} published Azure image from compose ${field(b, "compose_id")} as version ${field(b, "image_version_name")} to ${field(b, "image_definition_name")}`,
    block("A new image has been published to the Azure image gallery", [
      ["Architecture", field(b, "architecture")],
      ["Compose ID", field(b, "compose_id")],
      ["Image Definition Name", field(b, "image_definition_name")],
      ["Image Version Name", field(b, "image_version_name")],
      ["Image Resource ID", field(b, "image_resource_id")],
      ["Regions", joined(b, "regions")],
    ]),
  );
}

function container(ctx: Ctx): Result {
  const b = ctx.body;
  return result(
    `${APP} published container manifest from compose ${field(b, "compose_id")} to ${joined(b, "registries")}.`,
    block("A new container manifest has been published", [
      ["Compose ID", field(b, "compose_id")],
      ["Registries", joined(b, "registries")],
      ["Repository", field(b, "repository")],
      ["Tags", joined(b, "tags")],
      ["Architectures", joined(b, "architectures")],
    ]),
  );
}

function gcp(ctx: Ctx): Result {
  const b = ctx.body;
  return result(
    `${APP} published the ${field(b, "architecture")} image from compose ${field(b, "compose_id")} to the ${field(b, "family")} family in Google Cloud Platform`,
    block("A new image has been published to Google Cloud Platform", [
      ["Architecture", field(b, "architecture")],
      ["Compose ID", field(b, "compose_id")],
      ["Family", field(b, "family")],
      ["Image Name", field(b, "image_name")],
      ["Image URL", field(b, "image_url")],
    ]),
  );
}

const BASE = "fedora_image_uploader.published.v1";

// Without a schema header, a topic match is trusted only with the fields the summary names: not the whole of
// each class's required list, since bodies published before `release` and `subvariant` were added lack them.

export default defineService({
  name: "fedora_image_uploader",
  era: "fedora-messaging",
  app: APP,
  icon: null,
  schemas: {
    [`${BASE}.aws`]: {
      topics: [`${BASE}.aws.**`],
      handler: shaped(["compose_id", "image_name", "regions"], aws),
    },
    [`${BASE}.azure`]: {
      topics: [`${BASE}.azure.**`],
      handler: shaped(["compose_id", "image_definition_name", "image_version_name"], azure),
    },
    [`${BASE}.container`]: {
      topics: [`${BASE}.container.**`],
      handler: shaped(["compose_id", "registries"], container),
    },
    [`${BASE}.gcp`]: {
      topics: [`${BASE}.gcp.**`],
      handler: shaped(["architecture", "compose_id", "family"], gcp),
    },
  },
});
