/**
 * The few DOM helpers both webviews use. Text is only ever set with text nodes (`append(string)` /
 * `textContent`), never parsed as HTML, so a package name like `<img onerror=…>` stays text.
 */
import type { ProbeResult } from '../src/view/webviewMessages';

export interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export function vscodeApi<State>(): VsCodeApi<State> {
  return acquireVsCodeApi<State>();
}

type Child = Node | string | number | undefined | null | false;

/** `el('td', { class: 'num' }, '3')`. Attribute values are set as values, children appended as text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, ...children: Child[]): HTMLElementTagNameMap[K];
export function el(tag: string, attrs?: Record<string, string>, ...children: Child[]): HTMLElement;
export function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'number' ? String(child) : child);
  }
  return node;
}

/** Replaces the page's content. */
export function render(...nodes: Node[]): void {
  const root = document.getElementById('root');
  if (root) root.replaceChildren(...nodes);
}

/** What the page shows now, for the end-to-end tests' `probe` message. */
export function probe(): ProbeResult {
  const counts: Record<string, number> = {};
  let handlers = 0;
  // Only what this page rendered: VS Code injects its own script into the webview's document.
  const root = document.getElementById('root');
  for (const node of Array.from(root?.querySelectorAll('*') ?? [])) {
    const tag = node.tagName.toLowerCase();
    counts[tag] = (counts[tag] ?? 0) + 1;
    if (Array.from(node.attributes).some((a) => a.name.toLowerCase().startsWith('on'))) handlers++;
  }
  const text = (root?.textContent ?? '').replace(/\s+/g, ' ').trim();
  return { text, counts, handlers };
}

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const usd = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' });

export function formatCount(n: number | undefined): string {
  return n === undefined ? '—' : integer.format(n);
}

export function formatPercent(n: number | undefined): string {
  return n === undefined ? '—' : `${decimal.format(n)}%`;
}

export function formatUsd(n: number | undefined): string {
  return n === undefined ? '—' : usd.format(n);
}

export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' });
}

/** A button from @vscode-elements (keyboard-focusable, themed) that runs `onClick`. */
export function button(label: string, onClick: () => void, secondary = false): HTMLElement {
  const b = el('vscode-button', secondary ? { secondary: '' } : {}, label);
  b.addEventListener('click', onClick);
  return b;
}
