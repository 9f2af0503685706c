/** Every fedmsg-era service formatter (Fedora's fedmsg.meta wording). One file per service. */
import type { ServiceDef } from "../define.js";
import anitya from "./anitya.js";
import announce from "./announce.js";
import ansible from "./ansible.js";
import askbot from "./askbot.js";
import autocloud from "./autocloud.js";
import badges from "./badges.js";
import bodhi from "./bodhi.js";
import buildsys from "./buildsys.js";
import bz from "./bz.js";
import centosCi from "./centos_ci.js";
import compose from "./compose.js";
import compose2 from "./compose2.js";
import coprs from "./coprs.js";
import datanommer from "./datanommer.js";
import elections from "./elections.js";
import faf from "./faf.js";
import fas from "./fas.js";
import fedimg from "./fedimg.js";
import fedocal from "./fedocal.js";
import fmn from "./fmn.js";
import github from "./github.js";
import greenwave from "./greenwave.js";
import hotness from "./hotness.js";
import infragit from "./infragit.js";
import jenkins from "./jenkins.js";
import karma from "./karma.js";
import kerneltest from "./kerneltest.js";
import koschei from "./koschei.js";
import logger from "./logger.js";
import mailman3 from "./mailman3.js";
import mbs from "./mbs.js";
import mdapi from "./mdapi.js";
import mediawiki from "./mediawiki.js";
import mm2 from "./mm2.js";
import nagios from "./nagios.js";
import nuancier from "./nuancier.js";
import odcs from "./odcs.js";
import openqa from "./openqa.js";
import pagure from "./pagure.js";
import pdc from "./pdc.js";
import pkgdb from "./pkgdb.js";
import planet from "./planet.js";
import rats from "./rats.js";
import releng from "./releng.js";
import scm from "./scm.js";
import summershum from "./summershum.js";
import supybot from "./supybot.js";
import tagger from "./tagger.js";
import taskotron from "./taskotron.js";
import trac from "./trac.js";
import waiverdb from "./waiverdb.js";
import zanata from "./zanata.js";

export const ALL_SERVICES: readonly ServiceDef[] = [
  anitya,
  announce,
  ansible,
  askbot,
  autocloud,
  badges,
  bodhi,
  buildsys,
  bz,
  centosCi,
  compose,
  compose2,
  coprs,
  datanommer,
  elections,
  faf,
  fas,
  fedimg,
  fedocal,
  fmn,
  github,
  greenwave,
  hotness,
  infragit,
  jenkins,
  karma,
  kerneltest,
  koschei,
  logger,
  mailman3,
  mbs,
  mdapi,
  mediawiki,
  mm2,
  nagios,
  nuancier,
  odcs,
  openqa,
  pagure,
  pdc,
  pkgdb,
  planet,
  rats,
  releng,
  scm,
  summershum,
  supybot,
  tagger,
  taskotron,
  trac,
  waiverdb,
  zanata,
];
