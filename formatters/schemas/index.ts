/** Every fedora-messaging-era formatter (the schema packages' wording). One file per schema package. */
import type { ServiceDef } from "../define.js";
import anitya from "./anitya.js";
import bodhi from "./bodhi.js";
import bugzilla2fedmsg from "./bugzilla2fedmsg.js";
import copr from "./copr.js";
import fedocal from "./fedocal.js";
import gitHook from "./git_hook.js";
import hotness from "./hotness.js";
import planet from "./planet.js";
import ansible from "./ansible.js";
import fmn from "./fmn.js";
import journal from "./journal.js";
import kerneltest from "./kerneltest.js";
import koji from "./koji.js";
import koschei from "./koschei.js";
import maubot from "./maubot.js";
import mediawiki from "./mediawiki.js";
import meetbot from "./meetbot.js";
import mirrormanager from "./mirrormanager.js";
import noggin from "./noggin.js";
import nuancier from "./nuancier.js";
import pagure from "./pagure.js";
import badges from "./badges.js";
import imageUploader from "./image_uploader.js";
import mailman from "./mailman.js";
import waiverdb from "./waiverdb.js";
import weblate from "./weblate.js";
import webhook from "./webhook.js";

export const ALL_SCHEMAS: readonly ServiceDef[] = [
  anitya,
  bodhi,
  bugzilla2fedmsg,
  copr,
  fedocal,
  gitHook,
  hotness,
  planet,
  ansible,
  fmn,
  journal,
  kerneltest,
  koji,
  koschei,
  maubot,
  mediawiki,
  meetbot,
  mirrormanager,
  noggin,
  nuancier,
  pagure,
  badges,
  imageUploader,
  mailman,
  waiverdb,
  weblate,
  // Also owns `discourse.event.v1` (handler in discourse.ts): the relay replaced discourse2fedmsg.
  webhook,
];
