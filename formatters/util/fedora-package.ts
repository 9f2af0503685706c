/** Package names and package icons the way Fedora's fedmsg.meta formatters derive them. */

/**
 * The package name of an NVR (`name-version-release`): everything before the
 * last two dashes, like Python's `nvr.rsplit('-', 2)[0]`. A string with fewer
 * dashes is cut at the first one (`foo-1` -> `foo`) or kept whole (`foo`).
 */
export function nvrName(nvr: string): string {
  const last = nvr.lastIndexOf("-");
  if (last < 0) return nvr;
  const prev = nvr.lastIndexOf("-", last - 1);
  return prev < 0 ? nvr.slice(0, last) : nvr.slice(0, prev);
}

/** The icon fedmsg.meta shows for a package (the old Fedora Packages app). */
export function packageIconUrl(pkg: string): string {
  return `https://apps.fedoraproject.org/packages/images/icons/${pkg}.png`;
}
