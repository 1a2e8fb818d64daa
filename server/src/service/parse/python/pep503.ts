/** PEP 503 normalised project name: lower case, every run of `-`, `_` and `.` becomes one `-`. */
export function normalizePypiName(name: string): string {
  // Most names are already normalised (lockfiles write them so): nothing to build for those.
  if (NORMALISED.test(name)) return name;
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

const NORMALISED = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
