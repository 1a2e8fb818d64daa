/** PEP 503 normalised project name: lower case, every run of `-`, `_` and `.` becomes one `-`. */
export function normalizePypiName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}
