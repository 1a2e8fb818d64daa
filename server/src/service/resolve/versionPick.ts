/** A picker's answer: the version the package manager would install, or why there is none. */
export type VersionPick = { version: string } | { version: null; reason: string };
