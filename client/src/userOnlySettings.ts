/**
 * Settings that a workspace must not decide (docs/security.md, "What a manifest may not decide"):
 * `sigma.allowedIndexHosts` says where a manifest's own index may be asked, so only the user's (or the
 * machine's) value counts. package.json declares it `machine`-scoped, which VS Code already keeps out
 * of workspace settings; this is the second lock: every `workspace/configuration` answer the server
 * gets carries the user-level value, whatever a workspace or folder wrote.
 */

export const USER_ONLY_KEYS = ['allowedIndexHosts'] as const;

/** What `WorkspaceConfiguration.inspect()` reports, reduced to the parts read here. */
export interface InspectedSetting {
  defaultValue?: unknown;
  globalValue?: unknown;
}

/** The value a user-only setting takes: the user's, else the default; never a workspace's. */
export function userLevelValue(inspected: InspectedSetting | undefined): unknown {
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/**
 * Rewrites the answers to a `workspace/configuration` request: for each item asking for the `sigma`
 * section (or one of these keys directly), the user-only keys get `userValue(key)`.
 */
export function withUserOnlySettings(items: ReadonlyArray<{ section?: string }>, answers: unknown[], userValue: (key: string) => unknown): unknown[] {
  return answers.map((answer, i) => {
    const section = items[i]?.section;
    if (section === 'sigma' && typeof answer === 'object' && answer !== null && !Array.isArray(answer)) {
      const copy: Record<string, unknown> = { ...(answer as Record<string, unknown>) };
      for (const key of USER_ONLY_KEYS) copy[key] = userValue(key);
      return copy;
    }
    const direct = USER_ONLY_KEYS.find((key) => section === `sigma.${key}`);
    return direct ? userValue(direct) : answer;
  });
}
