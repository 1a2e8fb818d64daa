/** "1 dependency", "2 dependencies": a count with its noun, so report lines read as English. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
