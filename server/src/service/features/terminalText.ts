/**
 * The one place where text from the network or a manifest loses what could act on a terminal or
 * a reader's eye (CONTRIBUTING.md: "stripped of control characters in the terminal"; docs/security.md):
 * whole escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, their one-byte C1 forms),
 * then every remaining C0/C1 control, DEL, line/paragraph separators and bidirectional overrides
 * (which can make a name read as another). Each becomes one space. Every renderer of such text
 * (text report, markdown report, hover card, diagnostic and inlay messages) goes through here.
 *
 * The patterns are linear: each repeated class is disjoint from what may follow it.
 */

// CSI: ESC [ or U+009B, parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E.
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?/g;
// OSC, DCS, SOS, PM, APC: ESC ] P X ^ _ (or their C1 forms) up to BEL or ST (or the end of the text).
const STRING_SEQUENCE = /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g;
// Any other two-byte escape (ESC followed by one character).
const OTHER_ESCAPE = /\u001b[\s\S]?/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with escape sequences removed and every other control character replaced by a space. */
export function stripControl(text: string): string {
  if (!/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text)) return text;
  return text.replace(STRING_SEQUENCE, ' ').replace(CSI, ' ').replace(OTHER_ESCAPE, ' ').replace(CONTROL, ' ');
}
