/**
 * Text for Slack's mrkdwn (message `text`, ephemeral replies, slash-command answers, mrkdwn blocks).
 * Slack reads `<!channel>`, `<@U123>` and `<https://evil|innocent>` in any of them, so every value
 * from outside — job names, company names, e-mail addresses, error messages that quote input — is
 * escaped (&, <, >, as Slack documents). A `SlackText` can only be built by the `mrkdwn` template,
 * `slackLink` or `joinText`, and the Slack API wrapper only accepts `SlackText`, so the compiler
 * finds a forgotten escape.
 */
export class SlackText {
  private constructor(readonly value: string) {}
  /** Only for this module's builders. */
  static of(escaped: string): SlackText {
    return new SlackText(escaped);
  }
  toString(): string {
    return this.value;
  }
}

/** Escape text for mrkdwn (&, <, >), as Slack asks. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

type Value = string | number | SlackText | null | undefined;

const piece = (v: Value): string => (v instanceof SlackText ? v.value : v === null || v === undefined ? '' : esc(String(v)));

/** Tagged template: the literal parts are ours (mrkdwn), every interpolated value is escaped unless it is a SlackText. */
export function mrkdwn(strings: TemplateStringsArray, ...values: Value[]): SlackText {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += piece(v) + strings[i + 1]!;
  });
  return SlackText.of(out);
}

/** A link we made (review page); the label is escaped, and `|`/`>` cannot end up in the URL part. */
export function slackLink(url: string, label: string): SlackText {
  return SlackText.of(`<${url.replace(/[<>|]/g, encodeURIComponent)}|${esc(label)}>`);
}

export function joinText(parts: Value[], sep: string): SlackText {
  return SlackText.of(parts.map(piece).join(esc(sep)));
}

/** Cut to `max` characters without splitting an entity such as `&amp;`. */
export function truncateText(t: SlackText, max: number): SlackText {
  const chars = [...t.value];
  if (chars.length <= max) return t;
  const cut = chars.slice(0, Math.max(0, max - 1)).join('').replace(/&[a-z]{0,3}$/, '');
  return SlackText.of(cut + '…');
}
